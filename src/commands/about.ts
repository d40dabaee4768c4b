import { defineCommand } from './types.js';
import { DOC_FORMATS, type DocFormat } from '../types.js';

/** "3 md · 1 pdf · 2 docx", in a fixed order, formats with no documents left out. */
export function formatCounts(formats: readonly DocFormat[]): string {
  const n = new Map<DocFormat, number>();
  for (const f of formats) n.set(f, (n.get(f) ?? 0) + 1);
  const parts = DOC_FORMATS.filter((f) => n.has(f)).map((f) => `${n.get(f)} ${f}`);
  return parts.length ? parts.join(' · ') : 'none';
}

export const aboutCommand = defineCommand({
  definition: { name: 'about', description: 'The corpus: documents, passages, people, dates, last reload', usage: '/about' },
  run(ctx) {
    const s = ctx.corpus.stats;
    const range = ctx.corpus.dates.range ?? s.published;
    const lines = [
      `Documents: ${s.documents} · passages: ${s.passages}`,
      `Formats: ${formatCounts(ctx.corpus.docs.map((d) => d.meta.format))}`,
      `People and groups: ${s.people} · dated events: ${s.dates} · quotations: ${s.quotes}`,
      `Dates covered: ${range ? `${range.from} to ${range.to}` : 'none known'}`,
      `Last reload: ${ctx.status.lastReload.toISOString()}${ctx.status.loadedFrom ? ` (from ${ctx.status.loadedFrom})` : ''}${ctx.status.reloading ? ' · reloading now' : ''}`,
    ];
    if (ctx.status.lastError) lines.push(`Last reload problem: ${ctx.status.lastError}`);
    if (ctx.corpus.skipped.length) {
      lines.push(`Skipped documents (${ctx.corpus.skipped.length}):`);
      for (const sk of ctx.corpus.skipped.slice(0, 10)) lines.push(`• ${sk.file}: ${sk.reason}`);
      if (ctx.corpus.skipped.length > 10) lines.push(`• … and ${ctx.corpus.skipped.length - 10} more`);
    }
    return { command: 'about', query: '', heading: 'About this corpus', lines, results: [] };
  },
});
