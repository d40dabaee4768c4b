/**
 * What a digest says, as plain data built from the new documents' own facts (`doc.facts`): the
 * documents with their lead sentences, the people seen for the first time with their roles, the
 * dated events as a short timeline, and one notable quote. Every item is verbatim source text
 * with its citation. The work is bounded by the documents given, never the whole corpus.
 */
import { citationFor } from '../index/corpus.js';
import { foldAccents } from '../index/text.js';
import type { IngestedDoc } from '../ingest/index.js';
import type { DatePrecision, PersonFact } from '../extract/types.js';
import type { Citation, Paragraph } from '../types.js';

export const DIGEST_LIMITS = {
  /** Documents listed one by one; the rest are counted. */
  documents: 10,
  people: 10,
  events: 8,
  /** Dated events taken from any one document, so one long article cannot fill the timeline. */
  eventsPerDoc: 2,
  /** A lead is one sentence, or two when the first is shorter than this. */
  leadMinChars: 120,
} as const;

export interface DigestDoc {
  title: string;
  source?: string;
  published?: string;
  url?: string;
  /** The feed it came from (its `feed` front matter), for documents a feed brought. */
  feed?: string;
  /** The document's first one or two sentences, verbatim. */
  lead: string;
  citation: Citation;
}

export interface DigestPerson {
  name: string;
  kind: 'person' | 'group';
  role?: string;
  /** The sentence that gives the role (or first names them), verbatim. */
  excerpt: string;
  citation: Citation;
}

export interface DigestEvent {
  dateText: string;
  date: string;
  precision: DatePrecision;
  excerpt: string;
  citation: Citation;
}

export interface DigestQuote {
  text: string;
  speaker: string;
  speakerRole?: string;
  excerpt: string;
  citation: Citation;
}

export interface Digest {
  /** The window: documents first seen after `from` and up to `to` (ISO timestamps). */
  from: string;
  to: string;
  /** How many new documents there were; `documents` lists at most DIGEST_LIMITS.documents. */
  total: number;
  documents: DigestDoc[];
  people: DigestPerson[];
  events: DigestEvent[];
  quote?: DigestQuote;
}

export interface ComposeInput {
  /** The new documents (a bounded sample when there are very many). */
  docs: readonly IngestedDoc[];
  /** How many new documents there are in all. */
  total: number;
  from: Date;
  to: Date;
  /**
   * Whether a person was first seen in this window, given their keys (personLookupKeys): new only
   * when no key was seen before. Absent: everyone in the new documents counts as new.
   */
  isNewPerson?: (keys: string[]) => boolean;
}

/** The key a person is remembered by across documents: case, accents and spacing folded. */
export function personKey(name: string): string {
  return foldAccents(name.toLowerCase())
    .replace(/[\s.]+/g, ' ')
    .trim();
}

/**
 * The keys a person is remembered by: the name, the aliases, and for a person with a full name the
 * surname alone (`~vahidi`), so that a later bare "Vahidi" is recognised as someone already seen.
 */
export function personKeys(p: PersonFact): string[] {
  const keys = new Set<string>();
  for (const n of [p.name, ...p.aliases]) {
    const k = personKey(n);
    if (!k) continue;
    keys.add(k);
    if (p.kind === 'person') keys.add(`~${k.split(' ').pop()}`);
  }
  return [...keys];
}

/**
 * The keys to look a person up by: name and aliases, and the surname key only for a bare
 * surname — "Jane Johnson" is not "already seen" because a Michael Johnson was.
 */
export function personLookupKeys(p: PersonFact): string[] {
  const keys = new Set<string>();
  for (const n of [p.name, ...p.aliases]) {
    const k = personKey(n);
    if (!k) continue;
    keys.add(k);
    if (p.kind === 'person' && !k.includes(' ')) keys.add(`~${k}`);
  }
  return [...keys];
}

