/**
 * A digest as console text, as an Answer (for `/digest preview`, the JSON contract and any
 * front end), and as Discord channel messages: embeds packed so that every embed, every message
 * and all embeds of a message stay within Discord's limits (LIMITS), with document text inert
 * and `allowedMentions` pinging nobody.
 */
import type { Answer, Result } from '../answer/types.js';
import { inert, truncate } from '../render/escape.js';
import { LIMITS } from '../render/limits.js';
import { citationLine } from '../render/text.js';
import type { Citation } from '../types.js';
import type { Digest } from './compose.js';
import { describeInstant } from './schedule.js';

/** A Discord embed as the API takes it (discord.js accepts this shape as `APIEmbed`). */
export interface DigestEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
}

/** One channel message: what `channel.send()` gets. */
export interface DigestMessage {
  content?: string;
  embeds: DigestEmbed[];
  allowedMentions: { parse: [] };
}

const COLOR = 0x2b6cb0;
/** Per-item budgets, well under the embed limits so that several embeds share a message. */
const BUDGET = { lead: 600, excerpt: 300, sectionDescription: 1800 } as const;

function when(iso: string, tz: string): string {
  return describeInstant(Date.parse(iso), tz);
}

/** Our own words (counts, validated zone names, dates): nothing from a document, so not escaped. */
export function digestHeading(d: Digest, tz = 'UTC'): string {
  if (d.total === 0) return `Nothing new in the corpus since ${when(d.from, tz)}.`;
  const n = d.total === 1 ? '1 new document' : `${d.total} new documents`;
  return `Daily digest: ${n} since ${when(d.from, tz)}`;
}

// ── console text ───────────────────────────────────────────────────────────────

