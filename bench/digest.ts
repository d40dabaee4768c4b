/**
 * `npx tsx bench/digest.ts [--data DIR] [--scale N] [--guilds G]`
 *
 * The digest's costs on a real corpus (× scale, copies with distinct hashes): recording a corpus
 * as seen (first start, and again after a reload of the same documents), composing a digest for
 * windows of 0, 10, 200 and all new documents, one scheduler check with G guilds of which one is
 * due, and the state file's size. Figures on stdout as JSON lines.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DigestService, type ChannelPoster } from '../src/digest/service.js';
import { digestMessages } from '../src/render/discord.js';
import type { CorpusStore } from '../src/corpus/types.js';
import { ingestDirectory, type IngestedDoc } from '../src/ingest/index.js';
import { STATE_FILE, SqliteStore } from '../src/state/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const data = path.resolve(arg('data', '../shared/corpus/reuters'));
const scale = Number(arg('scale', '1'));
const guilds = Number(arg('guilds', '100'));

async function time<T>(label: string, f: () => T | Promise<T>, extra: Record<string, unknown> = {}): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  console.log(JSON.stringify({ step: label, ms: Math.round((performance.now() - t0) * 10) / 10, ...extra }));
  return r;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const { docs } = await ingestDirectory(data, { maxBytes: 5 * 1024 * 1024 });
  console.log(JSON.stringify({ step: 'ingest', documents: docs.length, ms: Math.round(performance.now() - t0) }));
  const all: IngestedDoc[] = [];
  for (let k = 0; k < scale; k++)
    for (const d of docs) all.push(k === 0 ? d : { ...d, meta: { ...d.meta, id: `${d.meta.id}~${k}`, hash: `${d.meta.hash}~${k}` } });
  // Corpus indexes are not what is measured here; a light store carries the documents (all the digest reads).
  const light = (list: typeof all): CorpusStore & { docs: typeof all } => {
    const byId = new Map(list.map((d) => [d.meta.id, d]));
    const store: Pick<CorpusStore, 'documentKeys' | 'documents'> = {
      documentKeys: () => Promise.resolve(list.map((d) => ({ id: d.meta.id, hash: d.meta.hash }))),
      documents: (ids) => Promise.resolve(ids.map((id) => byId.get(id)).filter((d): d is IngestedDoc => d !== undefined)),
    };
    return { ...store, docs: list } as unknown as CorpusStore & { docs: typeof all };
  };
  const corpus = light(all);
  const reloaded = light(all);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-bench-digest-'));
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const svc = new DigestService(SqliteStore.open(dir), () => new Date(clock));
  await time('sync-first-sight', () => svc.sync(corpus), { documents: all.length });
  clock += 1000;
  await time('sync-same-docs-after-reload', () => svc.sync(reloaded), { documents: all.length });

  // Windows: nothing new; then 10 and 200 documents first seen later; then everything.
  clock += 1000;
  await time('compose-nothing-new', () => svc.compose(corpus, clock - 500, clock));
  for (const n of [10, 200]) {
    const fresh = docs
      .slice(0, n)
      .map((d, i) => ({ ...d, meta: { ...d.meta, id: `new-${n}-${i}`, hash: `new-${n}-${i}-${d.meta.hash}` } }));
    const next = light([...all, ...fresh]);
    clock += 1000;
    const from = clock - 1;
    await svc.sync(next);
    const digest = await time(`compose-${n}-new`, () => svc.compose(next, from, clock), { documents: next.docs.length });
    await time(`messages-${n}-new`, () => digestMessages(digest, 'Europe/London'), {
      messages: digestMessages(digest, 'Europe/London').length,
    });
  }
  await time('compose-everything-new', () => svc.compose(corpus, 0, clock), { documents: all.length });

  // One scheduler check: G guilds set up a minute before midnight, one due at midnight.
  clock = Date.parse('2026-01-01T23:59:30Z');
  for (let g = 0; g < guilds; g++)
    await svc.setup(`g${g}`, { channel: String(100000 + g), time: g === 0 ? '00:00' : '23:59', timezone: 'UTC' });
  clock = Date.parse('2026-01-02T00:00:00Z');
  const poster: ChannelPoster = { post: () => Promise.resolve({ id: '1' }) };
  const t1 = performance.now();
  const results = await svc.runDue(corpus, poster);
  console.log(
    JSON.stringify({
      step: 'run-due',
      guilds,
      posted: results.filter((r) => r.outcome === 'posted').length,
      ms: Math.round((performance.now() - t1) * 10) / 10,
    }),
  );
  await time('any-due-check', () => svc.anyDue(), { guilds });

  await svc.store.close();
  const bytes = statSync(path.join(dir, STATE_FILE)).size;
  console.log(JSON.stringify({ step: 'state-file', documents: all.length, mb: Math.round((bytes / 1e6) * 10) / 10 }));
  console.log(JSON.stringify({ step: 'rss', mb: Math.round(process.memoryUsage().rss / 1e6) }));
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
