/**
 * The Discord bot (issue #6): a discord.js client over the gateway with the one intent it needs
 * (Guilds: slash commands arrive as interactions, no message content is read). `DISCORD_API`
 * points REST — and through `/gateway/bot` the gateway — at another server, such as the fake
 * Discord of the e2e tests. Commands are registered by `npm run deploy-commands`, not here.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Logger } from 'pino';
import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import { discordPoster, startDigest, type DigestHook } from '../../digest/discord.js';
import { startFeeds, type FeedHook } from '../../feeds/scheduler.js';
import { child, registerSecret } from '../../log.js';
import { Cooldown } from './cooldown.js';
import { describeError, InteractionHandler } from './interactions.js';

const defaultLog = child('discord');

export interface BotOptions {
  /** Stop the bot and exit 0 on SIGINT/SIGTERM (what `npm start` wants; tests pass false). Default true. */
  signals?: boolean;
  /** From this many documents, answers defer first. Default 20,000. */
  largeCorpusDocs?: number;
  /** A handler still running after this many ms is deferred. Default 2,000 (Discord allows 3,000). */
  deferAfterMs?: number;
  /** An interaction already this old (ms since Discord created it) when its turn comes is deferred first. Default 1,000. */
  lateAfterMs?: number;
  /** Overrides `config.cooldownSeconds`. */
  cooldownSeconds?: number;
  /** Where the bot logs (default: the app logger's `discord` child). */
  log?: Logger;
}

export interface BotHandle {
  client: Client;
  /** Destroys the client (closes the gateway, stops timers). Safe to call twice. */
  stop(): Promise<void>;
}

export const LARGE_CORPUS_DOCS = 20_000;
const REST_REQUESTS_PER_SECOND = 250;

/** Logs in and resolves once the client is ready (guilds received). */
export async function startBot(app: App, config: Config, opts: BotOptions = {}): Promise<BotHandle> {
  if (!config.discordToken) throw new Error('DISCORD_TOKEN is not set.');
  registerSecret(config.discordToken);
  const log = opts.log ?? defaultLog;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Nothing the bot sends pings anyone unless a reply names the user explicitly.
    allowedMentions: { parse: [] },
    rest: {
      ...(config.discordApi ? { api: config.discordApi } : {}),
      // discord.js counts interaction replies and edits against Discord's 50/s global limit, but
      // Discord exempts interaction endpoints; at 50/s a burst's edits would queue for seconds.
      // The bot's only other requests are a few digest posts a day.
      globalRequestsPerSecond: REST_REQUESTS_PER_SECOND,
    },
  });
  const handler = new InteractionHandler({
    app,
    cooldown: new Cooldown(opts.cooldownSeconds ?? config.cooldownSeconds),
    log,
    largeCorpusDocs: opts.largeCorpusDocs ?? LARGE_CORPUS_DOCS,
    deferAfterMs: opts.deferAfterMs ?? 2_000,
    lateAfterMs: opts.lateAfterMs ?? 1_000,
    addRoleId: config.addRoleId,
  });
  client.on(Events.InteractionCreate, (i) => {
    handler.handle(i).catch((err) => log.error({ interactionId: i.id, err: describeError(err) }, 'interaction handler failed'));
  });
  client.on(Events.Error, (err) => log.error({ err: describeError(err) }, 'client error'));
  client.on(Events.Warn, (m) => log.warn(m));
  client.on(Events.Debug, (m) => log.trace(m));
  client.on(Events.ShardDisconnect, (ev, shard) => log.warn({ shard, code: ev.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => log.info({ shard }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));
  client.on(Events.ShardError, (err, shard) => log.error({ shard, err: describeError(err) }, 'gateway error'));

  // Listen before logging in: READY can arrive before login() resolves.
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  let stopped = false;
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'shutting down');
    handle.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err: describeError(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  let digest: DigestHook | undefined;
  let feeds: FeedHook | undefined;
  const handle: BotHandle = {
    client,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (opts.signals !== false) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      await feeds?.stop().catch((err) => log.error({ err: describeError(err) }, 'feed polling did not stop cleanly'));
      await digest?.stop().catch((err) => log.error({ err: describeError(err) }, 'digest scheduler did not stop cleanly'));
      await client.destroy();
      log.info('disconnected from Discord');
    },
  };
  if (opts.signals !== false) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  try {
    await client.login(config.discordToken);
    await ready;
  } catch (err) {
    await handle.stop();
    // The cause is left off on purpose: the raw error may carry the token; describeError redacts it.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`could not connect to Discord: ${String(describeError(err).message)}`);
  }
  try {
    // The daily digest runs while the bot is connected (it posts through this client).
    digest = await startDigest(app, discordPoster(client), {
      stateDir: config.stateDir,
      databaseUrl: config.databaseUrl,
      claimTimeoutMs: config.digestClaimTimeoutSeconds * 1000,
      watch: config.watch,
    });
  } catch (err) {
    log.error({ err: describeError(err) }, 'the daily digest could not start; commands still work');
  }
  try {
    // Feeds are polled while the bot runs; their new items are served within the poll.
    feeds = await startFeeds(app, config);
  } catch (err) {
    log.error({ err: describeError(err) }, 'feed polling could not start; commands still work');
  }
  const { documents } = await app.store.summary();
  log.info(
    { user: client.user?.tag, guilds: client.guilds.cache.size, documents },
    `connected to Discord as ${client.user?.tag ?? 'the bot'} in ${client.guilds.cache.size} server(s)`,
  );
  return handle;
}
