/**
 * Answer → Discord reply. The one place that builds what the bot sends: embeds with the answer,
 * the excerpt and the citation; paging buttons; notices and errors; the daily digest's channel
 * messages — every field inside
 * Discord's limits (limits.ts), all document and user text made inert (escape.ts), and mentions
 * limited to the one user a command was asked to point at.
 *
 * The output is plain data (Discord's API shapes), so tests and property checks can inspect it
 * without a client, and discord.js sends it as it is.
 */
import type { Answer, Result } from '../answer/types.js';
import { digestHeading, oneLine } from '../digest/render.js';
import type { Digest } from '../digest/compose.js';
import type { Choice, Citation } from '../types.js';
import { decodeInert, inert, plain, truncate } from './escape.js';
import { embedLength, LIMITS, MARKS } from './limits.js';
import { documentLines, resultHeadline } from './text.js';

export interface DiscordEmbed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
}

export interface DiscordButton {
  type: 2;
  /** 2 = secondary (grey). */
  style: 2;
  label: string;
  custom_id: string;
  disabled?: boolean;
}

export interface DiscordRow {
  type: 1;
  components: DiscordButton[];
}

export interface DiscordReply {
  content: string;
  embeds: DiscordEmbed[];
  components: DiscordRow[];
  /** Nothing is parsed from text; only `users` listed here may be pinged. */
  allowedMentions: { parse: []; users?: string[] };
  /** Only the asker sees it. Fixed by the first response: edits cannot change it. */
  ephemeral: boolean;
}

export interface DiscordRenderOptions {
  /**
   * The question as the console types it (`/when border attacks order:date`). It heads the reply
   * and is read back from the message when a paging button is clicked (stateless paging).
   */
  question?: string;
  /** 0-based page of results. Out of range → the nearest page. */
  page?: number;
  /** A user id to point at the answer: the only one who may be pinged. */
  mention?: string;
  ephemeral?: boolean;
  /** An ephemeral answer with results gets a button that posts it for the channel ("Find sources"). */
  shareable?: boolean;
  /** Who shared an answer into the channel: named (never pinged) under the question. */
  sharedBy?: string;
}

/** Results on one page: with Discord's 6,000-character budget for all embeds, 3 keep each one readable. */
export const RESULTS_PER_PAGE = 3;
/** Characters one result's embed may use, so that a full page stays within LIMITS.embedsTotal. */
const EMBED_BUDGET = Math.floor(LIMITS.embedsTotal / RESULTS_PER_PAGE);
/** The question line is context, not content: long input is cut well before the message limit. */
const QUESTION_MAX = 300;
const COLOR = 0x3b6ea5;
const SNOWFLAKE = /^\d{1,20}$/;

/** Paging buttons carry the command and the target page; the question is read from the message. */
export const PAGE_PREFIX = 'fd:page';
/** The button that shares an ephemeral answer in the channel carries its command; the question is read from the message. */
export const SHARE_PREFIX = 'fd:share';

export function shareCustomId(command: string): string {
  return `${SHARE_PREFIX}:${command}`.slice(0, LIMITS.customId);
}

export function parseShareCustomId(id: string): { command: string } | undefined {
  const m = /^fd:share:([\w-]{1,32})$/.exec(id);
  return m ? { command: m[1] } : undefined;
}

export function pageCustomId(command: string, page: number, dir: 'prev' | 'next'): string {
  return `${PAGE_PREFIX}:${command}:${page}:${dir}`.slice(0, LIMITS.customId);
}

export function parsePageCustomId(id: string): { command: string; page: number } | undefined {
  const m = /^fd:page:([\w-]{1,32}):(\d{1,4}):(prev|next)$/.exec(id);
  return m ? { command: m[1], page: Number(m[2]) } : undefined;
}

export function pageCount(a: Answer): number {
  return Math.max(1, Math.ceil((a.results?.length ?? 0) / RESULTS_PER_PAGE));
}

/** The question line we write (the command in bold, then the rest), read back by `questionFromContent`. */
function questionLine(question: string): string {
  const m = /^\/?(\S+)\s*([\s\S]*)$/.exec(question.replace(/\s+/g, ' ').trim());
  const name = (m?.[1] ?? '').replace(/[^\w-]/g, '').slice(0, LIMITS.commandName);
  const rest = m?.[2] ?? '';
  return `**/${name}**${rest ? ` ${truncate(inert(rest), QUESTION_MAX)}` : ''}`;
}

