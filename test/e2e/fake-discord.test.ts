/** The fake Discord itself: what other tests rely on it to do. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startBot } from '../../src/send/discord/bot.js';
import { FakeDiscord } from '../helpers/fake-discord.js';
import { startHarness, type Harness } from './harness.js';

describe('fake Discord', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('rejects an interaction nobody answers instead of hanging', async () => {
    h.fake.failRequests({ path: /\/callback$/, status: 400, times: 2 });
    await expect(h.fake.interact({ name: 'help', timeoutMs: 500 })).rejects.toThrow(/not answered within 500 ms/);
    expect(h.fake.unanswered).toBe(0);
  });

  it('sends options as given: a command without its required option gets a clear error', async () => {
    const reply = await h.fake.interact({ name: 'search', rawOptions: [] });
    expect(reply.ephemeral).toBe(true);
    expect(reply.message.content).toMatch(/needs the words/);
  });

  it('queues events while the gateway is down and replays them after RESUME', async () => {
    h.fake.closeGatewaySocket();
    expect(h.fake.connected).toBe(false);
    const reply = await h.fake.interact({ name: 'help' });
    expect(reply.message.embeds).toHaveLength(1);
    expect(h.fake.connected).toBe(true);
  });

  it('makes the client IDENTIFY again after a normal close, and the bot keeps answering', async () => {
    const identifies = h.fake.gateway.identifies;
    h.fake.closeGatewaySocket(1000);
    // discord.js waits out Discord's identify spacing (5 s) before a new session.
    const reply = await h.fake.interact({ name: 'about', timeoutMs: 15_000 });
    expect(reply.message.embeds).toHaveLength(1);
    expect(h.fake.gateway.identifies).toBe(identifies + 1);
  });

  it('posts to channels with the bot token and records the body', async () => {
    const channel = await h.bot.client.channels.fetch(h.fake.channelId);
    expect(channel?.isTextBased()).toBe(true);
    if (!channel?.isSendable()) throw new Error('not sendable');
    const sent = await channel.send({ content: 'hello @everyone', allowedMentions: { parse: [] } });
    const post = await h.fake.waitForChannelPost((p) => p.message.id === sent.id);
    expect(post.body).toMatchObject({ content: 'hello @everyone', allowed_mentions: { parse: [] } });
    expect(post.auth).toBe(`Bot ${h.fake.token}`);
  });
});

describe('a wrong token', () => {
  const fake = new FakeDiscord();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('fails the start with a message that does not contain the token', async () => {
    const wrong = 'wrong.token-value.abcdefgh';
    const config = parseConfig({ DISCORD_TOKEN: wrong, DISCORD_API: fake.apiUrl, WATCH: 'false' });
    const { App } = await import('../../src/app.js');
    const { DATA } = await import('../helpers/corpus.js');
    const app = await App.start({ dataDir: DATA, maxBytes: 5 * 1024 * 1024, workers: 0 });
    const err = await startBot(app, config, { signals: false }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/could not connect to Discord/);
    expect(err!.message).not.toContain(wrong);
    expect(fake.gateway.identifies).toBeGreaterThanOrEqual(1);
  });
});
