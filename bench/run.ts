/**
 * `npm run bench -- --data DIR [--scale N] [--runs R] [--out FILE.json] [--speedup] [--profile-every K]`
 * `npm run bench -- --live --data DIR [--scale N] [--changes K] [--every MS] [--no-compact]` (live.ts: a stream of documents, then the restart)
 *
 * One run measures, on the same passages: cold ingest (per stage and whole, on every core and on
 * one worker), warm start from the snapshot, heap and RSS after load, and p50/p95/p99 latency of
 * /who, /when, /quote, /search and autocomplete through their command handlers — next to raw
 * MiniSearch (default options; and prefix+fuzzy) and FlexSearch, as figures and as ratios to raw
 * MiniSearch's plain-search p99 for the same words.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { cleanBody } from '../src/clean/index.js';
import { findCommand } from '../src/commands/index.js';
import { runLine } from '../src/commands/parse.js';
import { extractDates } from '../src/extract/dates/index.js';
import { extractPeople } from '../src/extract/people/index.js';
import { extractQuotes } from '../src/extract/quotes/index.js';
import { FACT_NAMES, type Corpus } from '../src/index/corpus.js';
import { DateIndex } from '../src/index/dates.js';
import { loadAll } from '../src/snapshot/lazy-docs.js';
import { loadCorpus } from '../src/load/index.js';
import { defaultWorkers, ingestTasks, warmWorkers } from '../src/ingest/parallel.js';
import { PeopleIndex } from '../src/index/people.js';
import { QuoteIndex } from '../src/index/quotes.js';
import { listDocuments } from '../src/read/files.js';
import { readDocument } from '../src/read/document.js';
import { splitDocument } from '../src/split/index.js';
import { withPhases, type Phase } from './phases.js';
import { loadCloned, scaledCorpus } from './scale.js';
import { timeQueries, type Lat } from './stats.js';
import { liveBench, printLive } from './live.js';
import { pgBench, replicatedFacts, type PgBench } from './pg.js';
import { AUTOCOMPLETE, PEOPLE, QUOTE, SEARCH, WHEN } from './queries.js';
import { contextFor } from '../src/commands/context.js';

const HEAP_MB = 14_000;

// The ×10 corpus needs far more than Node's default heap: re-run this script with a larger one.
if (!process.env.FACTDESK_BENCH_CHILD) {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${HEAP_MB}`, '--expose-gc', process.argv[1], ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, FACTDESK_BENCH_CHILD: '1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    },
  );
  process.exit(r.status ?? 1);
}

interface Args {
  data: string;
  scale: number;
  runs: number;
  out?: string;
  speedup: boolean;
  profileEvery: number;
  flex: boolean;
  /** With --scale: ingest the files once and clone the replicas (see scale.ts). */
  clone: boolean;
  /** Extra builds for the breakdowns (fact-index build times and heap) and MiniSearch prefix+fuzzy; default at ×1 only. */
  detail: boolean;
  /** Only the live benchmark (live.ts): a stream of `changes` documents, one every `every` ms. */
  live: boolean;
  /** With --live: whether the journal is compacted during the stream (--no-compact: never; live.ts). */
  compact: boolean;
  changes: number;
  every: number;
  /** With --live: a directory kept between runs for the scaled copy and its snapshot (default: a fresh temp dir). */
  work?: string;
  /** `--store postgres`: also the PostgreSQL corpus store (pg.ts), next to the memory store. */
  store: 'memory' | 'postgres';
  /** With --store postgres: the database to store the corpus in (default: a throwaway cluster). */
  database?: string;
  /** With --store postgres: only the PostgreSQL store (pg.ts replicatedFacts); `--work DIR` keeps the ×1 snapshot between runs. */
  pgOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    data: 'data',
    scale: 1,
    runs: 3,
    speedup: false,
    profileEvery: 1,
    flex: true,
    clone: false,
    detail: true,
    live: false,
    compact: true,
    changes: 20,
    every: 1000,
    store: 'memory',
    pgOnly: false,
  };
  let detail: boolean | undefined;
  let speedup: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--data') a.data = argv[++i];
    else if (v === '--scale') a.scale = Math.max(1, Number(argv[++i]) || 1);
    else if (v === '--runs') a.runs = Math.max(1, Number(argv[++i]) || 1);
    else if (v === '--out') a.out = argv[++i];
    else if (v === '--speedup') speedup = true;
    else if (v === '--no-speedup') speedup = false;
    else if (v === '--no-flex') a.flex = false;
    else if (v === '--clone-replicas') a.clone = true;
    else if (v === '--detail') detail = true;
    else if (v === '--no-detail') detail = false;
    else if (v === '--live') a.live = true;
    else if (v === '--changes') a.changes = Math.max(1, Number(argv[++i]) || 1);
    else if (v === '--every') a.every = Math.max(0, Number(argv[++i]) || 0);
    else if (v === '--work') a.work = argv[++i];
    else if (v === '--no-compact') a.compact = false;
    else if (v === '--store') {
      const store = argv[++i];
      if (store !== 'memory' && store !== 'postgres') throw new Error(`--store memory|postgres, not ${store}`);
      a.store = store;
    } else if (v === '--database') a.database = argv[++i];
    else if (v === '--pg-only') a.pgOnly = true;
    else if (v === '--profile-every') a.profileEvery = Math.max(1, Number(argv[++i]) || 1);
    else throw new Error(`unknown argument ${v}`);
  }
  a.speedup = speedup ?? a.scale === 1;
  a.detail = detail ?? a.scale === 1;
  return a;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const MB = (b: number) => b / 1024 / 1024;