/** The question a reply of ours was for, in console form, or undefined if it has none. */
export function questionFromContent(content: string): string | undefined {
  for (const line of content.split('\n')) {
    const m = /^\*\*\/([\w-]{1,32})\*\*(?: (.*))?$/.exec(line);
    if (m) return `/${m[1]} ${decodeInert(m[2] ?? '')}`.trim();
  }
  return undefined;
}

/** The user a reply of ours points at (the `👉 <@id>` line), if any. */
export function mentionFromContent(content: string): string | undefined {
  return new RegExp(`^${MARKS.pointer} <@(\\d{1,20})>$`, 'm').exec(content)?.[1];
}

function safeUrl(url: string | undefined): string | undefined {
  if (!url || url.length > LIMITS.url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString().slice(0, LIMITS.url) : undefined;
  } catch {
    return undefined;
  }
}

/** The excerpt as a quote block, the answer in bold where it stands in the excerpt. */
function quotedExcerpt(r: Result, budget: number): string {
  const text = r.excerpt.replace(/\s+/g, ' ').trim();
  const answer = r.answer.replace(/\s+/g, ' ').trim();
  const at = answer && answer !== text ? text.indexOf(answer) : -1;
  if (at >= 0) {
    const bolded = `> ${inert(text.slice(0, at))}**${inert(answer)}**${inert(text.slice(at + answer.length))}`;
    if (bolded.length <= budget) return bolded;
  }
  return `> ${truncate(inert(text), Math.max(1, budget - 2))}`;
}

function resultEmbed(command: string, r: Result, n: number, of: number): DiscordEmbed {
  const c = r.citation;
  const fields: DiscordEmbed['fields'] = [];
  // Discord rejects a blank field value, so a blank outlet or date is left out.
  const source = c.source?.trim();
  const published = c.published?.trim();
  if (source) fields.push({ name: 'Outlet', value: truncate(inert(source.replace(/\s+/g, ' ')), 200), inline: true });
  if (published) fields.push({ name: 'Published', value: truncate(inert(published.replace(/\s+/g, ' ')), 100), inline: true });
  fields.push({ name: 'Paragraph', value: `¶${c.paragraph}`, inline: true });
  const embed: DiscordEmbed = {
    title: truncate(inert(c.title.replace(/\s+/g, ' ').trim() || c.docId || 'Untitled'), LIMITS.embedTitle),
    color: COLOR,
    fields,
    footer: { text: `${n}/${of} · ${truncate(plain(c.docId), 200)}` },
  };
  const url = safeUrl(c.url);
  if (url) embed.url = url;
  const head = resultHeadline(command, r);
  const headText = head ? `**${truncate(inert(head), 600)}**\n` : '';
  const used =
    (embed.title?.length ?? 0) + (embed.footer?.text.length ?? 0) + fields.reduce((s, f) => s + f.name.length + f.value.length, 0);
  const budget = Math.min(LIMITS.embedDescription, EMBED_BUDGET - used) - headText.length;
  embed.description = headText + quotedExcerpt(r, budget);
  return embed;
}

function pagingRow(command: string, page: number, pages: number): DiscordRow {
  return {
    type: 1,
    components: [
      { type: 2, style: 2, label: '◀ Previous', custom_id: pageCustomId(command, Math.max(0, page - 1), 'prev'), disabled: page === 0 },
      {
        type: 2,
        style: 2,
        label: 'Next ▶',
        custom_id: pageCustomId(command, Math.min(pages - 1, page + 1), 'next'),
        disabled: page >= pages - 1,
      },
    ],
  };
}

function mentions(user: string | undefined): DiscordReply['allowedMentions'] {
  return user ? { parse: [], users: [user] } : { parse: [] };
}

/** Joins content lines and keeps the whole inside the message limit (the first line always survives). */
function content(lines: string[]): string {
  return truncate(lines.filter(Boolean).join('\n'), LIMITS.content);
}

