/**
 * Three replicas in HTTP interactions mode on one PostgreSQL, as separate processes (`npm start`
 * with INTERACTIONS_PORT and DATABASE_URL), with the fake Discord as REST. Each answers signed
 * commands and PING; a tampered, unsigned or stale request is refused with 401; 50 due digests are
 * posted exactly once while two replicas race for them; a replica killed in the middle of a post
 * leaves a claim that exactly one other replica takes over.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/state/postgres.js';
import { tempCorpus } from '../helpers/corpus.js';
import { FakeDiscord, PERMISSIONS, snowflake } from '../helpers/fake-discord.js';
import { post, signedHeaders, startReplica, stopReplicas, until, type Replica } from '../helpers/http-replicas.js';
import { dropDatabases, freshDatabase, pgMissing, pgUrl } from '../helpers/pg.js';

const CLAIM_TIMEOUT_S = 10;

describe.skipIf(!pgUrl)('three replicas in HTTP interactions mode on one PostgreSQL', () => {
  const fake = new FakeDiscord();
  const replicas: Replica[] = [];
  let store: PostgresStore;
  let env: Record<string, string>;
  const SLOW_CHANNEL = '900000000000000001';
  const channels = Array.from({ length: 50 }, (_, i) => String(910_000_000_000_000_000n + BigInt(i)));

  async function start(name: string): Promise<Replica> {
    const r = await startReplica(name, { ...env, STATE_DIR: mkdtempSync(path.join(os.tmpdir(), `factdesk-${name}-`)) });
    replicas.push(r);
    return r;
  }

  async function digestsPosted(): Promise<number> {
    const { rows } = await store.pool.query<{ n: number }>(
      `SELECT count(*) AS n FROM digests WHERE status = 'posted' AND guild_id <> 'slow'`,
    );
    return rows[0].n;
  }

  beforeAll(async () => {
    await fake.start();
    fake.addChannel(fake.guildId, { id: SLOW_CHANNEL, name: 'slow' });
    for (const id of channels) fake.addChannel(fake.guildId, { id, name: `c${id.slice(-2)}` });
    const url = await freshDatabase();
    store = await PostgresStore.open(url);
    const dataDir = tempCorpus({
      'ferry.md':
        '---\ntitle: Ferry timetable changes\nsource: Test Wire\n---\n\nThe ferry company changed its winter timetable on Friday, said Mira Castell, its director.\n',
    });
    env = {
      CI: '1',
      LOG_LEVEL: 'info',
      WATCH: 'false',
      COOLDOWN_SECONDS: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: url,
      DISCORD_TOKEN: fake.token,
      DISCORD_API: fake.apiUrl,
      DIGEST_CLAIM_TIMEOUT_SECONDS: String(CLAIM_TIMEOUT_S),
    };
  }, 60_000);

  afterAll(async () => {
    await stopReplicas(replicas);
    await store?.close();
    await dropDatabases();
    await fake.stop();
  });

  // Due an hour ago, set up two hours ago: every replica's first check finds them due.
  const now = Date.now();
  const dueAt = new Date(now - 3600_000).toISOString().slice(11, 16);

  async function checkCommands(r: Replica): Promise<void> {
    const cmd = {
      id: snowflake(),
      application_id: fake.appId,
      type: 2,
      token: `tok-${r.name}`,
      guild_id: fake.guildId,
      member: { user: { id: '4242' }, permissions: PERMISSIONS.member },
      data: { name: 'search', options: [{ name: 'words', type: 3, value: 'ferry timetable' }] },
    };
    const answer = await post(r, cmd);
    expect(answer.status).toBe(200);
    expect(answer.json.type).toBe(4);
    expect(JSON.stringify(answer.json.data.embeds)).toContain('Ferry timetable changes');
    expect(answer.json.data.allowed_mentions).toEqual({ parse: [] });
    const pong = await post(r, { id: snowflake(), application_id: fake.appId, type: 1, token: 'ping' });
    expect(pong).toEqual({ status: 200, json: { type: 1 } });
    const health = await (await fetch(`http://127.0.0.1:${r.port}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, documents: 1 });
    // Autocomplete through the same handler.
    const ac = await post(r, {
      ...cmd,
      id: snowflake(),
      type: 4,
      data: { name: 'who', options: [{ name: 'name', type: 3, value: 'Mira', focused: true }] },
    });
    expect(ac.json.type).toBe(8);
    expect(ac.json.data.choices.map((c: any) => c.value)).toContain('Mira Castell');
    // Refused: signed, then changed in transit; unsigned; correctly signed but six minutes old (a replay).
    const body = { id: snowflake(), application_id: fake.appId, type: 1, token: 'x' };
    expect((await post(r, body, (raw) => signedHeaders(raw.replace('"type":1', '"type":2')))).status).toBe(401);
    expect((await post(r, body, () => ({ 'content-type': 'application/json' }))).status).toBe(401);
    const stale = await post(r, body, (raw) => signedHeaders(raw, Math.floor(Date.now() / 1000) - 360));
    expect(stale).toEqual({ status: 401, json: { error: 'stale request' } });
  }

  it('replica A claims a digest and hangs in the middle of posting it; it answers signed commands, PING, and refuses bad signatures', async () => {
    // Every post to this channel hangs until the rule is cleared (REST retries included).
    fake.failRequests({ method: 'POST', path: `/channels/${SLOW_CHANNEL}/messages`, hold: true, times: 1000 });
    await store.setupGuild({ guildId: 'slow', channelId: SLOW_CHANNEL, time: dueAt, timezone: 'UTC', nothingNew: 'post' }, now - 7200_000);
    const a = await start('a');
    await until(
      async () => fake.requests.some((r) => r.method === 'POST' && r.path === `/channels/${SLOW_CHANNEL}/messages`),
      'the held post',
    );
    await checkCommands(a);
  }, 90_000);

  it('replicas B and C start together, A is killed mid-post; B and C post 50 due digests exactly once between them', async () => {
    for (const [i, channelId] of channels.entries()) {
      await store.setupGuild(
        { guildId: `g${String(i).padStart(2, '0')}`, channelId, time: dueAt, timezone: 'UTC', nothingNew: 'post' },
        now - 7200_000,
      );
    }
    await Promise.all([start('b'), start('c')]);
    const a = replicas[0];
    a.child.kill('SIGKILL');
    await a.exit;
    fake.clearFailures();
    await until(async () => (await digestsPosted()) === 50, '50 digests posted');
    const perChannel = new Map<string, number>();
    for (const p of fake.channelPosts) perChannel.set(p.channelId, (perChannel.get(p.channelId) ?? 0) + 1);
    const counts = channels.map((c) => perChannel.get(c) ?? 0);
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts)).toEqual(new Set([counts[0]]));
    const { rows } = await store.pool.query<{ ids: string[] }>(`SELECT message_ids AS ids FROM digests WHERE guild_id = 'g07'`);
    expect(rows[0].ids).toHaveLength(counts[0]);
    for (const r of replicas.slice(1)) await checkCommands(r);
  }, 180_000);

  it('the killed replica’s unfinished claim is taken over exactly once, and its digest posted once', async () => {
    const record = await until(
      async () => {
        const { rows } = await store.pool.query<{ status: string; attempts: number; ids: string[] }>(
          `SELECT status, attempts, message_ids AS ids FROM digests WHERE guild_id = 'slow'`,
        );
        return rows[0]?.status === 'posted' ? rows[0] : undefined;
      },
      'the slow digest taken over',
      (CLAIM_TIMEOUT_S + 60) * 1000,
    );
    expect(record.attempts).toBe(2);
    // Time for a second post, if one would ever come.
    await new Promise((r) => setTimeout(r, 1500));
    const slowPosts = fake.channelPosts.filter((p) => p.channelId === SLOW_CHANNEL);
    expect(slowPosts.length).toBeGreaterThan(0);
    expect(slowPosts).toHaveLength(record.ids.length);
    expect(await digestsPosted()).toBe(50);
  }, 120_000);
});

if (!pgUrl) it.skip(`replicas need PostgreSQL: ${pgMissing}`, () => undefined);
