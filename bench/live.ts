/**
 * `npm run bench -- --live --data DIR [--scale N] [--changes K] [--every MS] [--work DIR]`
 * (or `node --expose-gc --import tsx bench/live.ts --data DIR [--scale N] [--changes K]`)
 *
 * The live corpus under a stream of documents: the corpus (× scale, see scale.ts) is loaded warm
 * from its snapshot, then one document every `--every` ms (default 1000) is added, edited or
 * removed (an edit rewrites, and a removal deletes, a document the stream added; half the changes add) and handed to the live corpus the way `/add` and
 * feeds hand theirs (`notify`). Reports write-to-answerable (the write until a /search for a word
 * only that document holds answers with it; for a removal, until it no longer does) p50/p99, the
 * longest event-loop stall, and the p99 of a fixed mix of commands run meanwhile next to the
 * same mix run idle before the stream. Changes go to a copy made under the state directory,
 * deleted at the end.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from '../src/app.js';
import { runLine } from '../src/commands/parse.js';
import { LiveCorpus } from '../src/load/live.js';
import { finishBackground } from '../src/index/background.js';
import { PEOPLE, SEARCH, WHEN } from './queries.js';
import { pct } from './stats.js';
import { linkedCorpus, loadCloned } from './scale.js';
import { snapshotPath } from '../src/snapshot/index.js';
import { journalPath } from '../src/snapshot/journal.js';
import { loadCorpus } from '../src/load/index.js';
import { gcLine, recordGc, type GcFigures } from './gc.js';

export interface LiveBenchOptions {
  data: string;
  scale: number;
  changes: number;
  everyMs: number;
  /** Where the scaled copy and the snapshot go (a fresh temp dir when absent). */
  work?: string;
  /** Whether the journal is compacted in the background during the stream (default true). */
  compact?: boolean;
}

/** A start after the stream (issue #19: the snapshot follows), timed. */
export interface RestartFigures {
  ms: number;
  /** CPU of the whole process, workers included (process.cpuUsage). */
  cpuMs: number;
  replayed: number;
  reread: number;
  hashed: number;
}

export interface LiveBenchReport {
  documents: number;
  changes: number;
  everyMs: number;
  /** Making the people index revisable after the start (LiveCorpus.prepare), ms. */
  preparedMs: number;
  /** The longest event-loop stall meanwhile. */
  preparingStallMs: number;
  writeToAnswerable: { p50: number; p99: number; max: number; each: number[] };
  longestStallMs: number;
  /** The longest stall while the idle figures were taken (commands alone). */
  idleStallMs: number;
  /** Every stall over 50 ms: its length and its end (µs on the monotonic clock of CPU profiles). */
  stalls: { endUs: number; ms: number }[];
  commands: { idleP99: number; streamP99: number; ratio: number; idleN: number; streamN: number };
  /** The collector's pauses while the idle figures and the stream's were taken (gc.ts). */
  gc: { idle: GcFigures; stream: GcFigures };
  /** Journal records at the end of the stream and compactions done during it. */
  journal: { records: number; bytes: number; compactions: number };
  /** The start after the stream from the snapshot and its journal, and from the snapshot alone (the stream's files read again). */
  restart: { journal: RestartFigures; snapshotOnly: RestartFigures };
}

const MAX_BYTES = 5 * 1024 * 1024;
const now = () => performance.now();

const COMMANDS = [
  ...SEARCH.slice(0, 10).map((q) => `/search ${q}`),
  ...PEOPLE.slice(0, 5).map((q) => `/who ${q}`),
  ...WHEN.slice(0, 5).map((q) => `/when ${q}`),
];

/** A streamed document: a person, a role, a date and a quotation, and its marker. */
function streamed(i: number, kind: string): string {
  const day = (i % 9) + 1;
  return `---\ntitle: Live document ${i}\npublished: 2024-05-0${day}\n---\n\nMinister Ada Brenner said on Tuesday the port had reopened (${kind} ${i}), ${marker(i)}.\n\n"We expect the first ships by Friday," Brenner said.\n`;
}

/** A word no corpus holds, one per change, so a search for it finds that document or nothing. */
const marker = (i: number) => `zqxlive${i.toString(36)}marker`;

