/**
 * Digests across replicas: several services, each with its own store on the same state (one SQLite
 * file, or one PostgreSQL database), run at once as replicas do. Each due digest is posted exactly
 * once; a run that dies mid-post leaves a claim that exactly one other run takes over after the
 * timeout; a run that comes back after losing its claim posts nothing more.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/corpus/memory.js';
import type { CorpusStore } from '../../src/corpus/types.js';
import { Corpus } from '../../src/index/corpus.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import type { ChannelMessage } from '../../src/render/discord.js';
import { DigestService, type ChannelPoster } from '../../src/digest/service.js';
import type { StateStore } from '../../src/state/index.js';
import { tempCorpus } from '../helpers/corpus.js';
import { dropDatabases, pgMissing, pgUrl, stateBackends } from '../helpers/pg.js';

const backends = stateBackends('factdesk-replicas-');
if (!pgUrl) it.skip(`postgres: ${pgMissing}`, () => undefined);

const open: StateStore[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
afterAll(dropDatabases);

const TIMEOUT = 60_000;

class CountingPoster implements ChannelPoster {
  readonly posts: { channelId: string; message: ChannelMessage }[] = [];
  private n = 0;
  async post(channelId: string, message: ChannelMessage) {
    // A network round trip: lets the racing runs interleave.
    await new Promise((r) => setTimeout(r, 1));
    this.posts.push({ channelId, message });
    return { id: `m${++this.n}` };
  }
  byChannel(): Map<string, number> {
    const out = new Map<string, number>();
    for (const p of this.posts) out.set(p.channelId, (out.get(p.channelId) ?? 0) + 1);
    return out;
  }
}

async function corpus(): Promise<CorpusStore> {
  const dir = tempCorpus({
    'a.md': '---\ntitle: Ferry timetable changes\nsource: Test Wire\n---\n\nThe ferry company changed its winter timetable on Friday.\n',
  });
  const { docs, skipped } = await ingestDirectory(dir, { maxBytes: 1 << 20 });
  return memoryStore(new Corpus({ docs, skipped }));
}

describe.each(backends)('$name: replicas racing', (b) => {
  let t = Date.parse('2026-02-01T06:00:00Z');
  const clock = () => new Date(t);

  async function replicas(n: number, place: string): Promise<DigestService[]> {
    const stores = await Promise.all(Array.from({ length: n }, () => b.open(place)));
    open.push(...stores);
    return stores.map((s) => new DigestService(s, clock, { claimTimeoutMs: TIMEOUT }));
  }

  it('50 due digests, 4 replicas checking at once: each posted exactly once', async () => {
    t = Date.parse('2026-02-01T06:00:00Z');
    const c = await corpus();
    const place = await b.place();
    const [first, ...rest] = await replicas(4, place);
    const channels = Array.from({ length: 50 }, (_, i) => String(7_000_000_000 + i));
    for (const [i, channel] of channels.entries()) await first.setup(`guild${i}`, { channel, time: '08:00', timezone: 'UTC' });
    t = Date.parse('2026-02-01T08:00:00Z');
    const poster = new CountingPoster();
    const outcomes = (await Promise.all([first, ...rest].map((r) => r.runDue(c, poster)))).flat();
    const posted = outcomes.filter((o) => o.outcome === 'posted');
    expect(posted).toHaveLength(50);
    expect(outcomes.filter((o) => o.outcome === 'failed')).toEqual([]);
    const perDigest = (posted[0] as { messages: number }).messages;
    expect(perDigest).toBeGreaterThan(0);
    const counts = poster.byChannel();
    expect([...counts.keys()].sort()).toEqual([...channels].sort());
    for (const n of counts.values()) expect(n).toBe(perDigest);
    // Every replica did some of the work or found it done; nothing is left claimed.
    for (let i = 0; i < 50; i++) {
      const [record] = await first.store.digests(`guild${i}`, 1);
      expect(record).toMatchObject({ status: 'posted', attempts: 1 });
    }
    // A second round finds nothing due.
    expect((await Promise.all(rest.map((r) => r.runDue(c, poster)))).flat().every((o) => o.outcome === 'not-due')).toBe(true);
    expect(poster.posts).toHaveLength(50 * perDigest);
  });

  it('a replica that dies mid-post: after the timeout exactly one other takes its claim over; it cannot write when it comes back', async () => {
    t = Date.parse('2026-02-01T06:00:00Z');
    const c = await corpus();
    const place = await b.place();
    const [dying, ...others] = await replicas(4, place);
    await dying.setup('g', { channel: '8000000001', time: '08:00', timezone: 'UTC' });
    t = Date.parse('2026-02-01T08:00:00Z');
    // Its post never completes while the others run: as good as dead.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stuck: ChannelPoster = {
      post: async () => {
        await gate;
        return { id: 'late' };
      },
    };
    const dyingRun = dying.runDue(c, stuck);
    await new Promise((r) => setTimeout(r, 200));
    const poster = new CountingPoster();
    // Before the timeout: the claim is alive, nobody posts.
    t += TIMEOUT - 1000;
    expect((await Promise.all(others.map((r) => r.runDue(c, poster)))).flat().map((o) => o.outcome)).toEqual([
      'not-due',
      'not-due',
      'not-due',
    ]);
    expect(await others[0].nextDue()).toBe(Date.parse('2026-02-01T08:00:00Z') + TIMEOUT + 1);
    // After it: exactly one takes over and posts.
    t += 2000;
    const outcomes = (await Promise.all(others.map((r) => r.runDue(c, poster)))).flat().map((o) => o.outcome);
    expect(outcomes.filter((o) => o === 'posted')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'posted').every((o) => o === 'not-due' || o === 'already-done')).toBe(true);
    const record = (await others[0].store.digest('g', Date.parse('2026-02-01T08:00:00Z')))!;
    expect(record).toMatchObject({ status: 'posted', attempts: 2 });
    expect(poster.posts.length).toBe(record.messageIds.length);
    // The first run comes back: its claim is gone, it records nothing.
    release();
    expect(await dyingRun).toEqual([{ guildId: 'g', outcome: 'already-done' }]);
    expect(await others[1].store.digest('g', record.slot)).toEqual(record);
    expect((await others[2].statusLines('g')).join('\n')).toMatch(/Last digest: posted for 2026-02-01 08:00 UTC/);
  });

  it('a takeover resumes the dead run’s window and does not post again the messages it recorded', async () => {
    t = Date.parse('2026-02-01T06:00:00Z');
    const c = await corpus();
    const place = await b.place();
    const [a, bReplica] = await replicas(2, place);
    await a.setup('g', { channel: '8000000002', time: '08:00', timezone: 'UTC' });
    await a.sync(c);
    t = Date.parse('2026-02-01T08:00:00Z');
    const slot = t;
    // A run that composed the window, posted its message, recorded it, and died before finishing.
    const claim = (await a.store.claimDigest('g', slot, '8000000002', t, t - TIMEOUT))!;
    await a.store.renewClaim(claim, t, { windowFrom: 123, windowTo: t, messageIds: ['m-old'] });
    t += TIMEOUT + 1;
    const poster = new CountingPoster();
    const [r] = await bReplica.runDue(c, poster);
    expect(r).toMatchObject({ outcome: 'posted' });
    const record = (await bReplica.store.digest('g', slot))!;
    expect(record).toMatchObject({ status: 'posted', attempts: 2, windowFrom: 123, windowTo: slot });
    expect(record.messageIds[0]).toBe('m-old');
    expect(poster.posts).toHaveLength(record.messageIds.length - 1);
  });
});