const now = () => performance.now();

/** Heap in use after full collections; V8 sweeps concurrently, so let it finish before reading. */
async function heapUsed(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
  }
  return process.memoryUsage().heapUsed;
}

async function latency(queries: readonly string[], runs: number, fn: (q: string) => unknown): Promise<Lat> {
  // Collect the garbage of whatever ran before (another engine), so that neither side pays for
  // the other's allocations, and let V8 finish sweeping on its own threads (on two cores they
  // compete with the queries for a few hundred ms); then the warm-up pass and the timed runs.
  gc();
  await new Promise((r) => setTimeout(r, 500));
  return timeQueries(queries, runs, fn);
}

const report: Record<string, unknown> = {};
/** Each result as soon as it is measured (stderr), so that a run cut short still tells what it measured. */
function progress(what: string, value: unknown): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${what}: ${JSON.stringify(value)}\n`);
}
function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}
const f1 = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)) : 'n/a');
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : 'n/a');

/** Per-stage cost, measured on one thread over the files (every Kth): stages are per-document, so scale does not change them. */
async function profileStages(root: string, files: string[], every: number) {
  const t = { read: 0, clean: 0, split: 0, people: 0, dates: 0, quotes: 0 };
  let docs = 0;
  for (let i = 0; i < files.length; i += every) {
    let s = now();
    // Blocking reads, as the workers read: through fs.promises each file is four thread-pool
    // round trips, and this row measured them waiting (17 s of Reuters' on a loaded machine).
    const r = await readDocument(root, files[i], { maxBytes: 5 * 1024 * 1024, blocking: true });
    t.read += now() - s;
    if (!r.ok) continue;
    s = now();
    const cleaned = cleanBody(r.doc.body, r.doc.meta.title);
    t.clean += now() - s;
    if (!cleaned.blocks.length) continue;
    s = now();
    const blocks = cleaned.blocks.some((b) => !b.heading) ? cleaned.blocks : cleaned.blocks.map((b) => ({ ...b, heading: false }));
    const parsed = splitDocument(r.doc.meta, blocks);
    t.split += now() - s;
    try {
      s = now();
      const people = extractPeople(parsed);
      t.people += now() - s;
      s = now();
      extractDates(parsed);
      t.dates += now() - s;
      s = now();
      extractQuotes(parsed, people);
      t.quotes += now() - s;
    } catch {
      // A document an extractor fails on is skipped by the real ingest too.
    }
    docs++;
  }
  return { docs, ms: t };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.live) {
    const live = await liveBench({
      data: args.data,
      scale: args.scale,
      changes: args.changes,
      everyMs: args.every,
      work: args.work,
      compact: args.compact,
    });
    printLive(live, args.scale);
    if (args.out) writeFileSync(args.out, JSON.stringify({ args, live }, null, 2));
    return;
  }
  const root = path.resolve(args.data);
  if (args.store === 'postgres' && args.pgOnly) return pgOnly(root, args);
  const state = mkdtempSync(path.join(os.tmpdir(), 'factdesk-bench-'));
  const files = await listDocuments(root);
  const cores = defaultWorkers();
  report.args = {
    ...args,
    root,
    files: files.length,
    cores,
    node: process.version,
    heapLimitMB: Math.round(MB(v8.getHeapStatistics().heap_size_limit)),
  };
  log(
    `# factdesk bench — ${root} ×${args.scale} (${int(files.length * args.scale)} files), ${cores} cores, node ${process.version}, ${new Date().toISOString()}`,
  );
  const base = await heapUsed();

  // 1. Per-stage cost on one thread.
  const prof = await profileStages(root, files, args.profileEvery);
  report.stages = prof;
  progress('stages', prof);

  // The corpus × scale, as a directory of hard links (see scale.ts); the corpus itself at ×1.
  const data = await scaledCorpus(root, args.scale, path.join(state, 'corpus'));

  // 2. Cold ingest on every core, with a snapshot saved.
  const phases: Partial<Record<Phase, number>> = {};
  let cpuAtIngest: NodeJS.CpuUsage | undefined;
  let coresUsed = NaN;
  let t = now();
  let cold: Corpus | undefined = (
    await withPhases(
      async () =>
        args.clone && args.scale > 1
          ? { corpus: await loadCloned(root, data, args.scale, 5 * 1024 * 1024, state) }
          : loadCorpus(data, { maxBytes: 5 * 1024 * 1024, stateDir: state }),
      (p, ms) => {
        phases[p] = (phases[p] ?? 0) + ms;
        // CPU time of the whole process (workers included) over the ingest: cores in use on average.
        if (p === 'list') cpuAtIngest = process.cpuUsage();
        if (p === 'ingest' && cpuAtIngest) {
          const u = process.cpuUsage(cpuAtIngest);
          coresUsed = (u.user + u.system) / 1000 / ms;
        }
      },
    )
  ).corpus;
  const coldTotal = now() - t;
  const coldMs = coldTotal - (phases['snapshot-save'] ?? 0);
  const docsN = cold.docs.length;
  const passagesN = cold.passages.length;
  // What the fact indexes cost to build, inside the Corpus build (built and dropped: they hold the documents).
  let tPeople = NaN;
  let tDates = NaN;
  let tQuotes = NaN;
  if (args.detail) {
    t = now();
    PeopleIndex.build(cold.docs);
    tPeople = now() - t;
    t = now();
    DateIndex.build(cold.docs);
    tDates = now() - t;
    t = now();
    QuoteIndex.build(cold.docs);
    tQuotes = now() - t;
  }
  const factBuild = tPeople + tDates + tQuotes;
  const texts = cold.passages.map((p) => cold!.paragraph(p.doc, p.paragraph).text);
  const coldHeap = (await heapUsed()) - base;
  // The heap the facts take: the facts in the documents and the fact indexes.
  let factsDocHeap = NaN;
  let factsIndexHeap = NaN;
  if (args.detail) {
    let h0 = await heapUsed();
    // Assigned again below only to drop it, so the next measurement does not count it.
    // eslint-disable-next-line no-useless-assignment
    let factsClone: unknown = structuredClone(cold.docs.map((d) => d.facts));
    factsDocHeap = (await heapUsed()) - h0;
    factsClone = undefined;
    void factsClone;
    h0 = await heapUsed();
    // eslint-disable-next-line no-useless-assignment
    let factIdx: unknown[] = [PeopleIndex.build(cold.docs), DateIndex.build(cold.docs), QuoteIndex.build(cold.docs)];
    factsIndexHeap = (await heapUsed()) - h0;
    factIdx = [];
    void factIdx;
  }
  report.cold = {
    ms: coldMs,
    phases,
    coresUsed,
    docs: docsN,
    passages: passagesN,
    factBuild: { people: tPeople, dates: tDates, quotes: tQuotes },
    heapMB: MB(coldHeap),
  };
  progress('cold', report.cold);
  cold = undefined;

  // 3. The speed-up: the ingest alone (no corpus built beside it, which the cold load overlaps
  // with it) on one worker, then on every core.
  let oneWorkerMs = NaN;
  let allWorkersMs = NaN;
  if (args.speedup) {
    const tasks = (await listDocuments(data)).map((file) => ({ file }));
    // Each timed ingest starts with its workers booted (the pool keeps one after the cold load, so
    // without this the one-worker run started warm and the all-core run waited for a boot).
    const one = { maxBytes: 5 * 1024 * 1024, workers: 1, minFilesForWorkers: 0 };
    await warmWorkers(tasks.length, one);
    t = now();
    await ingestTasks(data, tasks, one);
    oneWorkerMs = now() - t;
    progress('one worker', oneWorkerMs);
    const all = { maxBytes: 5 * 1024 * 1024, workers: cores, minFilesForWorkers: 0 };
    await warmWorkers(tasks.length, all);
    t = now();
    await ingestTasks(data, tasks, all);
    allWorkersMs = now() - t;
    progress(`${cores} workers`, allWorkersMs);
  }

  // 4. Warm start from the snapshot.
  const hWarm0 = await heapUsed();
  const warmPhases: Partial<Record<Phase, number>> = {};
  t = now();
  const warm = await withPhases(
    () => loadCorpus(data, { maxBytes: 5 * 1024 * 1024, stateDir: state }),
    (p, ms) => (warmPhases[p] = (warmPhases[p] ?? 0) + ms),
  );
  const warmMs = now() - t;
  if (warm.from !== 'snapshot') throw new Error('the warm start did not come from the snapshot');
  const corpus = warm.corpus;
  // Served from here on; document bodies are decoded on first use and in the background.
  // Finish that before measuring memory and latency.
  t = now();
  loadAll(corpus.docs);
  const bodiesMs = now() - t;
  const heapAfterLoad = (await heapUsed()) - hWarm0;
  const rssAfterLoad = process.memoryUsage().rss;
  report.warm = { ms: warmMs, bodiesMs, phases: warmPhases, heapMB: MB(heapAfterLoad), rssMB: MB(rssAfterLoad), oneWorkerMs, allWorkersMs };
  progress('warm', report.warm);
  rmSync(state, { recursive: true, force: true });

  // 5. Raw MiniSearch (default options) and FlexSearch on the same passages.
  let h = await heapUsed();
  t = now();
  const ms = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  for (let i = 0; i < texts.length; i++) ms.add({ id: i, text: texts[i] });
  const msBuild = now() - t;
  const msHeap = (await heapUsed()) - h;
  let flex: InstanceType<typeof FlexSearch.Index> | undefined;
  let flexBuild = NaN;
  let flexHeap = NaN;
  if (args.flex) {
    h = await heapUsed();
    t = now();
    flex = new FlexSearch.Index();
    for (let i = 0; i < texts.length; i++) void flex.add(i, texts[i]);
    flexBuild = now() - t;
    flexHeap = (await heapUsed()) - h;
  }
  report.peers = { minisearch: { buildMs: msBuild, heapMB: MB(msHeap) }, flexsearch: { buildMs: flexBuild, heapMB: MB(flexHeap) } };
  progress('peers', report.peers);
  report.coldToMiniSearch = coldMs / msBuild;

  // 6. Latency. Each command through its handler; the peers on the same words.
  const ctx = contextFor(corpus);
  const runs = args.runs;
  const plain = (qs: readonly string[]) => latency(qs, runs, (q) => ms.search(q));
  // Prefix+fuzzy MiniSearch: on the /search words always (once at ×N, where it takes seconds a
  // query); on the other sets with --detail, at ×1 only.
  const fuzzy = (qs: readonly string[], always = false) =>
    !always && (!args.detail || args.scale > 1)
      ? Promise.resolve(undefined)
      : latency(qs, args.scale > 1 ? 1 : runs, (q) => ms.search(q, { prefix: true, fuzzy: 0.2 }));
  const flexLat = (qs: readonly string[]) => (flex ? latency(qs, runs, (q) => flex.search(q)) : Promise.resolve(undefined));
  const cmd = (name: string, qs: readonly string[]) => latency(qs, runs, (q) => runLine(ctx, `/${name} ${q}`));
  const whoCmd = findCommand('who');
  const quoteCmd = findCommand('quote');
  const auto = whoCmd?.autocomplete ?? quoteCmd?.autocomplete;
  const autoOwner = whoCmd?.autocomplete ? whoCmd : quoteCmd;
  const autoOption = autoOwner?.definition.options?.find((o) => o.autocomplete)?.name ?? 'name';
  const rows: { name: string; ours?: Lat; plain: Lat; fuzzy?: Lat; flex?: Lat; note?: string }[] = [];
  const push = rows.push.bind(rows);
  rows.push = (...r) => {
    for (const x of r) progress(`latency ${x.name}`, x);
    return push(...r);
  };
  const sample = await runLine(ctx, `/who ${PEOPLE[0]}`);
  rows.push({
    name: '/search',
    ours: await cmd('search', SEARCH),
    plain: await plain(SEARCH),
    fuzzy: await fuzzy(SEARCH, true),
    flex: await flexLat(SEARCH),
  });
  rows.push({
    name: '/who',
    ours: await cmd('who', PEOPLE),
    plain: await plain(PEOPLE),
    fuzzy: await fuzzy(PEOPLE),
    flex: await flexLat(PEOPLE),
    note: sample.error ? `answers: ${sample.error}` : undefined,
  });
  rows.push({
    name: '/when',
    ours: await cmd('when', WHEN),
    plain: await plain(WHEN),
    fuzzy: await fuzzy(WHEN),
    flex: await flexLat(WHEN),
  });
  rows.push({
    name: '/quote',
    ours: await cmd('quote', QUOTE),
    plain: await plain(QUOTE),
    fuzzy: await fuzzy(QUOTE),
    flex: await flexLat(QUOTE),
  });
  rows.push({
    name: 'autocomplete',
    ours: auto ? await latency(AUTOCOMPLETE, runs, (q) => auto.call(autoOwner, ctx, autoOption, q)) : undefined,
    // "The same words": the names being typed, searched in full.
    plain: await plain(PEOPLE),
    fuzzy:
      args.scale > 1 || !args.detail
        ? undefined
        : await latency(AUTOCOMPLETE, runs, (q) => ms.autoSuggest(q, { prefix: true, fuzzy: 0.2 })),
    flex: await flexLat(AUTOCOMPLETE),
    note: auto ? `/${autoOwner!.definition.name} ${autoOption}` : 'no autocomplete handler yet',
  });
  report.latency = rows;

  // 6b. The PostgreSQL store: the same corpus stored, served by a bot process of its own.
  let pgResult: PgBench | undefined;
  let memTimeline: Lat | undefined;
  if (args.store === 'postgres') {
    memTimeline = await cmd('timeline', WHEN);
    pgResult = await pgBench(corpus, data, runs, args.database);
    report.postgres = pgResult;
    progress('postgres', pgResult);
  }

  // 7. The table.
  const cpuCold = (prof.ms.read + prof.ms.clean + prof.ms.split + prof.ms.people + prof.ms.dates + prof.ms.quotes) / prof.docs;
  log();
  log('## Ingest');
  log('| stage | ms total (one thread) | documents/s (one thread) |');
  log('|---|---:|---:|');
  for (const [k, v] of Object.entries(prof.ms)) log(`| ${k} | ${int(v)} | ${int(prof.docs / (v / 1000))} |`);
  log(
    `| all of the above, one thread (${int(prof.docs)} docs${args.profileEvery > 1 ? `, every ${args.profileEvery}th file` : ''}) | ${int(cpuCold * prof.docs)} | ${int(1000 / cpuCold)} |`,
  );
  log();
  log('| load | ms | documents/s | note |');
  log('|---|---:|---:|---|');
  log(`| cold: list + stat files | ${int(phases.list ?? 0)} | | ${int(files.length * args.scale)} files |`);
  log(
    `| cold: read→extract on ${files.length * args.scale >= 200 ? `${cores} workers` : 'the main thread (under 200 files)'}${args.clone && args.scale > 1 ? ` (files read once, ${args.scale - 1} replicas cloned)` : ''}, passage, title and dated-sentence indexes built meanwhile | ${int(phases.ingest ?? 0)} | ${int(docsN / ((phases.ingest ?? 1) / 1000))} | CPU ÷ wall = ${coresUsed.toFixed(2)} cores busy |`,
  );
  if (args.speedup)
    log(
      `| the ingest alone (no corpus built), one worker / ${cores} workers | ${int(oneWorkerMs)} / ${int(allWorkersMs)} | ${int(docsN / (oneWorkerMs / 1000))} / ${int(docsN / (allWorkersMs / 1000))} | **speed-up ×${(oneWorkerMs / allWorkersMs).toFixed(2)}** |`,
    );
  log(
    `| cold: then what needs every document (people, dates' anchors, quotes, Corpus) | ${int(phases.build ?? 0)} | ${int(docsN / ((phases.build ?? 1) / 1000))} | whole fact-index builds, for scale: people ${int(tPeople)}, dates ${int(tDates)} (its sentence index included), quotes ${int(tQuotes)} = ${int(factBuild)} |`,
  );
  log(
    `| **cold start total** (to a usable corpus) | **${int(coldMs)}** | ${int(docsN / (coldMs / 1000))} | ${int(docsN)} documents, ${int(passagesN)} passages; **×${(coldMs / msBuild).toFixed(2)} the raw MiniSearch build** below |`,
  );
  log(`| snapshot save (after cold) | ${int(phases['snapshot-save'] ?? 0)} | | |`);
  // Every fact index keeps the snapshot's contract (src/index/fact-index.ts): all are restored.
  const restored = FACT_NAMES;
  log(
    `| **warm start from snapshot** | **${int(warmMs)}** | | list ${int(warmPhases.list ?? 0)}, check ${int(warmPhases.check ?? 0)}, load ${int(warmPhases['snapshot-load'] ?? 0)} = documents ${int(warmPhases['restore-docs'] ?? NaN)} + MiniSearch indexes ${int(warmPhases['restore-indexes'] ?? NaN)} + stored fact indexes (${restored.join(', ') || 'none'}) ${int(warmPhases['restore-facts'] ?? NaN)} + rebuilt fact indexes ${int(warmPhases['restore-build'] ?? NaN)} → **×${(coldMs / warmMs).toFixed(1)} faster than cold**; then, in the background, the document bodies and index branches not yet used: ${int(bodiesMs)} |`,
  );
  log(`| raw MiniSearch build (same passages) | ${int(msBuild)} | ${int(passagesN / (msBuild / 1000))} passages/s | |`);
  if (args.flex) log(`| FlexSearch build (same passages) | ${int(flexBuild)} | ${int(passagesN / (flexBuild / 1000))} passages/s | |`);
  log();
  log('## Memory (after gc)');
  log('| what | heap MB | ratio to raw MiniSearch |');
  log('|---|---:|---:|');
  log(
    `| factdesk corpus after warm start, bodies decoded (documents, passages, indexes, facts) | ${f1(MB(heapAfterLoad))} | ×${(heapAfterLoad / msHeap).toFixed(2)} |`,
  );
  log(`| factdesk corpus after cold ingest | ${f1(MB(coldHeap))} | ×${(coldHeap / msHeap).toFixed(2)} |`);
  log(`| of which facts in documents | ${f1(MB(factsDocHeap))} | |`);
  log(`| of which fact indexes | ${f1(MB(factsIndexHeap))} | |`);
  log(`| raw MiniSearch, default options | ${f1(MB(msHeap))} | ×1.00 |`);
  if (args.flex) log(`| FlexSearch, default options | ${f1(MB(flexHeap))} | ×${(flexHeap / msHeap).toFixed(2)} |`);
  log(`| process RSS after warm start | ${f1(MB(rssAfterLoad))} | |`);
  log();
  const ref = rows[0].plain.p99;
  log(`## Latency (ms; ${runs} runs over each query set after a warm-up)`);
  log(
    'ratio A = factdesk p99 ÷ raw MiniSearch plain p99 on the same words; ratio B = factdesk p99 ÷ raw MiniSearch plain p99 on the /search words (the corpus-wide reference).',
  );
  log(
    '| command | factdesk p50 | p95 | p99 | **ratio A** | ratio B | MiniSearch plain p50 / p99 | MiniSearch prefix+fuzzy p99 | FlexSearch p99 | note |',
  );
  log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const o = r.ours;
    log(
      `| ${r.name} | ${o ? f1(o.p50) : 'n/a'} | ${o ? f1(o.p95) : 'n/a'} | ${o ? f1(o.p99) : 'n/a'} | **${o ? (o.p99 / r.plain.p99).toFixed(3) : 'n/a'}** | ${o ? (o.p99 / ref).toFixed(3) : 'n/a'} | ${f1(r.plain.p50)} / ${f1(r.plain.p99)} | ${r.fuzzy ? f1(r.fuzzy.p99) : 'not run'} | ${r.flex ? f1(r.flex.p99) : 'n/a'} | ${r.note ?? ''} |`,
    );
  }
  log();
  log(
    `Queries: ${SEARCH.length} /search, ${PEOPLE.length} /who, ${WHEN.length} /when, ${QUOTE.length} /quote, ${AUTOCOMPLETE.length} autocomplete prefixes (bench/queries.ts). Autocomplete's "same words" are the full names being typed.`,
  );
  if (pgResult)
    printPg(pgResult, args.scale, docsN, warmMs, MB(rssAfterLoad), {
      '/search': rows[0].ours,
      '/who': rows[1].ours,
      '/when': rows[2].ours,
      '/timeline': memTimeline,
      '/quote': rows[3].ours,
      autocomplete: rows[4].ours,
    });
  if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2));
}

