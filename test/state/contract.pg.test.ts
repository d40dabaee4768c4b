/**
 * One contract, two stores: every case here runs on the SQLite store and on the PostgreSQL store
 * (a fresh database each), so the digest behaves the same with one process or many replicas.
 * PostgreSQL-only matters (migrations racing, a newer schema, an unreachable server) follow.
 */
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PostgresStore, safeUrl } from '../../src/state/postgres.js';
import { StateError, type FeedItemRecord, type StateStore } from '../../src/state/index.js';
import { dropDatabases, freshDatabase, pgMissing, pgUrl, stateBackends } from '../helpers/pg.js';

const backends = stateBackends('factdesk-contract-');
if (!pgUrl) it.skip(`postgres: ${pgMissing}`, () => undefined);

const open: StateStore[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
afterAll(dropDatabases);

function item(feedId: number, key: string, over: Partial<FeedItemRecord> = {}): FeedItemRecord {
  return {
    feedId,
    key,
    docId: `feeds/x/${key}`,
    file: `feeds/x/${key}.md`,
    textHash: `hash-${key}`,
    signature: 's1',
    atSubscription: false,
    firstSeen: 10,
    updatedAt: 10,
    ...over,
  };
}

const G = { guildId: '1001', channelId: '2001', time: '08:00', timezone: 'Europe/London', nothingNew: 'post' as const };
const HOUR = 3600_000;

describe.each(backends)('$name store', (b) => {
  async function store(place?: string): Promise<StateStore> {
    const s = await b.open(place ?? (await b.place()));
    open.push(s);
    return s;
  }

  it('keeps guild settings across a reopen; re-setup of an enabled guild keeps its window, of an off one restarts it', async () => {
    const place = await b.place();
    const a = await store(place);
    await a.setupGuild(G, 1000);
    await a.close();
    const s = await store(place);
    expect(await s.guild('1001')).toMatchObject({
      channelId: '2001',
      time: '08:00',
      timezone: 'Europe/London',
      nothingNew: 'post',
      enabled: true,
      windowStart: 1000,
      enabledAt: 1000,
    });
    expect(await s.setupGuild({ ...G, time: '09:30' }, 5000)).toMatchObject({ time: '09:30', windowStart: 1000, enabledAt: 5000 });
    expect(await s.disableGuild('1001', 6000)).toBe(true);
    expect(await s.disableGuild('1001', 6000)).toBe(false);
    expect(await s.enabledGuilds()).toEqual([]);
    await s.setupGuild(G, 9000);
    expect(await s.guild('1001')).toMatchObject({ enabled: true, windowStart: 9000 });
    expect(await s.guild('nobody')).toBeUndefined();
  });

  it('lists enabled guilds in id order and records and clears a guild’s last error', async () => {
    const s = await store();
    await s.setupGuild({ ...G, guildId: '3' }, 1);
    await s.setupGuild({ ...G, guildId: '2' }, 1);
    await s.setupGuild({ ...G, guildId: '4' }, 1);
    await s.disableGuild('4', 2);
    expect((await s.enabledGuilds()).map((g) => g.guildId)).toEqual(['2', '3']);
    await s.setGuildError('2', 'channel gone', 50);
    expect(await s.guild('2')).toMatchObject({ lastError: 'channel gone', lastErrorAt: 50 });
    await s.setGuildError('2', null, 60);
    const g = await s.guild('2');
    expect(g?.lastError).toBeUndefined();
    expect(g?.lastErrorAt).toBeUndefined();
  });

  it('claims a slot once, even from a second store on the same state (a restart or another replica)', async () => {
    const place = await b.place();
    const a = await store(place);
    const c = await store(place);
    await a.setupGuild(G, 0);
    const first = await a.claimDigest('1001', 100, '2001', 1, -Infinity);
    expect(first).toMatchObject({ guildId: '1001', slot: 100, attempt: 1, messageIds: [] });
    expect(await c.claimDigest('1001', 100, '2001', 2, -Infinity)).toBeUndefined();
    expect(await a.claimDigest('1001', 100, '2001', 3, -Infinity)).toBeUndefined();
    expect(await c.claimDigest('1001', 200, '2001', 4, -Infinity)).toBeDefined();
    expect(await c.digest('1001', 100)).toMatchObject({ status: 'claimed', claimedAt: 1, attempts: 1 });
  });

  it('a claim not renewed before the stale limit is taken over once, resuming what was saved; the old run can no longer write', async () => {
    const s = await store();
    await s.setupGuild(G, 0);
    const old = (await s.claimDigest('1001', 100, '2001', 1000, 0))!;
    expect(await s.renewClaim(old, 2000, { windowFrom: 10, windowTo: 900, messageIds: ['m1'] })).toBe(true);
    // Still fresh: claimed at 2000, stale only before 1500.
    expect(await s.claimDigest('1001', 100, '2001', 2100, 1500)).toBeUndefined();
    const next = await s.claimDigest('1001', 100, '2001', 9000, 2500);
    expect(next).toMatchObject({ attempt: 2, windowFrom: 10, windowTo: 900, messageIds: ['m1'] });
    expect(next!.token).not.toBe(old.token);
    // The same stale limit again: the takeover's claim is fresh, nobody else gets it.
    expect(await s.claimDigest('1001', 100, '2001', 9001, 2500)).toBeUndefined();
    expect(await s.renewClaim(old, 9100, { windowFrom: 10, windowTo: 900, messageIds: ['m1', 'm2'] })).toBe(false);
    const outcome = { status: 'posted' as const, now: 9200, windowFrom: 10, windowTo: 900, messageIds: ['m1', 'm9'], documents: 2 };
    expect(await s.finishDigest(old, outcome)).toBe(false);
    expect(await s.finishDigest(next!, outcome)).toBe(true);
    expect(await s.digest('1001', 100)).toMatchObject({ status: 'posted', attempts: 2, messageIds: ['m1', 'm9'], postedAt: 9200 });
    // A finished digest is never taken over, however old.
    expect(await s.claimDigest('1001', 100, '2001', 99_999, 99_999)).toBeUndefined();
  });

  it('finishing a digest moves the window only when it was posted or skipped', async () => {
    const s = await store();
    await s.setupGuild(G, 0);
    const c1 = (await s.claimDigest('1001', 100, '2001', 100, -Infinity))!;
    await s.finishDigest(c1, {
      status: 'failed',
      now: 101,
      windowFrom: 0,
      windowTo: 100,
      messageIds: [],
      documents: 3,
      error: 'channel gone',
    });
    expect(await s.guild('1001')).toMatchObject({ windowStart: 0, lastError: 'channel gone', lastErrorAt: 101 });
    const c2 = (await s.claimDigest('1001', 200, '2001', 200, -Infinity))!;
    await s.finishDigest(c2, { status: 'posted', now: 201, windowFrom: 0, windowTo: 200, messageIds: ['m1', 'm2'], documents: 3 });
    expect((await s.guild('1001'))!.windowStart).toBe(200);
    expect((await s.guild('1001'))!.lastError).toBeUndefined();
    const c3 = (await s.claimDigest('1001', 300, '2001', 300, -Infinity))!;
    await s.finishDigest(c3, { status: 'skipped', now: 301, windowFrom: 200, windowTo: 150, messageIds: [], documents: 0 });
    // The window never moves back.
    expect((await s.guild('1001'))!.windowStart).toBe(200);
    expect((await s.digests('1001')).map((d) => [d.slot, d.status, d.messageIds, d.documents])).toEqual([
      [300, 'skipped', [], 0],
      [200, 'posted', ['m1', 'm2'], 3],
      [100, 'failed', [], 3],
    ]);
    expect(await s.digests('1001', 1)).toHaveLength(1);
    expect(await s.digest('1001', 100)).toMatchObject({ error: 'channel gone', windowFrom: 0, windowTo: 100 });
  });

  it('records each document once with its first-seen time and lists a window newest first', async () => {
    const s = await store();
    const two = [
      { hash: 'h1', id: 'a' },
      { hash: 'h2', id: 'b' },
    ];
    expect([...(await s.recordDocs(two, 10))].sort()).toEqual(['h1', 'h2']);
    expect([
      ...(await s.recordDocs(
        [
          { hash: 'h2', id: 'b' },
          { hash: 'h3', id: 'c' },
        ],
        20,
      )),
    ]).toEqual(['h3']);
    expect(await s.recordDocs([], 30)).toEqual(new Set());
    expect(await s.firstSeen(['h2', 'h3', 'nope'])).toEqual(
      new Map([
        ['h2', 10],
        ['h3', 20],
      ]),
    );
    expect(await s.allDocHashes()).toEqual(new Set(['h1', 'h2', 'h3']));
    expect(await s.docsSeenBetween(10, 20, 10)).toEqual({ docs: [{ hash: 'h3', docId: 'c', firstSeen: 20 }], total: 1 });
    // Newest first; among documents seen at the same time, the last recorded first.
    expect((await s.docsSeenBetween(0, 20, 10)).docs.map((d) => d.hash)).toEqual(['h3', 'h2', 'h1']);
    const capped = await s.docsSeenBetween(0, 20, 2);
    expect(capped.docs).toHaveLength(2);
    expect(capped.total).toBe(3);
  });

  it('records many documents at once (more than one statement’s worth)', async () => {
    const s = await store();
    const docs = Array.from({ length: 12_000 }, (_, i) => ({ hash: `x${i}`, id: `d${i}` }));
    expect((await s.recordDocs(docs, 5)).size).toBe(12_000);
    expect((await s.recordDocs(docs.slice(11_990), 6)).size).toBe(0);
    expect((await s.docsSeenBetween(0, 10, 3)).total).toBe(12_000);
    expect((await s.firstSeen(docs.map((d) => d.hash))).size).toBe(12_000);
  });

  it('a person keeps the earliest time they were seen, even when one batch names them twice', async () => {
    const s = await store();
    await s.recordPeople([{ key: 'ravi menon', seen: 50 }]);
    await s.recordPeople([
      { key: 'ravi menon', seen: 20 },
      { key: 'ravi menon', seen: 90 },
      { key: '~menon', seen: 70 },
    ]);
    await s.recordPeople([{ key: '~menon', seen: 80 }]);
    expect(await s.peopleFirstSeen(['ravi menon', '~menon', 'nobody'])).toEqual(
      new Map([
        ['ravi menon', 20],
        ['~menon', 70],
      ]),
    );
  });

  it('a write that fails part-way leaves nothing of itself behind', async () => {
    const s = await store();
    const docs = function* () {
      yield { hash: 'ok1', id: 'x' };
      throw new Error('reader failed half-way');
    };
    await expect(s.recordDocs(docs(), 5)).rejects.toThrow(/half-way/);
    expect(await s.firstSeen(['ok1'])).toEqual(new Map());
  });

  it('keeps small values', async () => {
    const s = await store();
    expect(await s.getValue('k')).toBeUndefined();
    await s.setValue('k', 'one');
    await s.setValue('k', 'two');
    expect(await s.getValue('k')).toBe('two');
  });

  it('follows a feed once per URL, lists it with its item count, and forgets its items when it is removed', async () => {
    const s = await store();
    const a = await s.addFeed('https://one.example/feed', 100);
    expect(a.created).toBe(true);
    expect(a.feed).toMatchObject({ url: 'https://one.example/feed', addedAt: 100, nextPollAt: 100, notBefore: 0, failures: 0, items: 0 });
    const again = await s.addFeed('https://one.example/feed', 200);
    expect(again).toMatchObject({ created: false, feed: { id: a.feed.id, addedAt: 100 } });
    const b = (await s.addFeed('https://two.example/rss', 300)).feed;
    await s.recordFeedItem(item(b.id, 'k1', { docId: 'feeds/two/k1' }));
    expect((await s.feeds()).map((f) => [f.url, f.items])).toEqual([
      ['https://one.example/feed', 0],
      ['https://two.example/rss', 1],
    ]);
    expect(await s.removeFeed(b.id)).toBe(true);
    expect(await s.removeFeed(b.id)).toBe(false);
    expect(await s.feedItem(b.id, 'k1')).toBeUndefined();
    expect((await s.feeds()).map((f) => f.url)).toEqual(['https://one.example/feed']);
  });

  it('a feed poll is claimed once while due; a forced poll ignores the schedule but never the back-off', async () => {
    const place = await b.place();
    const a = await store(place);
    const c = await store(place);
    const { id } = (await a.addFeed('https://one.example/feed', 1000)).feed;
    const first = await a.claimFeedPoll(id, 1000, 0, false);
    expect(first).toMatchObject({ feedId: id, url: 'https://one.example/feed', failures: 0, firstSight: true });
    expect(await c.claimFeedPoll(id, 1001, 0, false)).toBeUndefined();
    expect(await c.claimFeedPoll(id, 1001, 0, true)).toBeUndefined();
    const ok = {
      ok: true as const,
      now: 1100,
      nextPollAt: 5000,
      title: 'One',
      siteUrl: 'https://one.example/',
      etag: '"v1"',
      lastModified: 'Mon',
    };
    expect(await a.finishFeedPoll(first!, ok)).toBe(true);
    expect(await a.finishFeedPoll(first!, ok)).toBe(false);
    expect((await c.feeds())[0]).toMatchObject({ title: 'One', etag: '"v1"', lastModified: 'Mon', lastSuccessAt: 1100, lastPollAt: 1100 });
    // Not due before 5000, except when forced; the claim carries the validators and is no longer a first sight.
    expect(await c.claimFeedPoll(id, 2000, 0, false)).toBeUndefined();
    const forced = await c.claimFeedPoll(id, 2000, 0, true);
    expect(forced).toMatchObject({ etag: '"v1"', lastModified: 'Mon', firstSight: false });
    const fail = { ok: false as const, now: 2100, nextPollAt: 9000, notBefore: 8000, error: 'HTTP 503' };
    expect(await c.finishFeedPoll(forced!, fail)).toBe(true);
    expect((await a.feeds())[0]).toMatchObject({
      failures: 1,
      lastError: 'HTTP 503',
      lastErrorAt: 2100,
      lastSuccessAt: 1100,
      etag: '"v1"',
    });
    expect(await a.claimFeedPoll(id, 7000, 0, true)).toBeUndefined();
    const later = await a.claimFeedPoll(id, 9000, 0, false);
    expect(later).toMatchObject({ failures: 1 });
    await a.finishFeedPoll(later!, { ...ok, now: 9100, nextPollAt: 20_000, title: undefined, etag: undefined });
    // A success clears the error and the failures; a title not given keeps the one known.
    expect((await a.feeds())[0]).toMatchObject({ failures: 0, title: 'One', notBefore: 0 });
    expect((await a.feeds())[0].lastError).toBeUndefined();
    expect((await a.feeds())[0].etag).toBeUndefined();
  });

  it('a feed claim left by a run that died is taken over after the stale limit, and the old run can no longer finish', async () => {
    const s = await store();
    const { id } = (await s.addFeed('https://one.example/feed', 0)).feed;
    const old = (await s.claimFeedPoll(id, 1000, 0, false))!;
    expect(await s.claimFeedPoll(id, 1500, 500, true)).toBeUndefined();
    const next = await s.claimFeedPoll(id, 5000, 2000, true);
    expect(next).toBeDefined();
    expect(next!.token).not.toBe(old.token);
    expect(await s.finishFeedPoll(old, { ok: true, now: 5100, nextPollAt: 9000 })).toBe(false);
    expect(await s.finishFeedPoll(next!, { ok: true, now: 5200, nextPollAt: 9000 })).toBe(true);
  });

  it('feed items: one per feed and key, updated in place, found across feeds by guid, canonical URL or text', async () => {
    const s = await store();
    const f1 = (await s.addFeed('https://one.example/feed', 0)).feed.id;
    const f2 = (await s.addFeed('https://two.example/feed', 0)).feed.id;
    await s.recordFeedItem(item(f1, 'g-1', { guid: 'g-1', canonicalUrl: 'https://one.example/a', textHash: 't1', atSubscription: true }));
    await s.recordFeedItem(
      item(f1, 'g-1', { guid: 'g-1', canonicalUrl: 'https://one.example/a', textHash: 't1b', signature: 's2', updatedAt: 50 }),
    );
    expect(await s.feedItem(f1, 'g-1')).toMatchObject({
      textHash: 't1b',
      signature: 's2',
      atSubscription: true,
      firstSeen: 10,
      updatedAt: 50,
    });
    expect(await s.feedItem(f2, 'g-1')).toBeUndefined();
    expect(await s.findFeedItem({ guid: 'g-1' })).toMatchObject({ feedId: f1, key: 'g-1' });
    expect(await s.findFeedItem({ guid: 'nope', canonicalUrl: 'https://one.example/a' })).toMatchObject({ feedId: f1 });
    expect(await s.findFeedItem({ textHash: 't1b' })).toMatchObject({ feedId: f1 });
    expect(await s.findFeedItem({ guid: 'nope', textHash: 't1' })).toBeUndefined();
    expect(await s.findFeedItem({})).toBeUndefined();
  });

  it('stores racing for the same feeds: each poll claimed exactly once', async () => {
    const place = await b.place();
    const stores = await Promise.all([1, 2, 3, 4].map(() => store(place)));
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push((await stores[0].addFeed(`https://f${i}.example/feed`, 0)).feed.id);
    const wins = await Promise.all(
      stores.map(async (s) => {
        let n = 0;
        for (const id of ids) if (await s.claimFeedPoll(id, 10, 0, false)) n++;
        return n;
      }),
    );
    expect(wins.reduce((a, n) => a + n, 0)).toBe(20);
  });

  it('stores racing for the same slots: each slot claimed exactly once', async () => {
    const place = await b.place();
    const stores = await Promise.all([1, 2, 3, 4].map(() => store(place)));
    const slots = Array.from({ length: 50 }, (_, i) => i * HOUR);
    const wins = await Promise.all(
      stores.map(async (s) => {
        let n = 0;
        for (const slot of slots) if (await s.claimDigest('1001', slot, '2001', slot + 1, -Infinity)) n++;
        return n;
      }),
    );
    expect(wins.reduce((a, n) => a + n, 0)).toBe(50);
  });
  it('shared documents: one row per path, the latest change wins, read back in order of change', async () => {
    const place = await b.place();
    const a = await store(place);
    const other = await store(place);
    const first = await a.publishDocument({ path: 'added/alpha.md', bytes: Buffer.from('one'), origin: 'add' }, 10);
    const second = await other.publishDocument({ path: 'added/beta.md', bytes: Buffer.from('two'), origin: 'feed' }, 11);
    expect(second).toBeGreaterThan(first);
    const third = await a.publishDocument({ path: 'added/alpha.md', origin: 'remove' }, 12);
    const rows = await other.documentsSince(0, 10);
    expect(rows.map((r) => [r.path, r.seq, r.origin, r.bytes?.toString() ?? null])).toEqual([
      ['added/beta.md', second, 'feed', 'two'],
      ['added/alpha.md', third, 'remove', null],
    ]);
    expect(rows[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await a.documentsSince(second, 10)).toHaveLength(1);
    expect(await a.documentsSince(0, 1)).toHaveLength(1);
  });
});

describe.skipIf(!pgUrl)('postgres only', () => {
  it('replicas starting at once migrate the database once', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all([1, 2, 3, 4, 5].map(() => PostgresStore.open(url)));
    open.push(...stores);
    const { rows } = await stores[0].pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    // Each version once, none skipped (however many migrations there are by now).
    expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.length).toBeGreaterThanOrEqual(3);
  });

  it('a database migrated by a newer factdesk is refused rather than guessed at', async () => {
    const url = await freshDatabase();
    open.push(await PostgresStore.open(url));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('INSERT INTO schema_migrations (version) VALUES (99)');
    await c.end();
    await expect(PostgresStore.open(url)).rejects.toThrow(/newer factdesk \(schema 99\)/);
  });

  it('a server that cannot be reached is a StateError naming it, without its password', async () => {
    const u = new URL(pgUrl);
    u.port = '1';
    u.username = 'someone';
    u.password = 'hunter22';
    let err: unknown;
    try {
      await PostgresStore.open(u.toString());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).message).toContain('127.0.0.1:1');
    expect((err as StateError).message).not.toContain('hunter22');
    expect(safeUrl(u.toString())).not.toContain('hunter22');
  });
});