export function renderDigestText(d: Digest, tz = 'UTC'): string {
  const out = [digestHeading(d, tz)];
  if (d.total === 0) return out[0];
  out.push('', 'Documents');
  d.documents.forEach((doc, i) => {
    out.push(`${i + 1}. ${citationLine(doc.citation)}`);
    if (doc.lead) out.push(`   > ${oneLine(doc.lead)}`);
  });
  if (d.total > d.documents.length) out.push(`   … and ${d.total - d.documents.length} more`);
  if (d.people.length) {
    out.push('', 'New people');
    for (const p of d.people) {
      out.push(`• ${p.name}${p.role ? ` — ${p.role}` : ''}`, `   > ${oneLine(p.excerpt)}`, `   — ${citationLine(p.citation)}`);
    }
  }
  if (d.events.length) {
    out.push('', 'Timeline');
    for (const e of d.events) out.push(`• ${e.date} (${e.dateText}): ${oneLine(e.excerpt)}`, `   — ${citationLine(e.citation)}`);
  }
  if (d.quote) {
    const q = d.quote;
    out.push(
      '',
      'Quote',
      `“${oneLine(q.text)}” — ${q.speaker}${q.speakerRole ? `, ${q.speakerRole}` : ''}`,
      `   — ${citationLine(q.citation)}`,
    );
  }
  return out.join('\n');
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

// ── as an Answer ────────────────────────────────────────────────────────────────

/** Every item of the digest as a cited result; `section` says which part it belongs to. */
export function digestAnswer(d: Digest, query: string, tz = 'UTC'): Answer {
  const results: Result[] = [];
  for (const doc of d.documents) results.push({ section: 'document', answer: doc.title, excerpt: doc.lead, citation: doc.citation });
  for (const p of d.people) {
    results.push({
      section: 'person',
      answer: p.role ? `${p.name} — ${p.role}` : p.name,
      excerpt: p.excerpt,
      citation: p.citation,
      name: p.name,
      ...(p.role ? { role: p.role } : {}),
    });
  }
  for (const e of d.events) {
    results.push({
      section: 'event',
      answer: `${e.date} (${e.dateText})`,
      excerpt: e.excerpt,
      citation: e.citation,
      dateText: e.dateText,
      date: e.date,
      precision: e.precision,
    });
  }
  if (d.quote) {
    const q = d.quote;
    results.push({
      section: 'quote',
      answer: q.text,
      excerpt: q.excerpt,
      citation: q.citation,
      speaker: q.speaker,
      ...(q.speakerRole ? { speakerRole: q.speakerRole } : {}),
    });
  }
  const a: Answer = { command: 'digest', query, heading: digestHeading(d, tz), results, total: d.total };
  if (d.total > d.documents.length) a.message = `Showing ${d.documents.length} of ${d.total} new documents.`;
  return a;
}

// ── Discord messages ────────────────────────────────────────────────────────────

/** A link only for plain http(s) addresses that cannot break out of markdown link syntax. */
function safeUrl(url: string | undefined): string | undefined {
  return url && url.length <= 2000 && /^https?:\/\/[^\s()<>[\]`]+$/i.test(url) ? url : undefined;
}

/** "Outlet · 2022-02 · ¶3", the title a link when the document has a url. */
function citeShort(c: Citation, withTitle: boolean): string {
  const parts: string[] = [];
  if (withTitle) {
    const title = inert(truncate(c.title, 120));
    const url = safeUrl(c.url);
    parts.push(url ? `[${title}](${url})` : `*${title}*`);
  }
  if (c.source) parts.push(inert(truncate(c.source, 80)));
  if (c.published) parts.push(inert(c.published.slice(0, 25)));
  parts.push(`¶${c.paragraph}`);
  return parts.join(' · ');
}

/** Lines joined while they fit the budget; what does not fit is counted, never cut mid-item. */
function fitLines(lines: string[], budget: number): string {
  const kept: string[] = [];
  let size = 0;
  for (const [i, line] of lines.entries()) {
    const more = lines.length - i - 1;
    const reserve = more > 0 ? 20 : 0;
    if (size + line.length + 1 + reserve > budget) {
      kept.push(`… and ${lines.length - i} more`);
      break;
    }
    kept.push(line);
    size += line.length + 1;
  }
  return kept.join('\n');
}

export function embedSize(e: DigestEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Clamps every part of an embed to Discord's limits (the budgets above normally keep well inside). */
function clampEmbed(e: DigestEmbed): DigestEmbed {
  const out: DigestEmbed = { ...e };
  if (out.title) out.title = truncate(out.title, LIMITS.embedTitle);
  if (out.description) out.description = truncate(out.description, LIMITS.embedDescription);
  if (out.footer) out.footer = { text: truncate(out.footer.text, LIMITS.footer) };
  if (out.fields) {
    out.fields = out.fields
      .slice(0, LIMITS.embedFields)
      .map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName), value: truncate(f.value, LIMITS.fieldValue) }));
  }
  return out;
}

export function digestEmbeds(d: Digest): DigestEmbed[] {
  const embeds: DigestEmbed[] = [];
  for (const doc of d.documents) {
    const lead = doc.lead ? `> ${inert(truncate(oneLine(doc.lead), BUDGET.lead))}\n` : '';
    const e: DigestEmbed = { title: inert(doc.title), description: `${lead}— ${citeShort(doc.citation, false)}`, color: COLOR };
    const url = safeUrl(doc.url);
    if (url) e.url = url;
    embeds.push(e);
  }
  if (d.total > d.documents.length) {
    embeds.push({ description: `… and ${d.total - d.documents.length} more new documents (try /search).`, color: COLOR });
  }
  if (d.people.length) {
    const lines = d.people.map(
      (p) =>
        `**${inert(truncate(p.name, 100))}**${p.role ? ` — ${inert(truncate(p.role, 200))}` : ''}\n> ${inert(truncate(oneLine(p.excerpt), BUDGET.excerpt))}\n— ${citeShort(p.citation, true)}`,
    );
    embeds.push({ title: 'New people', description: fitLines(lines, BUDGET.sectionDescription), color: COLOR });
  }
  if (d.events.length) {
    const lines = d.events.map(
      (e) =>
        `**${inert(e.date)}** (${inert(truncate(e.dateText, 80))}) — ${inert(truncate(oneLine(e.excerpt), BUDGET.excerpt))}\n— ${citeShort(e.citation, true)}`,
    );
    embeds.push({ title: 'Timeline', description: fitLines(lines, BUDGET.sectionDescription), color: COLOR });
  }
  if (d.quote) {
    const q = d.quote;
    const who = `${inert(truncate(q.speaker, 100))}${q.speakerRole ? `, ${inert(truncate(q.speakerRole, 200))}` : ''}`;
    embeds.push({
      title: 'Quote',
      description: `> “${inert(truncate(oneLine(q.text), BUDGET.lead))}”\n— ${who}\n${citeShort(q.citation, true)}`,
      color: COLOR,
    });
  }
  return embeds.map(clampEmbed);
}

/**
 * The digest as channel messages: a heading, then the embeds packed in order into as few
 * messages as the limits allow (≤ 10 embeds and ≤ 6000 characters of embeds per message).
 * Nothing new → one line, or nothing at all when the guild chose to skip.
 */
export function digestMessages(d: Digest, tz: string, nothingNew: 'post' | 'skip' = 'post'): DigestMessage[] {
  const none = { parse: [] as [] };
  if (d.total === 0)
    return nothingNew === 'skip'
      ? []
      : [{ content: truncate(`📭 ${digestHeading(d, tz)}`, LIMITS.content), embeds: [], allowedMentions: none }];
  const messages: DigestMessage[] = [
    { content: truncate(`📰 **${digestHeading(d, tz)}**`, LIMITS.content), embeds: [], allowedMentions: none },
  ];
  let size = 0;
  for (const e of digestEmbeds(d)) {
    const n = embedSize(e);
    let current = messages[messages.length - 1];
    if (current.embeds.length >= LIMITS.embedsPerMessage || size + n > LIMITS.embedsTotal) {
      current = { embeds: [], allowedMentions: none };
      messages.push(current);
      size = 0;
    }
    current.embeds.push(e);
    size += n;
  }
  return messages;
}
