/**
 * Text as PostgreSQL full-text values, cut by our own tokenizer and term processing (index/text.ts)
 * rather than by a text search configuration: the same words are terms in both stores, whatever
 * the database's locale, so both find the same passages. A tsvector is written as its literal
 * (`'border':3 'fenc':4`), and a document's length is counted as MiniSearch counts it (distinct
 * tokens), so BM25 here uses the same figures.
 */
import { processTerm, tokenize } from '../../index/text.js';

/** PostgreSQL keeps positions up to this and at most this many per word. */
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;

/**
 * PostgreSQL refuses a word of 2 KB or more in a tsvector or tsquery: longer "words" (a run of
 * letters with no space, which no one searches for) are left out of the index and of queries.
 */
const MAX_TERM_BYTES = 1000;

export function indexable(term: string): boolean {
  return term.length * 3 <= MAX_TERM_BYTES || Buffer.byteLength(term) <= MAX_TERM_BYTES;
}

export interface Analysed {
  /** The tsvector literal. */
  tsv: string;
  /** Distinct tokens (MiniSearch's field length). */
  len: number;
  /** Each term once. */
  terms: string[];
}

/** A lexeme quoted for a tsvector or tsquery literal. */
export function lexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function analyse(text: string): Analysed {
  const tokens = tokenize(text);
  const positions = new Map<string, number[]>();
  tokens.forEach((tok, i) => {
    const t = processTerm(tok);
    if (!t || !indexable(t)) return;
    let l = positions.get(t);
    if (!l) positions.set(t, (l = []));
    if (l.length < MAX_POSITIONS) l.push(Math.min(i + 1, MAX_POSITION));
  });
  const parts: string[] = [];
  for (const [t, ps] of positions) parts.push(`${lexeme(t)}:${ps.join(',')}`);
  return { tsv: parts.join(' '), len: new Set(tokens).size, terms: [...positions.keys()] };
}

/** Document frequencies and lengths of one searchable field, gathered while its rows are written. */
export class FieldStats {
  readonly df = new Map<string, number>();
  documents = 0;
  private totalLength = 0;

  add(a: Analysed): void {
    this.documents++;
    this.totalLength += a.len;
    for (const t of a.terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  get avgLength(): number {
    return this.documents ? this.totalLength / this.documents : 0;
  }

  summary(): FieldSummary {
    return { documents: this.documents, avgLength: this.avgLength };
  }
}

export interface FieldSummary {
  documents: number;
  avgLength: number;
}

/** The searchable fields, by their one-letter code in the `terms` table (`n`: words of people's names and aliases, for typos). */
export const FIELDS = { passages: 'p', titles: 't', sentences: 's', quotes: 'q', speakers: 'k', names: 'n' } as const;
export type FieldName = keyof typeof FIELDS;

/** Text without NUL characters, which PostgreSQL text cannot hold (no word of the corpus has one). */
export function noNul(s: string): string {
  return s.replace(/\0/g, '');
}

/**
 * Query parameters as PostgreSQL takes them: a NUL character cannot be in a text value (the server
 * refuses the whole statement), and no word of the corpus holds one, so it is dropped.
 */
export function params(values: readonly unknown[]): unknown[] {
  const clean = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/\0/g, '') : Array.isArray(v) ? v.map(clean) : v);
  return values.map(clean);
}
