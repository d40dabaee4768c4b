/**
 * Every extracted fact with its citation, one row each: what `npm run -s export` prints (issue
 * #16). A row has the fields of the answer contract (`answer`, `excerpt`, `citation`, and the
 * command's own: `name`/`aliases`/`kind` as /who, `dateText`/`date`/`precision` as /when,
 * `speaker`/`speakerRole` as /quote) and `fact`, which says which kind of fact it is. Facts are
 * read per document as extracted, so the export is also how their precision is measured.
 */
import type { CorpusStore } from '../corpus/types.js';
import { docCitation } from '../index/corpus.js';
import { sentenceText } from './excerpt.js';
import type { IngestedDoc } from '../ingest/index.js';
import type { Result } from './types.js';

export type FactKind = 'people' | 'dates' | 'quotes';
export const FACT_KINDS: readonly FactKind[] = ['people', 'dates', 'quotes'];

export interface ExportRow extends Result {
  fact: FactKind;
}

/** Documents read from the store at a time: a few hundred whole documents in memory at most. */
const EXPORT_BATCH = 200;

/** Every document's rows, in corpus order, read from the store a batch of documents at a time. */
export async function* exportRows(corpus: CorpusStore, kinds: readonly FactKind[]): AsyncGenerator<ExportRow> {
  const keys = await corpus.documentKeys();
  for (let i = 0; i < keys.length; i += EXPORT_BATCH) {
    const docs = await corpus.documents(keys.slice(i, i + EXPORT_BATCH).map((k) => k.id));
    // People named only weakly by a name the corpus frames as a firm are left out, as /who leaves them out.
    const weak = kinds.includes('people') ? [...new Set(docs.flatMap((d) => d.facts.people.filter((f) => f.weak).map((f) => f.name)))] : [];
    const firms = weak.length ? await corpus.firmNames(weak) : new Set<string>();
    for (const doc of docs) yield* documentRows(doc, kinds, firms);
  }
}

/**
 * The rows of one document, people first, then dates, then quotations, each in text order;
 * weak people named in `firms` (CorpusStore.firmNames) left out.
 */
export function* documentRows(d: IngestedDoc, kinds: readonly FactKind[], firms: ReadonlySet<string> = new Set()): Generator<ExportRow> {
  const facts = d.facts;
  const paragraph = (n: number) => d.paragraphs[n - 1];
  const cite = (n: number) => docCitation(d, n);
  const sentence = (n: number, i: number) => sentenceText(paragraph(n), i);
  if (kinds.includes('people')) {
    for (const f of facts.people) {
      if (f.weak && firms.has(f.name)) continue;
      const base = { fact: 'people' as const, name: f.name, aliases: f.aliases, kind: f.kind, mentions: f.mentions.length };
      for (const r of f.roles) yield { ...base, answer: r.role, excerpt: sentence(r.paragraph, r.sentence), citation: cite(r.paragraph) };
      if (f.roles.length === 0 && f.mentions.length) {
        // No role stated: the sentence of the first mention, as /who answers it.
        const m = f.mentions[0];
        const p = paragraph(m.paragraph);
        const i = Math.max(
          0,
          p.sentences.findIndex((s) => s.start <= m.start && m.start < s.end),
        );
        const text = sentenceText(p, i);
        yield { ...base, answer: text, excerpt: text, citation: cite(m.paragraph) };
      }
    }
  }
  if (kinds.includes('dates')) {
    for (const f of facts.dates) {
      const row: ExportRow = {
        fact: 'dates',
        answer: f.text,
        dateText: f.text,
        date: f.date,
        precision: f.precision,
        kind: f.kind,
        excerpt: sentence(f.paragraph, f.sentence),
        citation: cite(f.paragraph),
      };
      if (f.anchor) row.anchor = f.anchor;
      if (f.note) row.note = f.note;
      yield row;
    }
  }
  if (kinds.includes('quotes')) {
    for (const f of facts.quotes) {
      const row: ExportRow = {
        fact: 'quotes',
        answer: f.text,
        speaker: f.speaker,
        speakerKind: f.speakerKind,
        partial: f.partial,
        excerpt: sentence(f.paragraph, f.sentence),
        citation: cite(f.paragraph),
      };
      if (f.speakerRole) row.speakerRole = f.speakerRole;
      yield row;
    }
  }
}

/** The CSV columns: the contract's fields, the citation spread over its own columns. */
export const CSV_COLUMNS = [
  'fact',
  'answer',
  'name',
  'aliases',
  'kind',
  'dateText',
  'date',
  'precision',
  'note',
  'speaker',
  'speakerRole',
  'speakerKind',
  'partial',
  'excerpt',
  'docId',
  'title',
  'source',
  'url',
  'published',
  'paragraph',
] as const;

/**
 * One CSV line (RFC 4180: quoted when needed, quotes doubled). A cell that a spreadsheet would
 * run as a formula (=, +, -, @ first) gets a leading apostrophe, so opening the file runs nothing.
 */
export function csvLine(row: ExportRow | null): string {
  if (!row) return CSV_COLUMNS.join(',');
  const c = row.citation;
  const value = (k: (typeof CSV_COLUMNS)[number]): unknown => {
    if (k === 'docId' || k === 'title' || k === 'source' || k === 'url' || k === 'published' || k === 'paragraph') return c[k];
    const v = row[k];
    return Array.isArray(v) ? v.join('; ') : v;
  };
  return CSV_COLUMNS.map((k) => csvCell(value(k))).join(',');
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  let s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
