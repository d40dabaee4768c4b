/**
 * The daily digest with a controlled clock: posting at the slot, restart without double posting,
 * one catch-up after downtime, "nothing new" both ways, guilds in different zones, a new document
 * in the next digest, a failing channel that does not stop other guilds, a corrupted state file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { runLine } from '../../src/commands/parse.js';
import { memoryStore } from '../../src/corpus/memory.js';
import type { CorpusStore } from '../../src/corpus/types.js';
import { Corpus } from '../../src/index/corpus.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import { DigestScheduler } from '../../src/digest/scheduler.js';
import type { Timer } from '../../src/timing.js';
import { DigestService, installDigest, PostError, type ChannelPoster } from '../../src/digest/service.js';
import type { ChannelMessage } from '../../src/render/discord.js';
import { LIMITS } from '../../src/render/limits.js';
import { STATE_FILE, SqliteStore, type StateStore } from '../../src/state/index.js';
import { tempCorpus } from '../helpers/corpus.js';

const HOUR = 3600_000;

function article(title: string, body: string, extra = ''): string {
  return `---\ntitle: "${title}"\nsource: "Test Wire"\npublished: 2026-01-05\n${extra}---\n\n${body}\n`;
}

async function corpusFrom(dir: string): Promise<CorpusStore> {
  const { docs, skipped } = await ingestDirectory(dir, { maxBytes: 5 * 1024 * 1024 });
  return memoryStore(new Corpus({ docs, skipped }));
}

class Clock {
  constructor(public t: number) {}
  now = () => new Date(this.t);
  set(iso: string) {
    this.t = Date.parse(iso);
  }
}

class FakePoster implements ChannelPoster {
  readonly posts: { channelId: string; message: ChannelMessage }[] = [];
  readonly failing = new Map<string, Error>();
  private n = 0;
  async post(channelId: string, message: ChannelMessage) {
    const fail = this.failing.get(channelId);
    if (fail) throw fail;
    this.posts.push({ channelId, message });
    return { id: `m${++this.n}` };
  }
  text(i: number): string {
    return JSON.stringify(this.posts[i].message);
  }
}

const stores: StateStore[] = [];
function openStore(dir: string): StateStore {
  const s = SqliteStore.open(dir);
  stores.push(s);
  return s;
}
afterEach(async () => {
  while (stores.length) await stores.pop()!.close();
});

function stateDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'factdesk-digest-state-'));
}

const LONDON = { channel: '3000000001', time: '08:00', timezone: 'Europe/London' };

describe('posting at the slot', () => {
  it('posts once at 08:00 local, not before; a restart on the same file does not post again', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('Harbour reopens', 'The harbour reopened on Monday after the storm.') }));
    const dir = stateDir();
    const clock = new Clock(Date.parse('2026-01-10T07:00:00Z'));
    const poster = new FakePoster();
    const svc = new DigestService(openStore(dir), clock.now);
    await svc.sync(corpus); // the corpus as it was when the guild set up: not news for it
    clock.t += 60_000;
    expect(await svc.setup('g1', LONDON)).toHaveProperty('settings');

    // A document arrives after setup.
    const corpus2 = await corpusFrom(
      tempCorpus({
        'a.md': article('Harbour reopens', 'The harbour reopened on Monday after the storm.'),
        'b.md': article('Bridge closes', 'The old bridge closed for repairs on Tuesday.'),
      }),
    );
    clock.set('2026-01-10T07:30:00Z');
    await svc.sync(corpus2);

    clock.set('2026-01-10T07:59:59Z');
    expect((await svc.runDue(corpus2, poster)).map((r) => r.outcome)).toEqual(['not-due']);
    expect(poster.posts).toHaveLength(0);

    clock.set('2026-01-10T08:00:00Z');
    const [r] = await svc.runDue(corpus2, poster);
    expect(r).toMatchObject({ outcome: 'posted', documents: 1 });
    expect(poster.posts.length).toBeGreaterThanOrEqual(1);
    expect(poster.posts[0].channelId).toBe('3000000001');
    expect(poster.text(0)).toContain('Bridge closes');
    expect(poster.text(0)).not.toContain('Harbour reopens');

    // Same process, later the same day: nothing more.
    clock.set('2026-01-10T12:00:00Z');
    expect((await svc.runDue(corpus2, poster)).map((r) => r.outcome)).toEqual(['not-due']);

    // "Restart": a new store object and service on the same file, at the same time.
    const posted = poster.posts.length;
    const svc2 = new DigestService(openStore(dir), clock.now);
    expect((await svc2.runDue(corpus2, poster)).map((r) => r.outcome)).toEqual(['not-due']);
    expect(poster.posts).toHaveLength(posted);
    expect((await svc2.statusLines('g1')).join('\n')).toMatch(/Last digest: posted for 2026-01-10 08:00 Europe\/London .*1 new document/);
  });

  it('two services racing for the same slot post it once', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('One', 'A sentence of news for the test.') }));
    const dir = stateDir();
    const clock = new Clock(Date.parse('2026-01-10T06:00:00Z'));
    const a = new DigestService(openStore(dir), clock.now);
    const b = new DigestService(openStore(dir), clock.now);
    await a.setup('g1', LONDON);
    clock.set('2026-01-10T08:00:00Z');
    const poster = new FakePoster();
    const results = await Promise.all([a.runDue(corpus, poster), b.runDue(corpus, poster)]);
    const outcomes = results
      .flat()
      .map((r) => r.outcome)
      .sort();
    expect(outcomes.filter((o) => o === 'posted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'posted').length + outcomes.filter((o) => o === 'not-due' || o === 'already-done').length).toBe(2);
    expect(poster.posts).toHaveLength(1);
  });
});

describe('changing the schedule', () => {
  it('a later time today still goes out today, an earlier one tomorrow, and no document is repeated', async () => {
    const root = tempCorpus({ 'a.md': article('First', 'The first story of the day.') });
    const clock = new Clock(Date.parse('2026-01-10T06:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.setup('g', { ...LONDON, time: '08:00' });
    clock.t += 60_000;
    const poster = new FakePoster();
    clock.set('2026-01-10T08:00:00Z');
    await svc.runDue(await corpusFrom(root), poster);
    expect(poster.text(0)).toContain('First');
    clock.set('2026-01-10T10:00:00Z');
    await svc.setup('g', { ...LONDON, time: '18:00' });
    writeFileSync(path.join(root, 'b.md'), article('Second', 'The second story of the day.'));
    clock.set('2026-01-10T18:00:00Z');
    await svc.runDue(await corpusFrom(root), poster);
    expect(poster.posts).toHaveLength(2);
    expect(poster.text(1)).toContain('Second');
    expect(poster.text(1)).not.toContain('First');
    clock.set('2026-01-10T19:00:00Z');
    await svc.setup('g', { ...LONDON, time: '07:00' });
    clock.set('2026-01-10T23:59:00Z');
    expect((await svc.runDue(await corpusFrom(root), poster)).map((r) => r.outcome)).toEqual(['not-due']);
    clock.set('2026-01-11T07:00:00Z');
    expect((await svc.runDue(await corpusFrom(root), poster)).map((r) => r.outcome)).toEqual(['posted']);
    expect(poster.posts[2].message.content).toMatch(/Nothing new/);
  });
});

describe('downtime', () => {
  it('posts one catch-up digest after days down, with everything that arrived meanwhile, then resumes the schedule', async () => {
    const root = tempCorpus({ 'a.md': article('Day zero', 'Something happened on day zero of the test.') });
    const dir = stateDir();
    const clock = new Clock(Date.parse('2026-02-01T09:00:00Z'));
    const poster = new FakePoster();
    let svc = new DigestService(openStore(dir), clock.now);
    await svc.sync(await corpusFrom(root));
    await svc.setup('g1', { ...LONDON, time: '08:00' });
    clock.set('2026-02-02T08:00:00Z');
    await svc.runDue(await corpusFrom(root), poster);
    expect(poster.posts).toHaveLength(1); // nothing new: the one-line post (default)

    // Down from 2026-02-02 10:00 to 2026-02-05 15:00; documents arrive meanwhile (seen on restart).
    writeFileSync(path.join(root, 'b.md'), article('During downtime one', 'The first thing that happened while the bot was down.'));
    writeFileSync(path.join(root, 'c.md'), article('During downtime two', 'The second thing that happened while the bot was down.'));
    clock.set('2026-02-05T15:00:00Z');
    svc = new DigestService(openStore(dir), clock.now);
    const corpus = await corpusFrom(root);
    const first = await svc.runDue(corpus, poster);
    expect(first).toEqual([expect.objectContaining({ outcome: 'posted', documents: 2, slot: Date.parse('2026-02-05T08:00:00Z') })]);
    expect(poster.posts).toHaveLength(2);
    const body = poster.text(1);
    expect(body).toContain('During downtime one');
    expect(body).toContain('During downtime two');
    expect(body).not.toContain('Day zero');

    // Not once per missed day: further checks the same day post nothing.
    for (const h of [16, 20, 23]) {
      clock.set(`2026-02-05T${h}:00:00Z`);
      await svc.runDue(corpus, poster);
    }
    expect(poster.posts).toHaveLength(2);
    expect((await svc.store.digests('g1')).map((d) => new Date(d.slot).toISOString())).toEqual([
      '2026-02-05T08:00:00.000Z',
      '2026-02-02T08:00:00.000Z',
    ]);

    // The next day at the usual time: the usual digest (nothing new → one line).
    clock.set('2026-02-06T08:00:00Z');
    await svc.runDue(corpus, poster);
    expect(poster.posts).toHaveLength(3);
    expect(poster.posts[2].message.content).toMatch(/Nothing new in the corpus since 2026-02-05/);
  });
});

describe('nothing new', () => {
  it('post: a one-line message; skip: no message, recorded as skipped, and the status says so', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('Old news', 'This was already known before setup.') }));
    const clock = new Clock(Date.parse('2026-03-01T00:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.sync(corpus);
    await svc.setup('post-guild', { ...LONDON, channel: '4000000001', nothingNew: 'post' });
    await svc.setup('skip-guild', { ...LONDON, channel: '4000000002', nothingNew: 'skip' });
    clock.set('2026-03-01T08:00:00Z');
    const poster = new FakePoster();
    const results = await svc.runDue(corpus, poster);
    expect(Object.fromEntries(results.map((r) => [r.guildId, r.outcome]))).toEqual({ 'post-guild': 'posted', 'skip-guild': 'skipped' });
    expect(poster.posts).toHaveLength(1);
    const m = poster.posts[0].message;
    expect(m.embeds).toEqual([]);
    expect(m.content).toMatch(/^📭 Nothing new in the corpus since 2026-03-01 00:00 Europe\/London/);
    expect(m.content!.split('\n')).toHaveLength(1);
    expect(m.allowedMentions).toEqual({ parse: [] });
    expect((await svc.statusLines('skip-guild')).join('\n')).toMatch(/nothing new for 2026-03-01 08:00 Europe\/London .*no message/);
    // Skipping still counts as done: no post later that day.
    clock.set('2026-03-01T20:00:00Z');
    expect((await svc.runDue(corpus, poster)).every((r) => r.outcome === 'not-due')).toBe(true);
  });
});

describe('guilds in different time zones', () => {
  it('each guild gets its digest at its own local time, in its own channel', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('A', 'A sentence of news.') }));
    const clock = new Clock(Date.parse('2026-01-20T00:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.setup('london', { channel: '5000000001', time: '08:00', timezone: 'Europe/London' });
    await svc.setup('newyork', { channel: '5000000002', time: '08:00', timezone: 'America/New_York' });
    await svc.setup('tokyo', { channel: '5000000003', time: '08:00', timezone: 'Asia/Tokyo' });
    const poster = new FakePoster();
    const posted = async (iso: string) => {
      clock.set(iso);
      return (await svc.runDue(corpus, poster)).filter((r) => r.outcome === 'posted').map((r) => r.guildId);
    };
    expect(await posted('2026-01-20T07:59:00Z')).toEqual([]);
    expect(await posted('2026-01-20T08:00:00Z')).toEqual(['london']);
    expect(await posted('2026-01-20T12:59:00Z')).toEqual([]);
    expect(await posted('2026-01-20T13:00:00Z')).toEqual(['newyork']);
    expect(await posted('2026-01-20T23:00:00Z')).toEqual(['tokyo']); // 08:00 on the 21st in Tokyo
    expect(poster.posts.map((p) => p.channelId)).toEqual(['5000000001', '5000000002', '5000000003']);
  });

  it('a New York guild posts at 08:00 local on both sides of the March change', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('A', 'A sentence of news.') }));
    const clock = new Clock(Date.parse('2026-03-06T00:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.setup('ny', { channel: '5000000002', time: '08:00', timezone: 'America/New_York', nothingNew: 'skip' });
    const slots: string[] = [];
    for (let t = Date.parse('2026-03-06T00:00:00Z'); t < Date.parse('2026-03-10T00:00:00Z'); t += 30 * 60_000) {
      clock.t = t;
      for (const r of await svc.runDue(corpus, new FakePoster())) if ('slot' in r) slots.push(new Date(r.slot).toISOString());
    }
    expect(slots).toEqual(['2026-03-06T13:00:00.000Z', '2026-03-07T13:00:00.000Z', '2026-03-08T12:00:00.000Z', '2026-03-09T12:00:00.000Z']);
  });
});

describe('a channel that fails', () => {
  it('is logged and shown in /digest status, keeps its documents for next time, and does not stop other guilds', async () => {
    const root = tempCorpus({ 'a.md': article('Before', 'Known before setup.') });
    const clock = new Clock(Date.parse('2026-01-10T00:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.sync(await corpusFrom(root));
    await svc.setup('broken', { ...LONDON, channel: '6000000001' });
    await svc.setup('fine', { ...LONDON, channel: '6000000002' });
    writeFileSync(path.join(root, 'b.md'), article('Fresh report', 'A fresh report arrived after setup.'));
    const corpus = await corpusFrom(root);
    const poster = new FakePoster();
    poster.failing.set('6000000001', Object.assign(new Error('Missing Permissions'), { code: 50013, status: 403 }));
    clock.set('2026-01-10T08:00:00Z');
    const results = await svc.runDue(corpus, poster);
    expect(Object.fromEntries(results.map((r) => [r.guildId, r.outcome]))).toEqual({ broken: 'failed', fine: 'posted' });
    expect(poster.posts.map((p) => p.channelId)).toEqual(['6000000002']);
    const status = (await svc.statusLines('broken')).join('\n');
    expect(status).toMatch(/lacks permission to post in channel 6000000001/);
    expect(status).toMatch(/Last problem/);

    // Fixed by the next day: the document that could not be posted is still in the digest.
    poster.failing.delete('6000000001');
    clock.set('2026-01-11T08:00:00Z');
    await svc.runDue(corpus, poster);
    const brokenPosts = poster.posts.filter((p) => p.channelId === '6000000001');
    expect(brokenPosts.length).toBeGreaterThan(0);
    expect(JSON.stringify(brokenPosts[0].message)).toContain('Fresh report');
    expect((await svc.store.guild('broken'))!.lastError).toBeUndefined();
  });

  it('a channel that no longer exists is described as such', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('A', 'A sentence of news.') }));
    const clock = new Clock(Date.parse('2026-01-10T00:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.setup('g', { ...LONDON, channel: '6000000009' });
    clock.set('2026-01-10T08:00:00Z');
    const poster = new FakePoster();
    poster.failing.set(
      '6000000009',
      new PostError(
        'missing-channel',
        'channel 6000000009 no longer exists or the bot cannot see it; run /digest setup with another channel.',
      ),
    );
    const [r] = await svc.runDue(corpus, poster);
    expect(r).toMatchObject({ outcome: 'failed' });
    expect((await svc.statusLines('g')).join('\n')).toMatch(/no longer exists/);
  });
});

describe('a guild whose saved settings no longer work', () => {
  it('(a time zone this runtime does not know) is reported in its status, and other guilds still post', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('A', 'A sentence of news.') }));
    const clock = new Clock(Date.parse('2026-01-10T00:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.store.setupGuild(
      { guildId: 'odd', channelId: '1', time: '08:00', timezone: 'Mars/Olympus_Mons', nothingNew: 'post' },
      clock.t,
    );
    await svc.setup('fine', { ...LONDON, channel: '6000000002' });
    clock.set('2026-01-10T08:00:00Z');
    const poster = new FakePoster();
    const scheduler = new DigestScheduler(svc, { corpus: () => corpus, poster, timer: new FakeTimer() });
    expect(await scheduler.delay()).toBe(5 * 60_000); // the next good slot is a day away: the cap
    const results = await scheduler.tick();
    expect(Object.fromEntries(results.map((r) => [r.guildId, r.outcome]))).toEqual({ fine: 'posted', odd: 'failed' });
    expect(poster.posts.map((p) => p.channelId)).toEqual(['6000000002']);
    expect((await svc.store.guild('odd'))!.lastError).toMatch(/could not run/);
    expect((await svc.statusLines('odd')).join('\n')).toMatch(/Last problem.*could not run/);
  });
});

describe('people newly seen', () => {
  it('are those no earlier document named — by full name, alias or surname', async () => {
    const A = 'Iranian Interior Minister Ahmad Vahidi visited Islamabad on Monday.';
    const B = 'Vahidi said the border was calm. Mayor Jane Okafor of Quetta welcomed the IRGC delegation with Ali Vahidi.';
    const root = tempCorpus({ 'a.md': article('Visit', A), 'b.md': article('Calm border', B) });
    const { docs } = await ingestDirectory(root, { maxBytes: 5 * 1024 * 1024 });
    const byId = Object.fromEntries(docs.map((d) => [d.meta.id, d]));
    const mention = (text: string, surface: string) => ({
      paragraph: 1,
      start: text.indexOf(surface),
      end: text.indexOf(surface) + surface.length,
      surface,
    });
    const role = (r: string) => [{ role: r, paragraph: 1, sentence: 0 }];
    const a = {
      ...byId.a,
      facts: {
        dates: [],
        quotes: [],
        people: [
          {
            name: 'Ahmad Vahidi',
            kind: 'person' as const,
            aliases: [],
            roles: role('Iranian Interior Minister'),
            mentions: [mention(A, 'Ahmad Vahidi')],
          },
          {
            name: 'Islamic Revolutionary Guard Corps',
            kind: 'group' as const,
            aliases: ['IRGC'],
            roles: [],
            mentions: [mention(A, 'Islamabad')],
          },
        ],
      },
    };
    const b = {
      ...byId.b,
      facts: {
        dates: [],
        quotes: [],
        people: [
          { name: 'Vahidi', kind: 'person' as const, aliases: [], roles: [], mentions: [mention(B, 'Vahidi')] },
          { name: 'IRGC', kind: 'group' as const, aliases: [], roles: [], mentions: [mention(B, 'IRGC')] },
          {
            name: 'Jane Okafor',
            kind: 'person' as const,
            aliases: [],
            roles: [{ role: 'Mayor', paragraph: 1, sentence: 1 }],
            mentions: [mention(B, 'Jane Okafor')],
          },
          // A different person with a known surname is still new.
          { name: 'Ali Vahidi', kind: 'person' as const, aliases: [], roles: [], mentions: [mention(B, 'Ali Vahidi')] },
        ],
      },
    };
    const clock = new Clock(Date.parse('2026-01-10T07:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.sync(memoryStore(new Corpus({ docs: [a], skipped: [] })));
    await svc.setup('g', LONDON);
    clock.t += 60_000;
    const both = memoryStore(new Corpus({ docs: [a, b], skipped: [] }));
    const digest = await svc.compose(both, (await svc.store.guild('g'))!.windowStart, clock.t);
    expect(digest.documents.map((d) => d.title)).toEqual(['Calm border']);
    expect(digest.people.map((p) => [p.name, p.role ?? null])).toEqual([
      ['Jane Okafor', 'Mayor'],
      ['Ali Vahidi', null],
    ]);
    expect(digest.people[0].excerpt).toBe('Mayor Jane Okafor of Quetta welcomed the IRGC delegation with Ali Vahidi.');
  });
});

describe('a new document dropped into the corpus directory', () => {
  it('shows up in the next scheduled digest (the scheduler reloads the corpus first)', async () => {
    const root = tempCorpus({ 'old.md': article('Old story', 'An old story that everyone has read.') });
    const clock = new Clock(Date.parse('2026-04-01T06:00:00Z'));
    const app = await App.start({ dataDir: root, maxBytes: 5 * 1024 * 1024, now: clock.now });
    const svc = (await installDigest(app, { stateDir: stateDir() }))!;
    stores.push(svc.store);
    await svc.sync(app.store);
    await svc.setup('g', LONDON);
    const poster = new FakePoster();
    const timer = new FakeTimer();
    const scheduler = new DigestScheduler(svc, { corpus: () => app.store, poster, reload: () => app.reload(), timer });

    writeFileSync(
      path.join(root, 'new.md'),
      article('Dam inspection finds cracks', 'Inspectors found cracks in the dam on Wednesday morning.'),
    );
    clock.set('2026-04-01T07:00:00Z'); // 08:00 BST
    const results = await scheduler.tick();
    expect(results).toEqual([expect.objectContaining({ outcome: 'posted', documents: 1 })]);
    const body = poster.text(0);
    expect(body).toContain('Dam inspection finds cracks');
    expect(body).toContain('Inspectors found cracks in the dam on Wednesday morning.');
    expect(body).not.toContain('Old story');
  });
});

class FakeTimer implements Timer {
  pending: { fn: () => void; ms: number; id: number }[] = [];
  private n = 0;
  set(fn: () => void, ms: number) {
    const id = ++this.n;
    this.pending.push({ fn, ms, id });
    return id;
  }
  clear(h: unknown) {
    this.pending = this.pending.filter((p) => p.id !== h);
  }
  /** Fires the earliest timer; returns its delay. */
  fire(): number {
    const next = this.pending.sort((a, b) => a.ms - b.ms).shift()!;
    next.fn();
    return next.ms;
  }
}

