/**
 * `node --expose-gc --import tsx bench/live.ts --data DIR [--changes N]`
 *
 * The live corpus on a real corpus: a copy of DIR is loaded and watched, then one document at a
 * time is edited, added or removed. For each change: ms from the write to the swap, ms of the
 * rebuild itself (re-read one file + build the new Corpus), the longest event-loop stall while it
 * ran (what a command waits at worst), and the heap after. The copy is deleted at the end.
 */
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from '../src/app.js';
import { listDocuments } from '../src/read/files.js';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const source = arg('data');
if (!source) {
  process.stderr.write('usage: npx tsx bench/live.ts --data DIR [--changes N]\n');
  process.exit(2);
}
const changes = Number(arg('changes', '6'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-bench-live-'));
cpSync(path.resolve(source), dir, { recursive: true });

const started = Date.now();
const app = await App.start({ dataDir: dir, maxBytes: 5 * 1024 * 1024 });
const loadMs = Date.now() - started;
const live = await app.watch({ debounceMs: 100, changedSince: Number.POSITIVE_INFINITY });
await live.idle();
const files = await listDocuments(dir);
process.stdout.write(`corpus: ${app.corpus.docs.length} documents, ${app.corpus.passages.length} passages; loaded in ${loadMs} ms\n`);

const rows: Record<string, unknown>[] = [];
for (let i = 0; i < changes; i++) {
  const kind = (['edit', 'add', 'remove'] as const)[i % 3];
  const file = files[(i * 7919) % files.length];
  // The longest gap between ticks of a 5 ms timer: how long a command would have waited.
  let last = performance.now();
  let maxStall = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last - 5);
    last = now;
  }, 5);
  const swapped = new Promise<number>((resolve) => {
    const off = app.onSwap(() => {
      off();
      resolve(Date.now());
    });
  });
  const t0 = Date.now();
  if (kind === 'edit')
    writeFileSync(
      path.join(dir, file),
      `${readFileSync(path.join(dir, file), 'utf8')}\n\nAn added closing paragraph for the live benchmark, number ${i}.\n`,
    );
  else if (kind === 'add')
    writeFileSync(
      path.join(dir, `bench-added-${i}.txt`),
      `Live benchmark document ${i}\n\nThe harbour reopened on Monday after a storm, officials said.\n`,
    );
  else unlinkSync(path.join(dir, file));
  const t1 = await swapped;
  await live.idle();
  clearInterval(ticker);
  (globalThis as { gc?: () => void }).gc?.();
  rows.push({
    change: kind,
    file: kind === 'add' ? `bench-added-${i}.txt` : file,
    writeToSwapMs: t1 - t0,
    rebuildMs: live.lastRebuild?.ms,
    maxStallMs: Math.round(maxStall),
    heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  });
}
console.table(rows);
await app.close();
rmSync(dir, { recursive: true, force: true });