/** An answer as a Discord reply: question, heading, notes, a page of result embeds, paging buttons. */
export function renderDiscord(a: Answer, opts: DiscordRenderOptions = {}): DiscordReply {
  const question = opts.question ?? `/${a.command} ${a.query}`;
  if (a.error !== undefined) {
    // A bad query concerns the asker alone: nobody else is shown or pointed at it.
    return {
      content: content([questionLine(question), `${MARKS.error} ${truncate(inert(a.error), 1000)}`]),
      embeds: [],
      components: [],
      allowedMentions: { parse: [] },
      ephemeral: true,
    };
  }
  // An ephemeral reply is seen by the asker alone: pointing someone at it would ping for nothing.
  const mention = !opts.ephemeral && opts.mention && SNOWFLAKE.test(opts.mention) ? opts.mention : undefined;
  const results = a.results ?? [];
  const pages = pageCount(a);
  const page = Math.min(Math.max(0, Math.floor(opts.page ?? 0)), pages - 1);
  const first = page * RESULTS_PER_PAGE;
  const shown = results.slice(first, first + RESULTS_PER_PAGE);
  const lines = [questionLine(question)];
  // A name shown, never a ping: allowedMentions below lists only `mention`.
  if (opts.sharedBy && SNOWFLAKE.test(opts.sharedBy)) lines.push(`Shared by <@${opts.sharedBy}>`);
  if (a.heading && !a.lines && !a.document) lines.push(`**${truncate(inert(a.heading), LIMITS.embedTitle)}**`);
  if (results.length > RESULTS_PER_PAGE) lines.push(`Results ${first + 1}–${first + shown.length} of ${results.length}`);
  if (a.message) lines.push(`${results.length ? '' : `${MARKS.empty} `}${truncate(inert(a.message), 500)}`);
  if (a.suggestions?.length)
    lines.push(
      `Did you mean: ${a.suggestions
        .slice(0, 5)
        .map((s) => truncate(inert(s), 60))
        .join(', ')}?`,
    );
  if (!results.length && !a.message && !a.lines?.length && !a.document) lines.push(`${MARKS.empty} Nothing found.`);
  // The pointer goes first so that truncation can never cut it.
  if (mention) lines.unshift(`${MARKS.pointer} <@${mention}>`);
  const embeds: DiscordEmbed[] = [];
  if (a.lines?.length) {
    embeds.push({
      title: truncate(inert(a.heading ?? `/${a.command}`), LIMITS.embedTitle),
      color: COLOR,
      description: truncate(a.lines.map((l) => truncate(inert(l), 400)).join('\n'), LIMITS.embedDescription),
    });
  }
  if (a.document) {
    const d = a.document;
    const embed: DiscordEmbed = {
      title: truncate(inert((a.heading ?? d.title).replace(/\s+/g, ' ')), LIMITS.embedTitle),
      color: COLOR,
      description: truncate(
        documentLines(d)
          .map((l) => truncate(inert(l), 600))
          .join('\n'),
        LIMITS.embedDescription,
      ),
    };
    const url = safeUrl(d.url);
    if (url) embed.url = url;
    embeds.push(embed);
  }
  shown.forEach((r, i) => embeds.push(resultEmbed(a.command, r, first + i + 1, results.length)));
  const components = pages > 1 ? [pagingRow(a.command, page, pages)] : [];
  if (opts.shareable && opts.ephemeral && results.length) {
    components.push({ type: 1, components: [{ type: 2, style: 2, label: 'Share in channel', custom_id: shareCustomId(a.command) }] });
  }
  return {
    content: content(lines),
    embeds,
    components,
    allowedMentions: mentions(mention),
    ephemeral: opts.ephemeral ?? false,
  };
}

/** A short notice only the asker sees (cooldown, missing permission): text of ours, marked. */
export function renderNotice(mark: string, text: string): DiscordReply {
  return {
    content: truncate(`${mark} ${text}`, LIMITS.content),
    embeds: [],
    components: [],
    allowedMentions: { parse: [] },
    ephemeral: true,
  };
}

/** An exception, as the user sees it: short, ephemeral, with the id that is also in the log. */
export function renderFailure(errorId: string): DiscordReply {
  return renderNotice(
    MARKS.error,
    `Something went wrong while answering. Error id \`${errorId.replace(/[^\w-]/g, '')}\` (the bot's log has the details).`,
  );
}

/** Autocomplete choices within Discord's limits: at most 25, names 1–100 characters, values ≤100. */
export function renderChoices(choices: readonly Choice[]): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const seen = new Set<string>();
  for (const c of choices) {
    const value = String(c.value);
    // A cut value would submit something the user never saw: leave it out instead.
    if (!value.trim() || value.length > LIMITS.choiceValue || seen.has(value)) continue;
    seen.add(value);
    out.push({ name: truncate(plain(c.name).trim() || plain(value).trim() || '…', LIMITS.choiceName), value });
    if (out.length >= LIMITS.autocompleteChoices) break;
  }
  return out;
}

// ── the daily digest as channel messages ──────────────────────────────────────────

/** One channel message: what `channel.send()` gets. Nothing in it pings anyone. */
export interface ChannelMessage {
  content?: string;
  embeds: DiscordEmbed[];
  allowedMentions: { parse: [] };
}

