/**
 * Evaluation and measurement of people extraction (issue #3).
 *
 *   npx tsx eval/people-sample.ts [--dir DIR] [--n 60] [--seed 3]   a random sample of extracted
 *       people (fixed seed) with their roles and the sentence they come from, as a Markdown table
 *       to judge by reading;
 *   npx tsx eval/people-sample.ts --bench [--dir DIR]               extraction throughput
 *       (documents/s, extractPeople alone), the heap the people facts add, index build time, and
 *       lookup/autocomplete latency.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractPeople } from '../src/extract/people/index.js';
import type { PersonFact } from '../src/extract/types.js';
import { PeopleIndex } from '../src/index/people.js';
import { ingestDirectory, type IngestedDoc } from '../src/ingest/index.js';
import { prng as rng } from '../test/helpers/prng.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const dir = path.resolve(ROOT, opt('dir', '../shared/corpus/bbc'));

function sentence(d: IngestedDoc, paragraph: number, at: number | { sentence: number }): string {
  const p = d.paragraphs[paragraph - 1];
  const i =
    typeof at === 'number'
      ? Math.max(
          0,
          p.sentences.findIndex((s) => s.start <= at && at < s.end),
        )
      : at.sentence;
  const s = p.sentences[i];
  return p.text.slice(s.start, s.end);
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

async function sample(): Promise<void> {
  const n = Number(opt('n', '60'));
  const seed = Number(opt('seed', '3'));
  const kind = opt('kind', 'person');
  const { docs } = await ingestDirectory(dir, { maxBytes: 5 * 1024 * 1024 });
  const all: { doc: IngestedDoc; p: PersonFact }[] = [];
  for (const d of docs) for (const p of d.facts.people) if (p.kind === kind) all.push({ doc: d, p });
  const random = rng(seed);
  // Fisher–Yates on a copy, then the first n.
  const pick = [...all];
  for (let i = pick.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pick[i], pick[j]] = [pick[j], pick[i]];
  }
  console.log(`${all.length} ${kind} entries extracted from ${docs.length} documents in ${dir}; sample of ${n} (seed ${seed})\n`);
  console.log('| # | doc | name | roles | sentence |');
  console.log('|---|---|---|---|---|');
  pick.slice(0, n).forEach(({ doc, p }, i) => {
    const r = p.roles[0];
    const m = p.mentions[0];
    const s = r ? sentence(doc, r.paragraph, r) : sentence(doc, m.paragraph, m.start);
    console.log(`| ${i + 1} | ${doc.meta.id} | ${cell(p.name)} | ${cell(p.roles.map((x) => x.role).join(' ; ') || '—')} | ${cell(s)} |`);
  });
}

function heapUsed(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function bench(): Promise<void> {
  const t0 = performance.now();
  const { docs } = await ingestDirectory(dir, { maxBytes: 5 * 1024 * 1024 });
  const ingestMs = performance.now() - t0;
  // Extraction alone, on documents already read, cleaned and split (warm: a first pass, then timed).
  for (const d of docs.slice(0, 200)) extractPeople(d);
  // The heap the facts add: drop the ones ingest made, then measure around a fresh extraction.
  for (const d of docs) d.facts.people = [];
  const before = heapUsed();
  const cpu = process.cpuUsage();
  const t1 = performance.now();
  const fresh = docs.map((d) => extractPeople(d));
  const extractMs = performance.now() - t1;
  const used = process.cpuUsage(cpu);
  const extractCpuMs = (used.user + used.system) / 1000;
  const withFacts = heapUsed();
  docs.forEach((d, i) => (d.facts.people = fresh[i]));
  const facts = fresh.reduce((n, f) => n + f.length, 0);
  const mentions = fresh.reduce((n, f) => n + f.reduce((m, p) => m + p.mentions.length, 0), 0);
  const t2 = performance.now();
  const cpu2 = process.cpuUsage();
  const index = PeopleIndex.build(docs);
  const buildMs = performance.now() - t2;
  const u2 = process.cpuUsage(cpu2);
  const withIndex = heapUsed();
  const names = index.entries.slice(0, 2000).map((e) => e.name);
  const prefixes = ['a', 'jo', 'bla', 'mich', 'presid', 'sm', 'zz', 'wil', 'ka', 'th'];
  const t3 = performance.now();
  let ac = 0;
  for (let r = 0; r < 100; r++) for (const p of prefixes) ac += index.autocomplete(p).length;
  const acMs = (performance.now() - t3) / (100 * prefixes.length);
  const t4 = performance.now();
  for (const nm of names.slice(0, 500)) index.lookup(nm);
  const lookupMs = (performance.now() - t4) / Math.min(500, names.length);
  const t5 = performance.now();
  for (const nm of names.slice(0, 200)) index.lookup(`${nm.slice(0, -1)}x`);
  const typoMs = (performance.now() - t5) / Math.min(200, names.length);
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    JSON.stringify(
      {
        dir: path.relative(ROOT, dir),
        documents: docs.length,
        ingestSeconds: +(ingestMs / 1000).toFixed(1),
        peopleFacts: facts,
        peopleMentions: mentions,
        extractPeopleDocsPerSecond: Math.round(docs.length / (extractMs / 1000)),
        extractPeopleDocsPerCpuSecond: Math.round(docs.length / (extractCpuMs / 1000)),
        extractPeopleMsPerDoc: +(extractMs / docs.length).toFixed(3),
        heapPeopleFacts: mb(withFacts - before),
        heapPeopleIndex: mb(withIndex - withFacts),
        indexEntries: index.size,
        indexBuildMs: Math.round(buildMs),
        indexBuildCpuMs: Math.round((u2.user + u2.system) / 1000),
        autocompleteMs: +acMs.toFixed(3),
        lookupExactMs: +lookupMs.toFixed(3),
        lookupTypoMs: +typoMs.toFixed(3),
        autocompleteResults: ac,
      },
      null,
      2,
    ),
  );
}

await (args.includes('--bench') ? bench() : sample());