export function sentenceText(p: Paragraph, i: number): string {
  const s = p.sentences[i];
  return s ? p.text.slice(s.start, s.end).trim() : p.text.trim();
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The first one or two sentences of the article's first body paragraph that is not its title again. */
export function leadOf(doc: IngestedDoc): { text: string; paragraph: number } | undefined {
  const title = norm(doc.meta.title);
  for (const p of doc.paragraphs) {
    if (p.heading || !p.text.trim() || norm(p.text) === title) continue;
    let text = sentenceText(p, 0);
    if (text.length < DIGEST_LIMITS.leadMinChars && p.sentences.length > 1)
      text = p.text.slice(p.sentences[0].start, p.sentences[1].end).trim();
    return { text, paragraph: p.n };
  }
  return undefined;
}

function byPublishedDesc(a: IngestedDoc, b: IngestedDoc): number {
  const pa = a.meta.published ?? '';
  const pb = b.meta.published ?? '';
  return pa === pb ? a.meta.title.localeCompare(b.meta.title) : pa < pb ? 1 : -1;
}

export function composeDigest(input: ComposeInput): Digest {
  const docs = [...input.docs].sort(byPublishedDesc);
  const digest: Digest = {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    total: input.total,
    documents: [],
    people: [],
    events: [],
  };

  for (const d of docs.slice(0, DIGEST_LIMITS.documents)) {
    const lead = leadOf(d);
    const first = lead?.paragraph ?? d.paragraphs[0]?.n ?? 1;
    const entry: DigestDoc = { title: d.meta.title, lead: lead?.text ?? '', citation: citationFor(d.meta, first) };
    if (d.meta.source) entry.source = d.meta.source;
    if (d.meta.published) entry.published = d.meta.published;
    if (d.meta.url) entry.url = d.meta.url;
    const feed = d.meta.metadata.feed;
    if (typeof feed === 'string' && feed.trim()) entry.feed = feed.trim();
    digest.documents.push(entry);
  }

  digest.people = newPeople(docs, input.isNewPerson);
  digest.events = timeline(docs);
  const quote = notableQuote(docs);
  if (quote) digest.quote = quote;
  return digest;
}

function newPeople(docs: readonly IngestedDoc[], isNew?: (keys: string[]) => boolean): DigestPerson[] {
  const found = new Map<string, { person: DigestPerson; mentions: number }>();
  for (const d of docs) {
    for (const p of d.facts.people) {
      const key = personKey(p.name);
      if (!key || (isNew && !isNew(personLookupKeys(p)))) continue;
      // The fullest role the text gives ("commander of the Iranian border guards" over "Brig. Gen.").
      const role = p.roles.reduce<(typeof p.roles)[number] | undefined>(
        (best, r) => (!best || r.role.length > best.role.length ? r : best),
        undefined,
      );
      const prior = found.get(key);
      if (prior) {
        prior.mentions += p.mentions.length;
        if (prior.person.role || !role) continue;
      }
      const para = role?.paragraph ?? p.mentions[0]?.paragraph;
      const paragraph = para !== undefined ? d.paragraphs[para - 1] : undefined;
      if (!paragraph) continue;
      const sentence = role ? role.sentence : sentenceIndexAt(paragraph, p.mentions[0].start);
      const person: DigestPerson = {
        name: p.name,
        kind: p.kind,
        excerpt: sentenceText(paragraph, sentence),
        citation: citationFor(d.meta, paragraph.n),
      };
      if (role) person.role = role.role;
      found.set(key, { person, mentions: prior ? prior.mentions : p.mentions.length });
    }
  }
  // People before groups, those with a role before those without, the most mentioned first.
  return [...found.values()]
    .sort((a, b) => rank(b.person) - rank(a.person) || b.mentions - a.mentions || a.person.name.localeCompare(b.person.name))
    .slice(0, DIGEST_LIMITS.people)
    .map((x) => x.person);
}

function rank(p: DigestPerson): number {
  return (p.kind === 'person' ? 2 : 0) + (p.role ? 1 : 0);
}

function sentenceIndexAt(p: Paragraph, offset: number): number {
  const i = p.sentences.findIndex((s) => offset >= s.start && offset < s.end);
  return i < 0 ? 0 : i;
}

/** The latest dated events (at most a few per document), shown oldest first. */
function timeline(docs: readonly IngestedDoc[]): DigestEvent[] {
  const events: DigestEvent[] = [];
  const seen = new Set<string>();
  for (const d of docs) {
    let fromDoc = 0;
    for (const f of d.facts.dates) {
      if (!f.date || f.precision === 'vague') continue;
      const paragraph = d.paragraphs[f.paragraph - 1];
      if (!paragraph) continue;
      const excerpt = sentenceText(paragraph, f.sentence);
      const key = `${f.date}|${norm(excerpt)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      events.push({ dateText: f.text, date: f.date, precision: f.precision, excerpt, citation: citationFor(d.meta, paragraph.n) });
      if (++fromDoc >= DIGEST_LIMITS.eventsPerDoc) break;
    }
  }
  return events
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .slice(0, DIGEST_LIMITS.events)
    .reverse();
}

/**
 * One quote worth reading: a whole statement (not a quoted phrase) by a named speaker, of a
 * readable length; a speaker with a stated role and a person over a group break ties.
 */
function notableQuote(docs: readonly IngestedDoc[]): DigestQuote | undefined {
  let best: { q: DigestQuote; score: number } | undefined;
  for (const d of docs) {
    for (const q of d.facts.quotes) {
      if (q.partial || !q.speaker || (q.speakerKind !== 'person' && q.speakerKind !== 'group')) continue;
      const len = q.text.length;
      if (len < 40 || len > 400) continue;
      const paragraph = d.paragraphs[q.paragraph - 1];
      if (!paragraph) continue;
      const score = (q.speakerRole ? 2 : 0) + (q.speakerKind === 'person' ? 1 : 0) - Math.abs(len - 160) / 400;
      if (best && score <= best.score) continue;
      const excerpt = quoteExcerpt(paragraph, q.sentence, q.endParagraph === q.paragraph ? q.end : undefined);
      const quote: DigestQuote = { text: q.text, speaker: q.speaker, excerpt, citation: citationFor(d.meta, paragraph.n) };
      if (q.speakerRole) quote.speakerRole = q.speakerRole;
      best = { q: quote, score };
    }
  }
  return best?.q;
}

/** The sentences from where a quote opens to where it closes (or its first sentence when it runs on). */
function quoteExcerpt(p: Paragraph, sentence: number, end?: number): string {
  const first = p.sentences[sentence];
  if (!first) return p.text.trim();
  let last = first;
  if (end !== undefined) for (const s of p.sentences.slice(sentence)) if (s.start < end) last = s;
  return p.text.slice(first.start, Math.max(first.end, last.end)).trim();
}
