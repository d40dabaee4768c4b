import { defineCommand } from './types.js';

export const aboutCommand = defineCommand({
  definition: { name: 'about', description: 'The corpus: documents, passages, people, dates, last reload', usage: '/about' },
  run(ctx) {
    const s = ctx.corpus.stats;
    const range = ctx.corpus.dates.range ?? s.published;
    const lines = [
      `Documents: ${s.documents} · passages: ${s.passages}`,
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
