/**
 * What was understood of one document, as plain data: the reply to /add and /restore shows it
 * (the renderers lay it out), and `ask --json` carries it as `document`.
 */
import type { IngestedDoc } from '../ingest/index.js';
import type { DocFormat } from '../types.js';

/** How many of each kind of fact are listed by name (the counts cover them all). */
export const FIRST_FEW = 5;

export interface DocumentSummary {
  docId: string;
  file: string;
  title: string;
  format: DocFormat;
  source?: string;
  url?: string;
  published?: string;
  publishedFrom?: string;
  /** Paragraphs that are text (headings not counted), and pages for a PDF. */
  paragraphs: number;
  pages?: number;
  people: { count: number; first: string[] };
  dates: { count: number; first: { text: string; date: string | null }[] };
  quotes: { count: number; first: { text: string; speaker: string | null }[] };
}

export function documentSummary(doc: IngestedDoc): DocumentSummary {
  const m = doc.meta;
  const text = doc.paragraphs.filter((p) => !p.heading);
  const pages = doc.paragraphs.reduce((n, p) => Math.max(n, p.page ?? 0), 0);
  const { people, dates, quotes } = doc.facts;
  // People with a role first: they are what /who answers best.
  const named = [...people].sort(
    (a, b) => Number(b.roles.length > 0) - Number(a.roles.length > 0) || b.mentions.length - a.mentions.length,
  );
  return {
    docId: m.id,
    file: m.file,
    title: m.title,
    format: m.format,
    ...(m.source ? { source: m.source } : {}),
    ...(m.url ? { url: m.url } : {}),
    ...(m.published ? { published: m.published } : {}),
    ...(m.publishedFrom ? { publishedFrom: m.publishedFrom } : {}),
    paragraphs: text.length,
    ...(pages ? { pages } : {}),
    people: { count: people.length, first: named.slice(0, FIRST_FEW).map((p) => p.name) },
    dates: { count: dates.length, first: dates.slice(0, FIRST_FEW).map((d) => ({ text: d.text, date: d.date })) },
    quotes: { count: quotes.length, first: quotes.slice(0, FIRST_FEW).map((q) => ({ text: q.text, speaker: q.speaker })) },
  };
}
