/**
 * Date extraction on the shared corpora: throughput, and a random sample of resolved relative
 * dates to check by hand (issue #4; the checked sample is in docs/notes/issue-4.md).
 *
 *   npx tsx eval/dates-sample.ts sample [N=60] [SEED=4]   # markdown table of N relative dates from Reuters
 *   npx tsx eval/dates-sample.ts throughput                # docs/s of extractDates on BBC and Reuters
 *   npx tsx eval/dates-sample.ts facts [bbc|reuters] [N=40] [SEED=11]  # N random facts: is each a date at all?
 *   npx tsx eval/dates-sample.ts kinds                     # how often each expression occurs (Reuters)
 *   node --expose-gc --import tsx eval/dates-sample.ts index  # DateIndex build, memory, /when and /timeline latency (Reuters)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanBody } from '../src/clean/index.js';
import { extractDates } from '../src/extract/dates/index.js';
import type { DateFact } from '../src/extract/types.js';
import { listDocuments } from '../src/read/files.js';
import { readDocument } from '../src/read/document.js';
import { splitDocument } from '../src/split/index.js';
import type { ParsedDoc } from '../src/types.js';
import { prng as rng } from '../test/helpers/prng.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** Read → clean → split only: the other extractors are not what is measured here. */
async function parse(dir: string, max = Infinity): Promise<ParsedDoc[]> {
  const files = (await listDocuments(dir)).slice(0, max);
  const out: ParsedDoc[] = [];
  for (const f of files) {
    const r = await readDocument(dir, f, { maxBytes: 5 * 1024 * 1024 });
    if (!r.ok) continue;
    const c = cleanBody(r.doc.body, r.doc.meta.title);
    if (c.blocks.length) out.push(splitDocument(r.doc.meta, c.blocks));
  }
  return out;
}

/** A date the reader has to work out from the publication date: relative, or a day or month without its year. */
function needsPublication(f: DateFact): boolean {
  if (f.date === null || f.precision === 'vague') return false;
  if (f.kind !== 'absolute') return true;
  return !/\d{4}/.test(f.text);
}

const WD = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function sentenceOf(doc: ParsedDoc, f: DateFact): string {
  const p = doc.paragraphs[f.paragraph - 1];
  const s = p.sentences[f.sentence];
  return p.text.slice(s.start, s.end);
}

async function sample(n: number, seed: number) {
  const docs = await parse(path.join(CORPUS, 'reuters'));
  const pool: { doc: ParsedDoc; f: DateFact }[] = [];
  for (const doc of docs) for (const f of extractDates(doc)) if (needsPublication(f)) pool.push({ doc, f });
  const rand = rng(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(n, pool.length)) picked.add(Math.floor(rand() * pool.length));
  console.log(`${pool.length} resolved relative dates in ${docs.length} Reuters documents; sample of ${picked.size} (seed ${seed})\n`);
  console.log('| # | doc | published | as written | resolved | precision | sentence |');
  console.log('|---|---|---|---|---|---|---|');
  [...picked].forEach((i, k) => {
    const { doc, f } = pool[i];
    const pub = doc.meta.published ?? '';
    const wd = pub ? WD[new Date(pub).getUTCDay()] : '';
    const sent = sentenceOf(doc, f);
    const at = sent.indexOf(f.text);
    const from = Math.max(0, at - 110);
    const shown = `${from > 0 ? '…' : ''}${sent.slice(from, at)}**${f.text}**${sent.slice(at + f.text.length, at + f.text.length + 70)}${at + f.text.length + 70 < sent.length ? '…' : ''}`;
    console.log(
      `| ${k + 1} | ${doc.meta.id} | ${pub.slice(0, 10)} ${wd} | ${cell(f.text)} | ${f.date} | ${f.precision} | ${cell(shown)} |`,
    );
  });
}