const DIGEST_COLOR = 0x2b6cb0;
/** Per-item budgets, well under the embed limits so that several embeds share a message. */
const DIGEST_BUDGET = { lead: 600, excerpt: 300, sectionDescription: 1800 } as const;

/**
 * An address for a markdown link `[title](url)`: plain http(s) with nothing that could break out
 * of the link syntax. (The digest's document embeds use it for their `url` field too, as before.)
 */
function linkUrl(url: string | undefined): string | undefined {
  return url && url.length <= 2000 && /^https?:\/\/[^\s()<>[\]`]+$/i.test(url) ? url : undefined;
}

/** "Outlet · 2022-02 · ¶3", the title a link when the document has a url. */
function citeShort(c: Citation, withTitle: boolean): string {
  const parts: string[] = [];
  if (withTitle) {
    const title = inert(truncate(c.title, 120));
    const url = linkUrl(c.url);
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

/** Clamps every part of an embed to Discord's limits (the budgets above normally keep well inside). */
function clampEmbed(e: DiscordEmbed): DiscordEmbed {
  const out: DiscordEmbed = { ...e };
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

export function digestEmbeds(d: Digest): DiscordEmbed[] {
  const embeds: DiscordEmbed[] = [];
  for (const doc of d.documents) {
    const lead = doc.lead ? `> ${inert(truncate(oneLine(doc.lead), DIGEST_BUDGET.lead))}\n` : '';
    const feed = doc.feed ? `\nFrom the feed ${inert(truncate(doc.feed, 100))}` : '';
    const e: DiscordEmbed = {
      title: inert(doc.title),
      description: `${lead}— ${citeShort(doc.citation, false)}${feed}`,
      color: DIGEST_COLOR,
    };
    const url = linkUrl(doc.url);
    if (url) e.url = url;
    embeds.push(e);
  }
  if (d.total > d.documents.length) {
    embeds.push({ description: `… and ${d.total - d.documents.length} more new documents (try /search).`, color: DIGEST_COLOR });
  }
  if (d.people.length) {
    const lines = d.people.map(
      (p) =>
        `**${inert(truncate(p.name, 100))}**${p.role ? ` — ${inert(truncate(p.role, 200))}` : ''}\n> ${inert(truncate(oneLine(p.excerpt), DIGEST_BUDGET.excerpt))}\n— ${citeShort(p.citation, true)}`,
    );
    embeds.push({ title: 'New people', description: fitLines(lines, DIGEST_BUDGET.sectionDescription), color: DIGEST_COLOR });
  }
  if (d.events.length) {
    const lines = d.events.map(
      (e) =>
        `**${inert(e.date)}** (${inert(truncate(e.dateText, 80))}) — ${inert(truncate(oneLine(e.excerpt), DIGEST_BUDGET.excerpt))}\n— ${citeShort(e.citation, true)}`,
    );
    embeds.push({ title: 'Timeline', description: fitLines(lines, DIGEST_BUDGET.sectionDescription), color: DIGEST_COLOR });
  }
  if (d.quote) {
    const q = d.quote;
    const who = `${inert(truncate(q.speaker, 100))}${q.speakerRole ? `, ${inert(truncate(q.speakerRole, 200))}` : ''}`;
    embeds.push({
      title: 'Quote',
      description: `> “${inert(truncate(oneLine(q.text), DIGEST_BUDGET.lead))}”\n— ${who}\n${citeShort(q.citation, true)}`,
      color: DIGEST_COLOR,
    });
  }
  return embeds.map(clampEmbed);
}

/**
 * The digest as channel messages: a heading, then the embeds packed in order into as few
 * messages as the limits allow (≤ 10 embeds and ≤ 6000 characters of embeds per message).
 * Nothing new → one line, or nothing at all when the guild chose to skip.
 */
export function digestMessages(d: Digest, tz: string, nothingNew: 'post' | 'skip' = 'post'): ChannelMessage[] {
  const none = { parse: [] as [] };
  if (d.total === 0)
    return nothingNew === 'skip'
      ? []
      : [{ content: truncate(`📭 ${digestHeading(d, tz)}`, LIMITS.content), embeds: [], allowedMentions: none }];
  const messages: ChannelMessage[] = [
    { content: truncate(`📰 **${digestHeading(d, tz)}**`, LIMITS.content), embeds: [], allowedMentions: none },
  ];
  let size = 0;
  for (const e of digestEmbeds(d)) {
    const n = embedLength(e);
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
