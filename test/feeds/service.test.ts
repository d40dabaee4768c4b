/**
 * The feed service against a feed server on 127.0.0.1 and a SQLite state store: first sight,
 * new items, conditional requests, updates in place, duplicates across feeds, bad feeds.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedService, NOT_NEWS } from '../../src/feeds/service.js';
import { hashBytes } from '../../src/read/document.js';
import { SqliteStore } from '../../src/state/index.js';
import { articlePage, atom, FeedServer, jsonFeed, rss, type TestItem } from '../helpers/feed-server.js';

const MIN = 60_000;
let server: FeedServer;
let store: SqliteStore;
let dataDir: string;
let clock: number;
let service: FeedService;

beforeAll(async () => {
  server = await new FeedServer().start();
});
afterAll(() => server.stop());

beforeEach(() => {
  server.routes.clear();
  server.hits.clear();
  store = SqliteStore.open(mkdtempSync(path.join(os.tmpdir(), 'factdesk-feeds-state-')));
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-feeds-data-'));
  clock = Date.parse('2026-04-01T08:00:00Z');
  service = new FeedService({
    store,
    dataDir,
    intervalMs: 15 * MIN,
    maxDocBytes: 100_000,
    fetch: { allowPrivate: true, timeoutMs: 4000, maxBytes: 300_000 },
    now: () => clock,
  });
});
afterEach(() => store.close());

function files(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else out.push(path.relative(dataDir, path.join(dir, e.name)));
    }
  };
  walk(dataDir);
  return out.sort();
}

function read(rel: string): string {
  return readFileSync(path.join(dataDir, rel), 'utf8');
}

const first: TestItem[] = [
  {
    id: 'mv-1',
    title: 'Canal tolls rise',
    link: '/a/canal',
    date: '2026-03-30T09:00:00Z',
    author: 'Petra Holm',
    content: '<p>Canal tolls rose by a fifth on Monday, the port board said.</p>',
  },
  { id: 'mv-2', title: 'Pier repairs begin', link: '/a/pier', date: '2026-03-31T09:00:00Z', summary: 'Repairs on the north pier began.' },
];

describe('FeedService', () => {
  it('reads a feed when it is added: its items enter the corpus but are recorded as not news', async () => {
    server.set('/rss', { body: rss('Millvale Post', server.url('/'), first) });
    const r = await service.add(server.url('/rss'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report).toMatchObject({ status: 'read', added: 2 });
    expect(r.feed).toMatchObject({ title: 'Millvale Post', items: 2, failures: 0 });
    expect(files()).toEqual(['feeds/127-0-0-1/2026-03-30-canal-tolls-rise.md', 'feeds/127-0-0-1/2026-03-31-pier-repairs-begin.md']);
    const canal = read(files()[0]);
    expect(canal).toContain('title: Canal tolls rise');
    expect(canal).toContain('source: Millvale Post');
    expect(canal).toContain(`url: ${server.url('/a/canal')}`);
    expect(canal).toContain('published: 2026-03-30T09:00:00Z');
    expect(canal).toContain('author: Petra Holm');
    expect(canal).toContain('feed: Millvale Post');
    expect(canal).toContain('Canal tolls rose by a fifth on Monday, the port board said.');
    // Items there at subscription are not fetched page by page, and are seen "before any window".
    expect(server.count('/a/canal').requests).toBe(0);
    const hash = hashBytes(readFileSync(path.join(dataDir, files()[0])));
    expect(await store.firstSeen([hash])).toEqual(new Map([[hash, NOT_NEWS]]));
  });

  it('a later item is read from its article page, is news, and a second poll with nothing new costs a 304', async () => {
    server.set('/rss', { body: rss('Millvale Post', server.url('/'), first), etag: '"v1"' });
    await service.add(server.url('/rss'));
    const later: TestItem = {
      id: 'mv-3',
      title: 'Ferry timetable changes',
      link: server.url('/a/ferry?utm_source=feed'),
      date: '2026-04-01T07:30:00Z',
      summary: 'A short summary only.',
    };
    server.set('/rss', { body: rss('Millvale Post', server.url('/'), [later, ...first]), etag: '"v2"' });
    server.set('/a/ferry', {
      type: 'text/html; charset=utf-8',
      body: articlePage('Ferry timetable changes', [
        'The ferry between Millvale and Osterby will leave every forty minutes from May, the operator Lund Lines said on Tuesday.',
        'Its chief executive, Harald Vinter, said the change followed a year of complaints about crowded evening crossings.',
        'Passengers who hold season tickets will be offered a refund for the weeks of the old timetable they did not use.',
      ]),
    });
    // Not due within the interval; due after it.
    clock += 5 * MIN;
    expect(await service.pollAll()).toEqual([]);
    clock += 15 * MIN;
    const [r] = await service.pollAll();
    expect(r).toMatchObject({ status: 'read', added: 1, updated: 0 });
    const doc = read(r.files[0]);
    expect(doc).toContain('Harald Vinter, said the change followed a year of complaints');
    expect(doc).toContain(`url: ${server.url('/a/ferry')}`);
    expect(doc).toContain('text_from: page');
    expect(doc).not.toContain('A short summary only.');
    const hash = hashBytes(readFileSync(path.join(dataDir, r.files[0])));
    expect(await store.firstSeen([hash])).toEqual(new Map());
    // Forced, within the interval: the server says nothing changed, nothing is re-read.
    const before = { ...server.count('/rss') };
    const [again] = await service.pollAll(true);
    expect(again).toMatchObject({ status: 'not-modified', added: 0 });
    expect(server.count('/rss').notModified).toBe(before.notModified + 1);
    expect(server.count('/rss').bodies).toBe(before.bodies);
    expect(server.count('/a/ferry').requests).toBe(1);
  });

  it('an item the feed changes is rewritten in place; an unchanged feed body adds nothing', async () => {
    server.set('/rss', { body: rss('Millvale Post', server.url('/'), first) });
    await service.add(server.url('/rss'));
    const [canal] = files();
    const changed = [
      { ...first[0], content: '<p>Canal tolls rose by a quarter on Monday, the port board said in a correction.</p>' },
      first[1],
    ];
    server.set('/rss', { body: rss('Millvale Post', server.url('/'), changed) });
    const [r] = await service.pollAll(true);
    expect(r).toMatchObject({ status: 'read', added: 0, updated: 1, files: [canal] });
    expect(files()).toHaveLength(2);
    expect(read(canal)).toContain('rose by a quarter');
    // Still not news: it was there at subscription.
    const hash = hashBytes(readFileSync(path.join(dataDir, canal)));
    expect(await store.firstSeen([hash])).toEqual(new Map([[hash, NOT_NEWS]]));
    const [same] = await service.pollAll(true);
    expect(same).toMatchObject({ status: 'read', added: 0, updated: 0, files: [] });
  });

  it('the same story in two feeds (same link, or same text) is stored once', async () => {
    server.set('/rss', { body: rss('Millvale Post', server.url('/'), first) });
    await service.add(server.url('/rss'));
    const copies: TestItem[] = [
      { ...first[0], id: 'tag:other.example,2026:9' },
      {
        id: 'other-2',
        title: 'Pier works',
        link: server.url('/elsewhere/pier'),
        date: '2026-03-31T10:00:00Z',
        summary: 'Repairs on the north pier began.',
      },
    ];
    server.set('/atom', { type: 'application/atom+xml', body: atom('Osterby Wire', server.url('/'), copies) });
    const r = await service.add(server.url('/atom'));
    expect(r.ok && r.report).toMatchObject({ added: 0, duplicates: 2 });
    expect(files()).toHaveLength(2);
    expect((await service.list()).map((f) => f.items)).toEqual([2, 2]);
  });

  it('reads JSON Feed', async () => {
    server.set('/feed.json', {
      type: 'application/feed+json',
      body: jsonFeed('Harbour Desk', server.url('/'), [
        { id: 'hd-1', title: 'Lock gates fixed', link: '/hd/1', content: '<p>The lock gates were fixed overnight by a crew of nine.</p>' },
      ]),
    });
    const r = await service.add(server.url('/feed.json'));
    expect(r.ok && r.report).toMatchObject({ status: 'read', added: 1 });
    expect(read(files()[0])).toContain('The lock gates were fixed overnight by a crew of nine.');
  });

  it('refuses to follow what is not a feed, or not a web link', async () => {
    server.set('/page', { type: 'text/html', body: articlePage('A shop', ['Buy our boats today.']) });
    expect(await service.add(server.url('/page'))).toEqual({
      ok: false,
      reason: expect.stringMatching(/not a feed: an HTML page/) as string,
    });
    expect(await service.add('ftp://example.org/feed')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only http and https/) as string,
    });
    expect(await service.list()).toEqual([]);
  });

  it('bad feeds are reported with their error and backed off; the others go on and nothing stored is lost', async () => {
    server.set('/good', { body: rss('Millvale Post', server.url('/'), first) });
    const bad = ['/malformed', '/gone', '/missing', '/loop', '/bomb', '/slow', '/huge', '/busy'];
    for (const p of bad)
      server.set(p, { body: rss(`Feed ${p}`, server.url('/'), [{ id: `${p}-1`, title: `First of ${p}`, summary: `Text of ${p}.` }]) });
    for (const p of ['/good', ...bad]) expect((await service.add(server.url(p))).ok).toBe(true);
    const stored = files();
    expect(stored).toHaveLength(2 + bad.length);
    // Every bad feed breaks at once; the good one gets a new item.
    server.set('/malformed', { body: '<rss version="2.0"><channel><title>Broken</title><item><title>Half' });
    server.set('/gone', { body: 'gone', status: 410, type: 'text/plain' });
    server.set('/missing', { body: 'no', status: 404, type: 'text/plain' });
    server.set('/loop', { redirect: '/loop' });
    server.set('/bomb', { gzipBomb: 50 * 1024 * 1024 });
    server.set('/slow', { hang: true });
    server.set('/huge', { endless: true });
    server.set('/busy', { body: 'busy', status: 503, type: 'text/plain', headers: { 'retry-after': '7200' } });
    const fresh: TestItem = {
      id: 'mv-9',
      title: 'Bridge toll scrapped',
      summary: 'The bridge toll was scrapped by the council on Wednesday.',
    };
    server.set('/good', { body: rss('Millvale Post', server.url('/'), [fresh, ...first]) });
    const reports = await service.pollAll(true);
    const by = new Map(reports.map((r) => [new URL(r.url).pathname, r]));
    expect(by.get('/good')).toMatchObject({ status: 'read', added: 1 });
    expect(by.get('/malformed')).toMatchObject({ status: 'failed', error: expect.stringMatching(/malformed/) as string });
    expect(by.get('/gone')?.error).toMatch(/410/);
    expect(by.get('/missing')?.error).toMatch(/HTTP 404/);
    expect(by.get('/loop')?.error).toMatch(/too many redirects/);
    expect(by.get('/bomb')?.error).toMatch(/too large/);
    expect(by.get('/slow')?.error).toMatch(/timed out/);
    expect(by.get('/huge')?.error).toMatch(/too large/);
    expect(by.get('/busy')?.error).toMatch(/HTTP 503/);
    // Listed with the error and the last success; nothing stored was lost.
    const listed = new Map((await service.list()).map((f) => [new URL(f.url).pathname, f]));
    for (const p of bad) expect(listed.get(p)).toMatchObject({ failures: 1, lastSuccessAt: Date.parse('2026-04-01T08:00:00Z') });
    expect(listed.get('/good')).toMatchObject({ failures: 0 });
    expect(files()).toEqual([...stored, ...by.get('/good')!.files].sort());
    // Backed off: not polled again by a forced poll before their wait is over; Retry-After and 410 wait longer.
    expect(listed.get('/busy')!.notBefore - clock).toBe(2 * 3600_000);
    expect(listed.get('/gone')!.notBefore - clock).toBe(24 * 3600_000);
    expect(listed.get('/missing')!.notBefore - clock).toBe(15 * MIN);
    clock += MIN;
    expect((await service.pollAll(true)).map((r) => new URL(r.url).pathname)).toEqual(['/good']);
  });
});
