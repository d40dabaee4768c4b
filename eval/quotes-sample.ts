/**
 * Quote extraction on a real corpus (issue #5): a random sample of quotations to check by hand,
 * and extraction throughput.
 *
 *   npx tsx eval/quotes-sample.ts [--dir ../shared/corpus/bbc] [--n 60] [--seed 20261122] [--context 100] [--throughput]
 *
 * The sample is drawn with a fixed seed, so the same corpus gives the same table. Each row shows
 * the quote's opening and closing words, the speaker and the rule that found it, and the text
 * around it, so that "found whole?", "right speaker?" can be judged from the table alone.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractQuotes } from '../src/extract/quotes/index.js';
import { ingestDirectory, type IngestedDoc } from '../src/ingest/index.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

const dir = path.resolve(arg('dir', '../shared/corpus/bbc'));
const n = Number(arg('n', '60'));
let seed = Number(arg('seed', '20261122'));
const throughputOnly = process.argv.includes('--throughput');
/** Characters of text shown before each quote (more helps judge "he said"). */
const before = Number(arg('context', '100'));

/** mulberry32: a small seeded generator, so that the sample is reproducible. */
function random(): number {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function short(s: string, head = 60, tail = 30): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length <= head + tail + 3 ? t : `${t.slice(0, head)} … ${t.slice(-tail)}`;
}

const t0 = performance.now();
const { docs } = await ingestDirectory(dir, { maxBytes: 5 * 1024 * 1024 });
const ingestMs = performance.now() - t0;

// Throughput of quote extraction alone, on documents already read, cleaned and split (best of 3).
let best = Infinity;
let count = 0;
for (let run = 0; run < 3; run++) {
  const s = performance.now();
  count = 0;
  for (const d of docs) count += extractQuotes(d, d.facts.people).length;
  best = Math.min(best, performance.now() - s);
}
const attributed = docs.reduce((a, d) => a + d.facts.quotes.filter((q) => q.speaker).length, 0);
console.log(
  `# ${path.basename(dir)}: ${docs.length} documents, ${count} quotations (${attributed} attributed, ${count - attributed} unattributed)`,
);
console.log(
  `# quote extraction: ${(docs.length / (best / 1000)).toFixed(0)} docs/s (${best.toFixed(0)} ms for all, best of 3); full ingest ${(docs.length / (ingestMs / 1000)).toFixed(0)} docs/s`,
);
const byRule = new Map<string, number>();
for (const d of docs)
  for (const q of d.facts.quotes) byRule.set(q.attribution ?? 'unattributed', (byRule.get(q.attribution ?? 'unattributed') ?? 0) + 1);
console.log(
  `# by rule: ${[...byRule.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
if (throughputOnly) process.exit(0);

const all: { doc: IngestedDoc; i: number }[] = [];
for (const doc of docs) doc.facts.quotes.forEach((_, i) => all.push({ doc, i }));
const picked = new Set<number>();
while (picked.size < Math.min(n, all.length)) picked.add(Math.floor(random() * all.length));

console.log('\n| # | doc ¶ | quote (start … end) | speaker (role) | rule | context |');
console.log('|---|---|---|---|---|---|');
[...picked].forEach((k, row) => {
  const { doc, i } = all[k];
  const q = doc.facts.quotes[i];
  const p = doc.paragraphs[q.paragraph - 1];
  // The paragraph before too, when the quote opens its paragraph: "he said" may point there.
  const prev = q.start < before && q.paragraph > 1 ? `${doc.paragraphs[q.paragraph - 2].text.slice(-(before - q.start))} ¶ ` : '';
  const from = Math.max(0, q.start - before);
  const last = doc.paragraphs[q.endParagraph - 1];
  const ctx = `${from > 0 || prev ? '…' : ''}${prev}${p.text.slice(from, q.start)}⟦…⟧${last.text.slice(q.end, q.end + 80)}`;
  const who = q.speaker ? `${q.speaker}${q.speakerRole ? ` (${q.speakerRole})` : ''}` : '—';
  console.log(
    `| ${row + 1} | ${doc.meta.id} ¶${q.paragraph}${q.endParagraph !== q.paragraph ? `–${q.endParagraph}` : ''} | ${cell(short(q.text))} | ${cell(who)} | ${q.attribution ?? '—'}${q.unclosed ? ', unclosed' : ''} | ${cell(ctx)} |`,
  );
});