describe('the scheduler', () => {
  it('checks at start (catch-up), then sleeps until the next slot, never longer than its cap', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('A', 'A sentence of news.') }));
    const clock = new Clock(Date.parse('2026-01-10T07:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.setup('g', LONDON);
    const timer = new FakeTimer();
    const poster = new FakePoster();
    const scheduler = new DigestScheduler(svc, { corpus: () => corpus, poster, timer, maxSleepMs: 2 * HOUR });
    scheduler.start();
    expect(timer.pending.map((p) => p.ms)).toEqual([0]);
    timer.fire();
    await new Promise((r) => setTimeout(r, 20));
    // Next slot is 08:00Z, one hour away.
    expect(timer.pending.map((p) => p.ms)).toEqual([HOUR]);
    clock.set('2026-01-10T08:00:00Z');
    timer.fire();
    await new Promise((r) => setTimeout(r, 20));
    expect(poster.posts).toHaveLength(1);
    // The next slot is a day away: capped.
    expect(timer.pending.map((p) => p.ms)).toEqual([2 * HOUR]);
    await scheduler.stop();
    expect(timer.pending).toEqual([]);
    expect(await scheduler.delay()).toBe(2 * HOUR);
    clock.set('2026-01-11T07:30:00Z');
    expect(await scheduler.delay()).toBe(HOUR / 2);
  });
});

