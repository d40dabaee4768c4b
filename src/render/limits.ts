/**
 * Discord's limits (../shared/notes/discord-limits.md). A reply that breaks one is rejected,
 * so every builder of replies takes its numbers from here and nowhere else.
 */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** All embeds of one message together. */
  embedsTotal: 6000,
  /** Embed and button URLs (Discord rejects longer ones). */
  url: 2048,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  optionsPerCommand: 25,
  choicesPerOption: 25,
  /** A whole command's names, descriptions, choice names and values together. */
  commandTotal: 8000,
  /** The first response to an interaction must come within this many ms. */
  interactionDeadlineMs: 3000,
} as const;

/** Marks on what users see, so every message looks the same. */
export const MARKS = {
  error: '❌',
  warning: '⚠️',
  empty: '🔍',
  wait: '⏳',
  pointer: '👉',
} as const;

/** The parts of an embed Discord counts towards its 6,000-character total. */
export interface CountedEmbed {
  title?: string;
  description?: string;
  url?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  author?: { name: string };
}

/** The characters of an embed that count towards LIMITS.embedsTotal. */
export function embedLength(e: CountedEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** A message payload as the renderer builds it (the shape Discord and discord.js take). */
export interface CountedReply {
  content?: string;
  embeds?: CountedEmbed[];
  components?: { components: { custom_id?: string; label?: string; url?: string }[] }[];
}

/** Every limit a reply breaks, as readable strings; empty when Discord would accept it. */
export function replyViolations(r: CountedReply): string[] {
  const out: string[] = [];
  const over = (what: string, n: number, max: number) => n > max && out.push(`${what}: ${n} > ${max}`);
  over('content', r.content?.length ?? 0, LIMITS.content);
  const embeds = r.embeds ?? [];
  over('embeds', embeds.length, LIMITS.embedsPerMessage);
  embeds.forEach((e, i) => {
    over(`embed ${i} title`, e.title?.length ?? 0, LIMITS.embedTitle);
    over(`embed ${i} description`, e.description?.length ?? 0, LIMITS.embedDescription);
    over(`embed ${i} fields`, e.fields?.length ?? 0, LIMITS.embedFields);
    over(`embed ${i} footer`, e.footer?.text.length ?? 0, LIMITS.footer);
    over(`embed ${i} author`, e.author?.name.length ?? 0, LIMITS.authorName);
    over(`embed ${i} url`, e.url?.length ?? 0, LIMITS.url);
    for (const f of e.fields ?? []) {
      over(`embed ${i} field name`, f.name.length, LIMITS.fieldName);
      over(`embed ${i} field value`, f.value.length, LIMITS.fieldValue);
      if (!f.name.trim() || !f.value.trim()) out.push(`embed ${i}: empty field name or value`);
    }
  });
  over(
    'embeds total',
    embeds.reduce((n, e) => n + embedLength(e), 0),
    LIMITS.embedsTotal,
  );
  const rows = r.components ?? [];
  over('rows', rows.length, LIMITS.rows);
  const ids = new Set<string>();
  for (const row of rows) {
    over('buttons in a row', row.components.length, LIMITS.buttonsPerRow);
    for (const c of row.components) {
      if (c.custom_id !== undefined) {
        over('custom_id', c.custom_id.length, LIMITS.customId);
        if (!c.custom_id) out.push('empty custom_id');
        if (ids.has(c.custom_id)) out.push(`duplicate custom_id ${c.custom_id}`);
        ids.add(c.custom_id);
      }
      over('button label', c.label?.length ?? 0, LIMITS.buttonLabel);
    }
  }
  return out;
}
