/**
 * Feeds end to end (issue #18): the real discord.js client on the fake Discord, a feed server on
 * 127.0.0.1 serving RSS, Atom and JSON Feed. Feeds are followed with /feed add; items added
 * between polls become documents answerable by /search and /quote with the article's URL; a 304
 * re-reads nothing; an updated item is rewritten in place; a story in two feeds is stored once;
 * the digest lists only items that came after subscription, naming their feed; bad feeds show in
 * /feed list with their error while the others go on.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedService } from '../../src/feeds/service.js';
import { decodeInert } from '../../src/render/escape.js';
import { tempCorpus } from '../helpers/corpus.js';
import { PERMISSIONS } from '../helpers/fake-discord.js';
import { articlePage, atom, FeedServer, jsonFeed, rss, type TestItem } from '../helpers/feed-server.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let server: FeedServer;
let root: string;

beforeAll(async () => {
  server = await new FeedServer().start();
  root = tempCorpus({ 'seed.md': '---\ntitle: Seed note\nsource: Test Wire\n---\n\nA seed note about nothing in particular.\n' });
  h = await startHarness({ dataDir: root, env: { FETCH_ALLOW_PRIVATE: 'true', FETCH_TIMEOUT_SECONDS: '4' } });
});

afterAll(async () => {
  await h?.stop();
  await server?.stop();
});

function feeds(): FeedService {
  return h.app.services.feeds as FeedService;
}

interface Embed {
  title?: string;
  url?: string;
  description?: string;
  fields?: { name: string; value: string }[];
}

/** What a member reads: the content and each embed's parts, with Discord's escapes undone. */
function text(reply: { message: { content?: string; embeds?: Embed[] } }): string {
  const parts = [reply.message.content ?? ''];
  for (const e of reply.message.embeds ?? []) {
    parts.push(e.title ?? '', e.url ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`));
  }
  return decodeInert(parts.join('\n'));
}

const admin = { permissions: PERMISSIONS.manageGuild };

const backlog: TestItem[] = [
  {
    id: 'kv-1',
    title: 'Reservoir levels fall',
    link: '/kv/reservoir',
    date: '2026-03-01T08:00:00Z',
    content: '<p>Reservoir levels in the Korval valley fell to a ten-year low in February, engineers said.</p>',
  },
  {
    id: 'kv-2',
    title: 'Mill fire contained',
    link: '/kv/mill',
    date: '2026-03-02T08:00:00Z',
    content: '<p>A fire at the old paper mill in Korval was contained before dawn, the fire service said.</p>',
  },
];

describe('feeds through Discord', () => {
  it('/feed needs Manage Server', async () => {
    const denied = await h.fake.interact({ name: 'feed', subcommand: 'list', permissions: PERMISSIONS.member });
    expect(denied.message.content).toMatch(/Manage Server/);
  });

  it('follows RSS, Atom and JSON Feed; what they carry at subscription is answerable but not news', async () => {
    server.set('/korval.rss', { body: rss('Korval Valley News', server.url('/'), backlog), etag: '"k1"' });
    server.set('/wire.atom', {
      type: 'application/atom+xml',
      body: atom('Estuary Wire', server.url('/'), [
        {
          id: 'tag:estuary.test,2026:1',
          title: 'Ferry fares frozen',
          content: '<p>Ferry fares on the estuary were frozen for a year.</p>',
        },
      ]),
    });
    server.set('/desk.json', {
      type: 'application/feed+json',
      etag: '"j1"',
      body: jsonFeed('Upland Desk', server.url('/'), [
        { id: 'ud-1', title: 'Road gritting begins', content: '<p>Gritting lorries went out on the upland roads at dusk.</p>' },
      ]),
    });
    for (const p of ['/korval.rss', '/wire.atom', '/desk.json']) {
      const reply = await h.fake.interact({ name: 'feed', subcommand: 'add', options: { url: server.url(p) }, ...admin });
      expect(reply.ephemeral).toBe(true);
      expect(text(reply)).toContain('Following');
    }
    const notFeed = await h.fake.interact({ name: 'feed', subcommand: 'add', options: { url: server.url('/nothing-here') }, ...admin });
    expect(text(notFeed)).toMatch(/HTTP 404/);
    server.set('/page.html', { type: 'text/html', body: articlePage('Shop', ['Buy boots.']) });
    const page = await h.fake.interact({ name: 'feed', subcommand: 'add', options: { url: server.url('/page.html') }, ...admin });
    expect(text(page)).toMatch(/Not followed: not a feed: an HTML page/);

    const search = await h.fake.interact({ name: 'search', options: { words: 'paper mill fire contained' } });
    expect(text(search)).toContain('Mill fire contained');
    expect(text(search)).toContain(server.url('/kv/mill'));
    const preview = await h.fake.interact({ name: 'digest', subcommand: 'preview', ...admin });
    expect(text(preview)).not.toContain('Mill fire contained');
    expect(text(preview)).not.toContain('Ferry fares frozen');
  });

  it('items added between polls are served within the poll; 304s re-read nothing; an update is in place; a story in two feeds is stored once', async () => {
    const fresh: TestItem = {
      id: 'kv-3',
      title: 'Dam contract awarded',
      link: server.url('/kv/dam?utm_campaign=rss'),
      date: '2026-03-05T09:00:00Z',
      summary: 'A contract was awarded.',
    };
    server.set('/kv/dam', {
      type: 'text/html',
      body: articlePage('Dam contract awarded', [
        'The contract to strengthen the Korval dam went to Brask & Sons, a builder from Tallow Cross, the water board said on Thursday.',
        '"The work will start before the spring rains," said Liesel Marrow, the board’s chief engineer.',
        'The board expects the work to take two summers and to cost about eleven million pounds.',
      ]),
    });
    const updated = {
      ...backlog[0],
      content: '<p>Reservoir levels in the Korval valley fell to a twelve-year low in February, engineers said.</p>',
    };
    server.set('/korval.rss', { body: rss('Korval Valley News', server.url('/'), [fresh, updated, backlog[1]]), etag: '"k2"' });
    // The same story in the Atom feed, linked without the tracking parameter.
    server.set('/wire.atom', {
      type: 'application/atom+xml',
      body: atom('Estuary Wire', server.url('/'), [
        { id: 'tag:estuary.test,2026:2', title: 'Korval dam contract', link: server.url('/kv/dam'), summary: 'Brask & Sons won it.' },
        {
          id: 'tag:estuary.test,2026:1',
          title: 'Ferry fares frozen',
          content: '<p>Ferry fares on the estuary were frozen for a year.</p>',
        },
      ]),
    });
    const jsonBodies = server.count('/desk.json').bodies;
    const before = readdirSync(path.join(root, 'feeds'), { recursive: true }).length;

    const reports = await feeds().pollAll(true);
    const by = new Map(reports.map((r) => [new URL(r.url).pathname, r]));
    expect(by.get('/korval.rss')).toMatchObject({ status: 'read', added: 1, updated: 1 });
    expect(by.get('/wire.atom')).toMatchObject({ status: 'read', added: 0, duplicates: 1 });
    expect(by.get('/desk.json')).toMatchObject({ status: 'not-modified' });
    expect(server.count('/desk.json').bodies).toBe(jsonBodies);
    expect(readdirSync(path.join(root, 'feeds'), { recursive: true }).length).toBe(before + 1);

    // Served at once: /search and /quote cite the article's address.
    const quote = await h.fake.interact({ name: 'quote', options: { query: 'Liesel Marrow' } });
    expect(text(quote)).toContain('The work will start before the spring rains');
    expect(text(quote)).toContain(server.url('/kv/dam'));
    const search = await h.fake.interact({ name: 'search', options: { words: 'Korval reservoir twelve-year low' } });
    expect(text(search)).toContain('twelve-year low');
    expect(text(search)).not.toContain('ten-year low');
  });

  it('the digest lists only post-subscription items, naming their feed', async () => {
    const preview = await h.fake.interact({ name: 'digest', subcommand: 'preview', ...admin });
    const t = text(preview);
    expect(t).toContain('Dam contract awarded');
    expect(t).toContain('From the feed Korval Valley News');
    expect(t).not.toContain('Mill fire contained');
    expect(t).not.toContain('Ferry fares frozen');
  });

  it('bad feeds are listed with their last error and last success; the others go on', async () => {
    const lastOk: TestItem = { id: 'kv-4', title: 'Bridge reopens', summary: 'The Korval footbridge reopened after repairs on Friday.' };
    server.set('/korval.rss', { body: rss('Korval Valley News', server.url('/'), [lastOk, backlog[1]]), etag: '"k3"' });
    server.set('/wire.atom', {
      type: 'application/atom+xml',
      body: '<feed xmlns="http://www.w3.org/2005/Atom"><title>Estuary Wire</title><entry><title>cut',
    });
    server.set('/desk.json', { body: 'gone', status: 410, type: 'text/plain' });
    const reports = await feeds().pollAll(true);
    expect(reports.map((r) => [new URL(r.url).pathname, r.status])).toEqual([
      ['/korval.rss', 'read'],
      ['/wire.atom', 'failed'],
      ['/desk.json', 'failed'],
    ]);
    const list = text(await h.fake.interact({ name: 'feed', subcommand: 'list', ...admin }));
    expect(list).toContain('Korval Valley News');
    expect(list).toMatch(/Estuary Wire[^⚠]*last read [^⚠]*⚠️ last poll failed \([^)]*\): malformed feed/);
    expect(list).toMatch(/Upland Desk[^⚠]*⚠️ last poll failed \([^)]*\): HTTP 410: the feed is gone/);
    const search = await h.fake.interact({ name: 'search', options: { words: 'footbridge reopened' } });
    expect(text(search)).toContain('Bridge reopens');
    // Nothing stored from the broken feeds was lost.
    const gritting = await h.fake.interact({ name: 'search', options: { words: 'gritting lorries upland' } });
    expect(text(gritting)).toContain('Road gritting begins');
  });

  it('/feed remove offers the feeds while typing and stops following one', async () => {
    const choices = await h.fake.autocomplete({
      name: 'feed',
      subcommand: 'remove',
      focused: 'feed',
      options: { feed: 'upland' },
      ...admin,
    });
    expect(choices).toHaveLength(1);
    expect(choices[0].name).toContain('Upland Desk');
    const reply = await h.fake.interact({ name: 'feed', subcommand: 'remove', options: { feed: String(choices[0].value) }, ...admin });
    expect(text(reply)).toContain('No longer following Upland Desk');
    const list = text(await h.fake.interact({ name: 'feed', subcommand: 'list', ...admin }));
    expect(list).not.toContain('Upland Desk');
  });
});