export async function liveBench(opts: LiveBenchOptions): Promise<LiveBenchReport> {
  const work = opts.work ?? mkdtempSync(path.join(os.tmpdir(), 'factdesk-bench-live-'));
  // Always a copy (hard links): the stream edits and removes files.
  const dir = await linkedCorpus(path.resolve(opts.data), opts.scale, path.join(work, 'corpus'));
  // What an earlier run in a kept work directory streamed is not part of the corpus.
  rmSync(path.join(dir, 'live'), { recursive: true, force: true });
  mkdirSync(path.join(dir, 'live'), { recursive: true });
  const state = path.join(work, 'state');
  try {
    // A first load writes the snapshot (at a scale, made by cloning: see scale.ts); the measured
    // corpus is the warm start from it.
    const key = { root: path.resolve(dir), maxBytes: MAX_BYTES };
    if (opts.scale > 1 && !existsSync(snapshotPath(state, key)))
      await loadCloned(path.resolve(opts.data), dir, opts.scale, MAX_BYTES, state);
    await (await App.start({ dataDir: dir, maxBytes: MAX_BYTES, stateDir: state })).close();
    const app = await App.start({ dataDir: dir, maxBytes: MAX_BYTES, stateDir: state, compact: opts.compact === false ? false : {} });
    finishBackground();
    let compactions = 0;
    const onAppended = app.journal?.onAppended;
    if (app.journal && onAppended)
      app.journal.onAppended = (st) => {
        const before = app.journal!.background;
        onAppended(st);
        if (app.journal!.background && app.journal!.background !== before) compactions++;
      };
    const live = new LiveCorpus(app, { dataDir: dir, maxBytes: MAX_BYTES, debounceMs: 0 });
    const documents = app.corpus.docs.length;
    // What a watching bot does after its start (LiveCorpus.start), done before the idle figures
    // so that they, and the stream's, are the steady state; its time is reported apart.
    const t0 = now();
    let lastTick = t0;
    let preparingStall = 0;
    const preparingTicker = setInterval(() => {
      const t = now();
      preparingStall = Math.max(preparingStall, t - lastTick - 5);
      lastTick = t;
    }, 5);
    await live.prepare();
    clearInterval(preparingTicker);
    const preparedMs = now() - t0;

    let stop = false;
    const commandTimes = async (until: () => boolean): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; !until(); i++) {
        const t = now();
        await runLine(app.context(), COMMANDS[i % COMMANDS.length]);
        times.push(now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
      return times;
    };
    // Let the collector finish with the load (and the first, cold corpus) before the idle
    // figures: otherwise they measure its sweeping, not the commands.
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((r) => setTimeout(r, 1000));
    }
    const idleUntil = now() + Math.max(10_000, Math.min(30_000, opts.changes * opts.everyMs));
    const idleGc = recordGc();
    // The loop's stalls with the commands alone, next to those of the stream (a command is one task: its own time is a stall).
    let ticker = stallTicker();
    const idle = await commandTimes(() => now() >= idleUntil);
    const idleStall = ticker.stop().longest;
    const idleGcFigures = idleGc.stop();
    const streamGc = recordGc();
    ticker = stallTicker();
    const during = commandTimes(() => stop);
    const answerable: number[] = [];
    // The very word, not a typo-widened neighbour (another change's marker).
    const findsMarker = async (i: number) => {
      const a = (await runLine(app.context(), `/search ${marker(i)}`)) as { results?: { excerpt: string }[] };
      return (a.results ?? []).filter((r) => r.excerpt.includes(marker(i))).length;
    };
    const added: { file: string; marker: number }[] = [];
    for (let i = 0; i < opts.changes; i++) {
      const started = now();
      const kind = i % 4 === 1 && added.length ? 'edit' : i % 4 === 3 && added.length ? 'remove' : 'add';
      let file: string;
      let present = true;
      let probe = i;
      if (kind === 'remove') {
        // The oldest document the stream added (its marker, the last it was written with, must go).
        const gone = added.shift()!;
        file = gone.file;
        probe = gone.marker;
        unlinkSync(path.join(dir, file));
        present = false;
      } else {
        // An edit rewrites the newest added document under a new marker; the corpus's own files
        // are hard links to the originals and are never written.
        const doc = kind === 'add' ? { file: `live/added-${i}.md`, marker: i } : added[added.length - 1];
        if (kind === 'add') added.push(doc);
        doc.marker = i;
        file = doc.file;
        writeFileSync(path.join(dir, file), streamed(i, kind));
      }
      live.notify(file);
      // Searched again only when the corpus served has changed (the answer cannot change
      // otherwise): a search for an absent word is widened and costs tens of ms at x10, which
      // polling every 5 ms would take from the revision being measured.
      for (let seen: unknown; ;) {
        if (app.corpus !== seen) {
          seen = app.corpus;
          const n = await findsMarker(probe);
          if (present ? n > 0 : n === 0) break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      answerable.push(now() - started);
      await live.idle();
      const wait = opts.everyMs - (now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    stop = true;
    const stream = await during;
    const { longest: longestStall, stalls } = ticker.stop();
    const streamGcFigures = streamGc.stop();
    await live.stop();
    await app.journal?.background;
    const journal = { ...(app.journal?.state ?? { records: 0, bytes: 0 }), compactions };
    await app.close();
    // The next start: from the snapshot and the journal; then, as before the journal, from the
    // snapshot alone (the journal moved aside), which reads the stream's files again.
    const restart = async (): Promise<RestartFigures> => {
      gc?.();
      const c0 = process.cpuUsage();
      const t = now();
      const r = await loadCorpus(dir, { maxBytes: MAX_BYTES, stateDir: state, compact: false });
      const cpu = process.cpuUsage(c0);
      return {
        ms: now() - t,
        cpuMs: (cpu.user + cpu.system) / 1000,
        replayed: r.replayed ?? 0,
        reread: r.reread ?? 0,
        hashed: r.hashed ?? 0,
      };
    };
    const withJournal = await restart();
    const jfile = journalPath(snapshotPath(state, key));
    if (existsSync(jfile)) renameSync(jfile, `${jfile}.aside`);
    const snapshotOnly = await restart();
    rmSync(`${jfile}.aside`, { force: true });
    const idleP99 = pct(idle, 99);
    const streamP99 = pct(stream, 99);
    return {
      documents,
      changes: opts.changes,
      everyMs: opts.everyMs,
      preparedMs,
      preparingStallMs: preparingStall,
      writeToAnswerable: { p50: pct(answerable, 50), p99: pct(answerable, 99), max: Math.max(...answerable), each: answerable },
      longestStallMs: longestStall,
      idleStallMs: idleStall,
      stalls,
      commands: { idleP99, streamP99, ratio: streamP99 / idleP99, idleN: idle.length, streamN: stream.length },
      gc: { idle: idleGcFigures, stream: streamGcFigures },
      journal,
      restart: { journal: withJournal, snapshotOnly },
    };
  } finally {
    if (!opts.work) rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Event-loop stalls from now until `stop`: a 5 ms timer's lateness. Each stall over 50 ms is kept
 * with its end on the monotonic clock CPU profiles use (µs), to find what ran then in a profile
 * of the run (`node --cpu-prof`).
 */
function stallTicker(): { stop(): { longest: number; stalls: { endUs: number; ms: number }[] } } {
  let last = now();
  let longest = 0;
  const stalls: { endUs: number; ms: number }[] = [];
  const timer = setInterval(() => {
    const t = now();
    const stall = t - last - 5;
    longest = Math.max(longest, stall);
    if (stall > 50) stalls.push({ endUs: Number(process.hrtime.bigint() / 1000n), ms: Math.round(stall) });
    last = t;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return { longest, stalls };
    },
  };
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

export function printLive(r: LiveBenchReport, scale: number): void {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 1 : 0) : '–');
  // A pause or a stall and its end, on the clock of CPU profiles.
  const at = (x: { ms: number; endUs: number }) => `${x.ms} ms at ${x.endUs} µs`;
  process.stdout.write(
    [
      `live ×${scale}: ${r.documents} documents, ${r.changes} changes, one every ${r.everyMs} ms`,
      `  after the start      ${f(r.preparedMs)} ms making the people index revisable, longest stall ${f(r.preparingStallMs)} ms (before the figures below)`,
      `  write-to-answerable  p50 ${f(r.writeToAnswerable.p50)} ms  p99 ${f(r.writeToAnswerable.p99)} ms  max ${f(r.writeToAnswerable.max)} ms (each: ${r.writeToAnswerable.each.map(f).join(', ')})`,
      `  longest stall        ${f(r.longestStallMs)} ms (idle ${f(r.idleStallMs)} ms); ${r.stalls.length} over 50 ms${r.stalls.length ? ` (${r.stalls.map(at).join(', ')})` : ''}`,
      `  command p99          idle ${f(r.commands.idleP99)} ms (${r.commands.idleN})  during the stream ${f(r.commands.streamP99)} ms (${r.commands.streamN})  ratio ${r.commands.ratio.toFixed(2)}`,
      `  collector, idle      ${gcLine(r.gc.idle)}`,
      `  collector, stream    ${gcLine(r.gc.stream)}${r.gc.stream.long.length ? ` (over 50 ms: ${r.gc.stream.long.map((x) => `${x.kind} ${at(x)}`).join(', ')})` : ''}`,
      `  journal              ${r.journal.records} records (${f(r.journal.bytes / 1024)} KiB) at the end, ${r.journal.compactions} compaction(s) during the stream`,
      ...(['journal', 'snapshotOnly'] as const).map((k) => {
        const x = r.restart[k];
        const what = k === 'journal' ? 'snapshot + journal' : 'snapshot alone   ';
        return `  restart, ${what} ${f(x.ms)} ms wall, ${f(x.cpuMs)} ms CPU; ${x.replayed} records replayed, files re-read ${x.reread}, hashed ${x.hashed}`;
      }),
      '',
    ].join('\n'),
  );
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const scale = Math.max(1, Number(arg('scale', '1')) || 1);
  const report = await liveBench({
    data: arg('data', 'data'),
    scale,
    changes: Math.max(1, Number(arg('changes', '20')) || 20),
    everyMs: Math.max(0, Number(arg('every', '1000'))),
    compact: !process.argv.includes('--no-compact'),
  });
  printLive(report, scale);
}
