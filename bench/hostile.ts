/**
 * Cold load of the seeds plus a few hundred hostile files of every format (the corpus of
 * test/ingest/hostile-corpus.test.ts), through the reader pool as the bot loads it:
 *
 *     npm run -s bench:hostile
 *
 * prints the load time (worker start included), documents served, files skipped by reason.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { closePools } from '../src/ingest/pool.js';
import { loadCorpus } from '../src/load/index.js';
import { DATA, tempCorpus } from '../test/helpers/corpus.js';
import { hostileFiles } from '../test/helpers/hostile-files.js';

const dir = tempCorpus(await hostileFiles());
cpSync(DATA, path.join(dir, 'seeds'), { recursive: true });
const started = performance.now();
const { corpus } = await loadCorpus(dir, { maxBytes: 5 * 1024 * 1024 });
const ms = performance.now() - started;
const reasons = new Map<string, number>();
for (const s of corpus.skipped) {
  const k = s.reason.replace(/\d+/g, '#').replace(/\(.*$/, '').trim();
  reasons.set(k, (reasons.get(k) ?? 0) + 1);
}
console.log(`cold load: ${(ms / 1000).toFixed(1)} s · ${corpus.docs.length} documents served · ${corpus.skipped.length} skipped`);
for (const [k, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${k}`);
await closePools();