/** The PostgreSQL store next to the memory store (memory figures absent with --pg-only). */
function printPg(p: PgBench, scale: number, docs: number, warmMs: number, rssMB: number, mem: Record<string, Lat | undefined>): void {
  const m = (v: number) => (Number.isFinite(v) ? v : NaN);
  log();
  log(`## The PostgreSQL store next to the memory store (×${scale}, ${int(docs)} documents)`);
  log('| | memory | postgres |');
  log('|---|---:|---:|');
  log(`| load into PostgreSQL (${int(p.rows)} rows, COPY in one transaction) | — | ${int(p.loadMs)} ms |`);
  log(`| database size | — | ${int(p.databaseMB)} MB |`);
  log(`| start with the corpus at hand (memory: warm start from the snapshot) | ${int(m(warmMs))} ms | ${int(p.startMs)} ms |`);
  log(`| RSS after start | ${int(m(rssMB))} MB | ${int(p.rssStart)} MB |`);
  log(`| RSS after the queries | — | ${int(p.rssAfter)} MB |`);
  for (const name of ['/search', '/who', '/when', '/timeline', '/quote', 'autocomplete']) {
    const a = mem[name];
    const q = p.latency[name];
    log(
      `| ${name} p50 / p95 / p99 ms | ${a ? `${f1(a.p50)} / ${f1(a.p95)} / ${f1(a.p99)}` : 'n/a'} | ${q ? `${f1(q.p50)} / ${f1(q.p95)} / ${f1(q.p99)}` : 'n/a'} |`,
    );
  }
  log();
  log(
    'The postgres column is a process of its own started as CORPUS_STORE=postgres (bench/pg-serve.ts): it reads no document; its queries are the same sets through the same handlers (/timeline on the /when words).',
  );
}

/** `--store postgres --pg-only`: the PostgreSQL store alone, on the corpus × scale (pg.ts). */
async function pgOnly(root: string, args: Args): Promise<void> {
  const work = args.work ?? mkdtempSync(path.join(os.tmpdir(), 'factdesk-bench-'));
  log(`# factdesk bench — the PostgreSQL store alone, ${root} ×${args.scale}, node ${process.version}, ${new Date().toISOString()}`);
  const t = now();
  const corpus = await replicatedFacts(root, args.scale, path.join(work, 'state'));
  const buildMs = now() - t;
  progress('facts', { docs: corpus.docs.length, ms: buildMs });
  const p = await pgBench(corpus, path.join(work, `scaled-${args.scale}`), args.runs, args.database);
  report.postgres = { ...p, buildMs };
  log(`Corpus read (×1, snapshot under ${work}) and fact indexes built for ×${args.scale}: ${int(buildMs)} ms.`);
  printPg(p, args.scale, corpus.docs.length, NaN, NaN, {});
  if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2));
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
