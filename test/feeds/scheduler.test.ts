/** The bot's feed polling: each tick polls the feeds the state says are due, and only those. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedScheduler } from '../../src/feeds/scheduler.js';
import { FeedService } from '../../src/feeds/service.js';
import { SqliteStore } from '../../src/state/index.js';
import { FeedServer, rss } from '../helpers/feed-server.js';

let server: FeedServer;
beforeAll(async () => {
  server = await new FeedServer().start();
});
afterAll(() => server.stop());

describe('FeedScheduler', () => {
  it('polls a feed once per interval, on the ticks after it falls due', async () => {
    const store = SqliteStore.open(mkdtempSync(path.join(os.tmpdir(), 'factdesk-feed-sched-')));
    let clock = Date.parse('2026-05-01T10:00:00Z');
    const ingested: string[][] = [];
    const service = new FeedService({
      store,
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'factdesk-feed-sched-data-')),
      intervalMs: 15 * 60_000,
      maxDocBytes: 100_000,
      fetch: { allowPrivate: true, timeoutMs: 4000 },
      now: () => clock,
      host: { ingest: (files) => Promise.resolve(void ingested.push(files)) },
    });
    server.set('/s.xml', {
      body: rss('Tarn Times', server.url('/'), [{ id: 't1', title: 'Tarn frozen', summary: 'The tarn froze over.' }]),
    });
    await service.add(server.url('/s.xml'));
    expect(ingested).toHaveLength(1);
    const pending: (() => void)[] = [];
    const scheduler = new FeedScheduler(service, 60_000, { set: (fn) => pending.push(fn), clear: () => undefined });
    scheduler.start();
    const tickAt = async (t: number) => {
      clock = t;
      pending.shift()!();
      await scheduler.tick();
    };
    const requests = () => server.count('/s.xml').requests;
    const before = requests();
    // Due again only 15 minutes after the last poll.
    await tickAt(clock + 60_000);
    expect(requests()).toBe(before);
    server.set('/s.xml', {
      body: rss('Tarn Times', server.url('/'), [
        { id: 't2', title: 'Tarn thaws', summary: 'The tarn thawed by noon.' },
        { id: 't1', title: 'Tarn frozen', summary: 'The tarn froze over.' },
      ]),
    });
    await tickAt(clock + 15 * 60_000);
    expect(requests()).toBe(before + 1);
    expect(ingested).toHaveLength(2);
    expect(ingested[1]).toEqual([expect.stringMatching(/^feeds\/127-0-0-1\/tarn-thaws\.md$/) as string]);
    await tickAt(clock + 60_000);
    expect(requests()).toBe(before + 1);
    await scheduler.stop();
    await store.close();
  });
});