/** CPU milliseconds of f (the machine is shared: wall time measures the neighbours too). */
function cpuMs(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** CPU time of an answer, awaited (the memory store resolves at once, so only this work is counted). */
async function answerCpuMs(f: () => Promise<unknown>): Promise<number> {
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

async function throughput() {
  for (const name of ['bbc', 'reuters']) {
    const docs = await parse(path.join(CORPUS, name));
    extractDates(docs[0]); // load the tagger used for event anchors outside the timing
    let facts = 0;
    const runs: { cpu: number; wall: number }[] = [];
    for (let r = 0; r < 3; r++) {
      facts = 0;
      const t0 = performance.now();
      const cpu = cpuMs(() => {
        for (const d of docs) facts += extractDates(d).length;
      });
      runs.push({ cpu, wall: performance.now() - t0 });
    }
    const best = runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
    console.log(
      `${name}: ${docs.length} docs, ${facts} date facts; best of 3: ${best.cpu.toFixed(0)} ms CPU (${best.wall.toFixed(0)} ms wall) → ${Math.round((docs.length / best.cpu) * 1000)} docs/s per core`,
    );
  }
}

async function kinds() {
  const docs = await parse(path.join(CORPUS, 'reuters'));
  const counts = new Map<string, number>();
  for (const d of docs)
    for (const f of extractDates(d)) {
      const key = `${f.kind} ${f.precision} ${f.text.toLowerCase().replace(/\d/g, '9')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 80)) console.log(v, k);
}

/** DateIndex on Reuters: build time, heap it adds, and /when and /timeline latency (p50/p99 over the bench's /when queries). */
async function index() {
  const { Corpus } = await import('../src/index/corpus.js');
  const { memoryStore } = await import('../src/corpus/memory.js');
  const { DateIndex } = await import('../src/index/dates.js');
  const { when } = await import('../src/answer/when.js');
  const { timeline } = await import('../src/answer/timeline.js');
  const { WHEN } = await import('../bench/queries.js');
  const parsed = await parse(path.join(CORPUS, 'reuters'));
  const docs = parsed.map((d) => ({ ...d, facts: { people: [], dates: extractDates(d), quotes: [] }, removedBlocks: 0 }));
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let idx!: ReturnType<typeof DateIndex.build>;
  const buildMs = cpuMs(() => {
    idx = DateIndex.build(docs);
  });
  global.gc?.();
  const heapMB = (process.memoryUsage().heapUsed - heap0) / 1048576;
  console.log(
    `DateIndex over ${docs.length} Reuters docs: ${idx.size} events in ${idx.sentences.length} sentences, built in ${buildMs.toFixed(0)} ms CPU, heap +${heapMB.toFixed(0)} MB${global.gc ? '' : ' (run with --expose-gc for a steadier figure)'}`,
  );
  const v8 = await import('node:v8');
  let bytes = 0;
  const saveMs = cpuMs(() => {
    bytes = v8.serialize(idx.toSnapshot()).length;
  });
  const snap = v8.serialize(idx.toSnapshot());
  const restoreMs = cpuMs(() => {
    DateIndex.fromSnapshot(v8.deserialize(snap), docs);
  });
  console.log(
    `snapshot part: ${(bytes / 1048576).toFixed(1)} MB, written in ${saveMs.toFixed(0)} ms CPU, restored in ${restoreMs.toFixed(0)} ms CPU`,
  );
  const corpus = memoryStore(new Corpus({ docs, skipped: [] }));
  const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
  for (const [name, run] of [
    ['when', (q: string) => when(corpus, q)],
    ['when order:date', (q: string) => when(corpus, q, 'date')],
    ['timeline TOPIC', (q: string) => timeline(corpus, q)],
    ['timeline', () => timeline(corpus)],
  ] as const) {
    for (const q of WHEN) await run(q); // warm
    const ms: number[] = [];
    for (let r = 0; r < 5; r++) for (const q of WHEN) ms.push(await answerCpuMs(() => run(q)));
    console.log(`${name}: p50 ${pct(ms, 50).toFixed(2)} ms, p99 ${pct(ms, 99).toFixed(2)} ms CPU over ${ms.length} queries`);
  }
  const slow: { q: string; ms: number }[] = [];
  for (const q of WHEN) {
    let best = Infinity;
    for (let r = 0; r < 3; r++) best = Math.min(best, await answerCpuMs(() => when(corpus, q)));
    slow.push({ q, ms: best });
  }
  const slowest = slow.sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log('slowest /when:', slowest.map((x) => `${x.q} ${x.ms.toFixed(1)} ms`).join(', '));
}

/** N random date facts of a corpus with their sentences: is each found phrase a date at all? */
async function facts(corpus: string, n: number, seed: number) {
  const docs = await parse(path.join(CORPUS, corpus));
  const pool: string[] = [];
  for (const d of docs) {
    for (const f of extractDates(d)) {
      const sent = sentenceOf(d, f);
      const at = f.start - d.paragraphs[f.paragraph - 1].sentences[f.sentence].start;
      pool.push(
        `${f.text} → ${f.date} (${f.precision}) :: …${sent.slice(Math.max(0, at - 70), at)}[[${f.text}]]${sent.slice(at + f.text.length, at + f.text.length + 40)}`,
      );
    }
  }
  const rand = rng(seed);
  for (let i = 0; i < n; i++) console.log(pool[Math.floor(rand() * pool.length)]);
}

const [mode = 'sample', a, b, c] = process.argv.slice(2);
if (mode === 'facts') await facts(a ?? 'bbc', Number(b ?? 40), Number(c ?? 11));
else if (mode === 'throughput') await throughput();
else if (mode === 'index') await index();
else if (mode === 'kinds') await kinds();
else await sample(Number(a ?? 60), Number(b ?? 4));
