/**
 * The digest on Discord: a ChannelPoster over a discord.js client, and the hook the bot calls to
 * run the scheduler while it is connected. Every post sets `allowedMentions: { parse: [] }`, so
 * nothing quoted from a document pings anyone.
 */
import { Routes, type Client, type REST } from 'discord.js';
import type { CorpusStore } from '../corpus/types.js';
import { child } from '../log.js';
import { DigestScheduler } from './scheduler.js';
import { DigestService, installDigest, PostError, type ChannelPoster, type DigestHost } from './service.js';

const log = child('digest');

export function discordPoster(client: Client): ChannelPoster {
  return {
    async post(channelId, message) {
      let channel;
      try {
        channel = await client.channels.fetch(channelId);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === 10003)
          throw new PostError('missing-channel', `channel ${channelId} no longer exists; run /digest setup with another channel.`);
        if (code === 50001)
          throw new PostError('missing-permission', `the bot cannot see channel ${channelId} (it needs View Channel there).`);
        throw err;
      }
      if (!channel)
        throw new PostError('missing-channel', `channel ${channelId} no longer exists; run /digest setup with another channel.`);
      if (!channel.isTextBased() || !('send' in channel))
        throw new PostError('other', `channel ${channelId} is not a text channel; run /digest setup with a text channel.`);
      const sent = await channel.send({ content: message.content, embeds: message.embeds, allowedMentions: { parse: [] } });
      return { id: sent.id };
    },
  };
}

/**
 * A ChannelPoster over Discord's REST API alone: HTTP interactions mode has no gateway client.
 * Errors keep Discord's codes, which describePostError turns into what the guild should do.
 */
export function restPoster(rest: REST): ChannelPoster {
  return {
    async post(channelId, message) {
      const sent = (await rest.post(Routes.channelMessages(channelId), {
        body: { content: message.content, embeds: message.embeds, allowed_mentions: { parse: [] } },
      })) as { id: string };
      return { id: sent.id };
    },
  };
}

export interface DigestHook {
  stop(): Promise<void>;
}

/**
 * Starts the daily digest posting through `poster` (the gateway client, or REST in HTTP mode): opens the state (unless already open), registers
 * the scheduler as `services.digestScheduler` and checks at once (the catch-up after downtime).
 * With a directory watcher keeping the corpus current no reload is needed; without one, the
 * corpus is re-read before each due digest so new documents are in it.
 */
export async function startDigest(
  app: DigestHost & { store: CorpusStore; reload(): Promise<void> },
  poster: ChannelPoster,
  opts: { stateDir: string; databaseUrl?: string; claimTimeoutMs?: number; watch: boolean },
): Promise<DigestHook | undefined> {
  const existing = app.services.digest;
  const service = existing instanceof DigestService ? existing : await installDigest(app, opts);
  if (!service) return undefined; // unusable state file: already logged; commands explain it
  const scheduler = new DigestScheduler(service, {
    corpus: () => app.store,
    poster,
    reload: opts.watch ? undefined : () => app.reload(),
  });
  app.services.digestScheduler = scheduler;
  scheduler.start();
  log.info('daily digest scheduler started');
  return {
    async stop() {
      await scheduler.stop();
      await service.store.close();
      delete app.services.digestScheduler;
      delete app.services.digest;
    },
  };
}
