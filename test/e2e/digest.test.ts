/**
 * The daily digest end to end: the real discord.js client on the fake Discord. A member sets the
 * digest up with /digest setup, a document is dropped into the corpus directory, the clock
 * reaches the slot, and the channel post arrives at POST /channels/:id/messages — its body
 * pinging nobody, whatever the document says.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import type { DigestScheduler } from '../../src/digest/scheduler.js';
import { DigestService } from '../../src/digest/service.js';
import { decodeInert } from '../../src/render/escape.js';
import { tempCorpus } from '../helpers/corpus.js';
import { PERMISSIONS } from '../helpers/fake-discord.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let root: string;
let stateDir: string;
let now = Date.parse('2026-03-07T12:00:00Z');

beforeAll(async () => {
  root = tempCorpus({ 'old.md': '---\ntitle: Old story\nsource: Test Wire\n---\n\nAn old story that everyone has read.\n' });
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-e2e-state-'));
  const app = await App.start({ dataDir: root, maxBytes: 5 * 1024 * 1024, now: () => new Date(now) });
  h = await startHarness({ app, dataDir: root, env: { STATE_DIR: stateDir, WATCH: 'false' } });
});

afterAll(async () => {
  await h?.stop();
});

function scheduler(): DigestScheduler {
  return h.app.services.digestScheduler as DigestScheduler;
}

describe('daily digest through Discord', () => {
  it('the bot runs the digest while connected', () => {
    expect(h.app.services.digest).toBeInstanceOf(DigestService);
    expect(scheduler()).toBeDefined();
  });

  it('/digest setup needs Manage Server, answers only the caller, and saves the schedule', async () => {
    const options = { channel: { channel: h.fake.channelId }, time: '08:00', timezone: 'America/New_York' };
    const denied = await h.fake.interact({ name: 'digest', subcommand: 'setup', options, permissions: PERMISSIONS.member });
    expect(denied.message.content).toMatch(/Manage Server/);
    const reply = await h.fake.interact({ name: 'digest', subcommand: 'setup', options, permissions: PERMISSIONS.manageGuild });
    expect(reply.ephemeral).toBe(true);
    expect(decodeInert(reply.message.embeds[0].description)).toMatch(/every day at 08:00 America\/New_York/);
    expect(reply.message.allowed_mentions).toEqual({ parse: [] });
    expect(await (h.app.services.digest as DigestService).store.guild(h.fake.guildId)).toMatchObject({
      channelId: h.fake.channelId,
      timezone: 'America/New_York',
    });
  });

  it('/digest preview shows the caller what would be posted, and posts nothing', async () => {
    await (h.app.services.digest as DigestService).sync(h.app.store);
    now += 60_000;
    writeFileSync(path.join(root, 'preview.md'), '---\ntitle: Preview harbour story\n---\n\nThe harbour reopened after the storm.\n');
    await h.app.reload();
    const posts = h.fake.channelPosts.length;
    const reply = await h.fake.interact({ name: 'digest', subcommand: 'preview', permissions: PERMISSIONS.manageGuild });
    expect(reply.ephemeral).toBe(true);
    expect(decodeInert(JSON.stringify(reply.message))).toContain('Preview harbour story');
    expect(h.fake.channelPosts.length).toBe(posts);
  });

  it('a document dropped into the corpus is posted to the channel at the slot, pinging nobody', async () => {
    await (h.app.services.digest as DigestService).sync(h.app.store);
    now += 60_000;
    writeFileSync(
      path.join(root, 'new.md'),
      '---\ntitle: "Dam inspection @everyone"\nsource: Test Wire\nurl: https://example.com/dam\npublished: 2026-03-07\n---\n\nInspectors found cracks in the dam on Wednesday, <@&123> and @here were told.\n',
    );
    const before = h.fake.channelPosts.length;
    now = Date.parse('2026-03-08T12:00:00Z'); // 08:00 in New York, the first day of daylight time
    const results = await scheduler().tick();
    expect(results).toEqual([expect.objectContaining({ outcome: 'posted', documents: 2 })]);
    const posts = h.fake.channelPosts.slice(before);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    const post = posts[0];
    expect(post.channelId).toBe(h.fake.channelId);
    expect(post.auth).toMatch(/^Bot /);
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(post.body.content).toBe('📰 **Daily digest: 2 new documents since 2026-03-07 07:00 America/New_York (12:00 UTC)**');
    // Newest publication first: the dated dam report before the undated preview story.
    const embed = post.body.embeds[0];
    expect(embed.url).toBe('https://example.com/dam');
    expect(embed.title).toContain('Dam inspection');
    expect(embed.description).toContain('Inspectors found cracks in the dam on Wednesday');
    expect(embed.description).toContain('Test Wire · 2026\\-03\\-07 · ¶1');
    const body = JSON.stringify(posts.map((p) => p.body));
    expect(body).not.toMatch(/@everyone|@here|<@&123>/);
    expect(body).not.toContain('Old story');
    // The posted message ids are recorded; a second check posts nothing.
    const [record] = await (h.app.services.digest as DigestService).store.digests(h.fake.guildId, 1);
    expect(record.messageIds).toEqual(posts.map((p) => p.message.id));
    await scheduler().tick();
    expect(h.fake.channelPosts.length).toBe(before + posts.length);
  });

  it('a channel that has gone is shown in /digest status', async () => {
    const svc = h.app.services.digest as DigestService;
    await svc.setup(h.fake.guildId, { channel: '799999999999999999', time: '09:00', timezone: 'UTC' });
    now = Date.parse('2026-03-09T09:00:00Z');
    const [r] = await scheduler().tick();
    expect(r).toMatchObject({ outcome: 'failed' });
    const status = await h.fake.interact({ name: 'digest', subcommand: 'status', permissions: PERMISSIONS.manageGuild });
    expect(status.ephemeral).toBe(true);
    expect(decodeInert(JSON.stringify(status.message))).toMatch(/799999999999999999 no longer exists/);
  });
});