describe('/digest', () => {
  async function ctxFor(
    corpus: CorpusStore,
    svc: DigestService | { unavailable: string },
    guildId?: string,
    clock = new Clock(Date.now()),
  ) {
    const { commands } = await import('../../src/commands/index.js');
    return {
      corpus,
      status: { dataDir: '', lastReload: new Date(), reloading: false },
      commands,
      now: clock.now,
      services: { digest: svc },
      ...(guildId ? { guildId } : {}),
    };
  }

  it('setup checks time, zone and channel with helpful errors, then reports the schedule', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('A', 'A sentence of news.') }));
    const clock = new Clock(Date.parse('2026-01-10T07:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    const ctx = await ctxFor(corpus, svc, '7000000001', clock);
    const bad = await runLine(ctx, '/digest setup channel:123456789012 time:25:00 timezone:Europe/London');
    expect(bad.error).toMatch(/not a time of day/);
    expect((await runLine(ctx, '/digest setup channel:123456789012 time:08:00 timezone:Europe/Londn')).error).toMatch(
      /not a time zone.*Europe\/London/s,
    );
    expect((await runLine(ctx, '/digest setup channel:nope time:08:00 timezone:UTC')).error).toMatch(/channel/);
    expect((await runLine(ctx, '/digest setup channel:123456789012 time:08:00')).error).toMatch(/timezone/);
    expect((await runLine(ctx, '/digest setup channel:123456789012 time:08:00 timezone:UTC nothing_new:maybe')).error).toMatch(
      /post .* or skip/,
    );
    const ok = await runLine(ctx, '/digest setup channel:123456789012 time:8:30 timezone:america/new_york nothing_new:skip');
    expect(ok.error).toBeUndefined();
    expect(ok.lines!.join('\n')).toMatch(/every day at 08:30 America\/New_York/);
    expect(ok.lines!.join('\n')).toMatch(/Next digest: 2026-01-10 08:30 America\/New_York \(13:30 UTC\)/);
    expect((await runLine(ctx, '/digest status')).lines!.join('\n')).toMatch(/With nothing new: no message/);
    expect((await runLine(ctx, '/digest off')).lines!.join('\n')).toMatch(/No more digests/);
    expect((await runLine(ctx, '/digest status')).lines!.join('\n')).toMatch(/is off/);
    expect(await svc.store.enabledGuilds()).toEqual([]);
  });

  it('documents already in the corpus at setup are not news in the first digest', async () => {
    const root = tempCorpus({ 'a.md': article('Already here', 'This was in the corpus before setup.') });
    const clock = new Clock(Date.parse('2026-01-10T07:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    const corpus = await corpusFrom(root);
    await runLine(await ctxFor(corpus, svc, 'g', clock), '/digest setup channel:123456789 time:08:00 timezone:UTC');
    clock.t += 60_000;
    writeFileSync(path.join(root, 'b.md'), article('Arrived later', 'This arrived after setup.'));
    const later = await corpusFrom(root);
    const poster = new FakePoster();
    const scheduler = new DigestScheduler(svc, { corpus: () => later, poster, timer: new FakeTimer() });
    await scheduler.tick(); // a check before the slot records the new document
    clock.set('2026-01-10T08:00:00Z');
    await scheduler.tick();
    expect(poster.posts).toHaveLength(1);
    expect(poster.text(0)).toContain('Arrived later');
    expect(poster.text(0)).not.toContain('Already here');
    expect((await svc.store.digests('g'))[0].windowFrom).toBe(Date.parse('2026-01-10T07:00:00Z'));
  });

  it('keeps each guild’s settings apart', async () => {
    const corpus = await corpusFrom(tempCorpus({ 'a.md': article('A', 'A sentence of news.') }));
    const svc = new DigestService(openStore(stateDir()));
    await runLine(await ctxFor(corpus, svc, '1'), '/digest setup channel:111111111 time:07:00 timezone:Asia/Tokyo');
    await runLine(await ctxFor(corpus, svc, '2'), '/digest setup channel:222222222 time:19:15 timezone:Europe/Paris');
    expect((await runLine(await ctxFor(corpus, svc, '1'), '/digest status')).lines!.join(' ')).toMatch(
      /channel 111111111 every day at 07:00 Asia\/Tokyo/,
    );
    expect((await runLine(await ctxFor(corpus, svc, '2'), '/digest status')).lines!.join(' ')).toMatch(
      /channel 222222222 every day at 19:15 Europe\/Paris/,
    );
    expect((await runLine(await ctxFor(corpus, svc, '3'), '/digest status')).lines!.join(' ')).toMatch(/not set up/);
  });

  it('on the console: preview works (last 24 h, then since the last preview); the rest explain they need Discord', async () => {
    const root = tempCorpus({ 'a.md': article('Console story', 'A story for the console preview.') });
    const clock = new Clock(Date.parse('2026-01-10T07:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    const ctx = await ctxFor(await corpusFrom(root), svc, undefined, clock);
    for (const line of ['/digest setup channel:123456789 time:08:00 timezone:UTC', '/digest status', '/digest off']) {
      expect((await runLine(ctx, line)).error).toMatch(/needs a Discord server/);
    }
    const first = await runLine(ctx, '/digest preview');
    expect(first.heading).toMatch(/1 new document since 2026-01-09 07:00 UTC/);
    expect(first.results!.map((r) => [r.section, r.answer])).toContainEqual(['document', 'Console story']);
    expect(first.results![0].citation).toMatchObject({ title: 'Console story', source: 'Test Wire', paragraph: 1 });
    clock.set('2026-01-10T09:00:00Z');
    const second = await runLine(ctx, '/digest preview');
    expect(second.heading).toBe('Nothing new in the corpus since 2026-01-10 07:00 UTC.');
    expect(second.results).toEqual([]);
  });

  it('preview in a guild shows what would be posted, without posting or recording anything', async () => {
    const root = tempCorpus({ 'a.md': article('Seen', 'Seen before setup.') });
    const clock = new Clock(Date.parse('2026-01-10T07:00:00Z'));
    const svc = new DigestService(openStore(stateDir()), clock.now);
    await svc.sync(await corpusFrom(root));
    await svc.setup('g', LONDON);
    clock.t += 60_000;
    writeFileSync(path.join(root, 'b.md'), article('Unseen', 'Arrived after setup.'));
    const ctx = await ctxFor(await corpusFrom(root), svc, 'g', clock);
    const a = await runLine(ctx, '/digest preview');
    expect(a.results!.map((r) => r.answer)).toEqual(['Unseen']);
    expect(await svc.store.digests('g')).toEqual([]);
    expect((await runLine(ctx, '/digest preview')).results!.map((r) => r.answer)).toEqual(['Unseen']);
  });

  it('suggests time zones while typing, at most 25', async () => {
    const { digestCommand } = await import('../../src/commands/digest.js');
    const ctx = await ctxFor(await corpusFrom(tempCorpus({ 'a.md': article('A', 'B c.') })), { unavailable: 'x' });
    const choices = await digestCommand.autocomplete!(ctx, 'timezone', 'york');
    expect(choices).toContainEqual({ name: 'America/New_York', value: 'America/New_York' });
    expect((await digestCommand.autocomplete!(ctx, 'timezone', '')).length).toBeLessThanOrEqual(LIMITS.autocompleteChoices);
    expect(digestCommand.definition.memberPermission).toBe('ManageGuild');
    expect(digestCommand.definition.subcommands.map((s) => s.name)).toEqual(['setup', 'status', 'preview', 'off']);
  });
});

describe('a corrupted state file', () => {
  it('is reported by name; /digest explains, and every other command keeps answering', async () => {
    const dir = stateDir();
    writeFileSync(path.join(dir, STATE_FILE), Buffer.alloc(8192, 7));
    const app = await App.start({
      dataDir: tempCorpus({ 'a.md': article('Harbour', 'The harbour reopened after the storm.') }),
      maxBytes: 5 * 1024 * 1024,
    });
    expect(await installDigest(app, { stateDir: dir })).toBeUndefined();
    const ctx = app.context({ guildId: '42' });
    const status = await runLine(ctx, '/digest status');
    expect(status.error).toContain(path.join(dir, STATE_FILE));
    expect(status.error).toMatch(/not a valid SQLite database/);
    expect((await runLine(app.context(), '/digest preview')).error).toMatch(/unavailable/);
    const search = await runLine(ctx, '/search harbour');
    expect(search.results![0].excerpt).toContain('The harbour reopened');
  });
});
