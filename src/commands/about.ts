import { defineCommand } from './types.js';
import { DOC_FORMATS, type DocFormat } from '../types.js';

/** "3 md · 1 pdf · 2 docx", in a fixed order, formats with no documents left out. */
export function formatCounts(counts: Partial<Record<DocFormat, number>>): string {
  const parts = DOC_FORMATS.filter((f) => counts[f]).map((f) => `${counts[f]} ${f}`);
  return parts.length ? parts.join(' · ') : 'none';
}

export const aboutCommand = defineCommand({
  definition: { name: 'about', description: 'The corpus: documents, passages, people, dates, last reload', usage: '/about' },
  async run(ctx) {
    const s = await ctx.corpus.summary();
    const range = s.eventDates ?? s.published;
    const lines = [
      `Documents: ${s.documents} · passages: ${s.passages}`,
      `Formats: ${formatCounts(s.formats)}`,
      `People and groups: ${s.people} · dated events: ${s.dates} · quotations: ${s.quotes}`,
      `Dates covered: ${range ? `${range.from} to ${range.to}` : 'none known'}`,
      `Last reload: ${ctx.status.lastReload.toISOString()}${ctx.status.loadedFrom ? ` (from ${ctx.status.loadedFrom})` : ''}${ctx.status.reloading ? ' · reloading now' : ''}`,
    ];
    if (ctx.status.lastError) lines.push(`Last reload problem: ${ctx.status.lastError}`);
    if (s.skipped) {
      lines.push(`Skipped documents (${s.skipped}):`);
      for (const sk of s.skippedFiles) lines.push(`• ${sk.file}: ${sk.reason}`);
      if (s.skipped > s.skippedFiles.length) lines.push(`• … and ${s.skipped - s.skippedFiles.length} more`);
    }
    return { command: 'about', query: '', heading: 'About this corpus', lines, results: [] };
  },
});
