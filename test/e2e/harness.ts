/**
 * The bot, in-process, connected to a fake Discord: what the e2e tests (and anyone else's) start
 * with. `stop()` tears down in the order the notes require — the client first, then the fake.
 *
 *     const h = await startHarness({ dataDir: DATA });
 *     const reply = await h.fake.interact({ name: 'search', options: { words: 'border' } });
 *     await h.stop();
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import { startBot, type BotHandle, type BotOptions } from '../../src/send/discord/bot.js';
import { DATA } from '../helpers/corpus.js';
import { FakeDiscord, type FakeDiscordOptions } from '../helpers/fake-discord.js';

export interface Harness {
  fake: FakeDiscord;
  app: App;
  bot: BotHandle;
  config: Config;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Corpus directory (default: the seed articles in data/). */
  dataDir?: string;
  /** An App already started (e.g. shared between a bot and a restarted bot). */
  app?: App;
  /** Extra environment for the config (here COOLDOWN_SECONDS defaults to 0, WATCH to false, STATE_DIR to a temp dir). */
  env?: Record<string, string>;
  bot?: BotOptions;
  fake?: FakeDiscordOptions;
  /** An already started fake (to restart only the bot). */
  fakeInstance?: FakeDiscord;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = opts.fakeInstance ?? new FakeDiscord(opts.fake);
  if (!opts.fakeInstance) await fake.start();
  const config = parseConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API: fake.apiUrl,
    DATA_DIR: opts.dataDir ?? DATA,
    COOLDOWN_SECONDS: '0',
    WATCH: 'false',
    // A fresh state directory per harness: tests never share (or lock) one database.
    STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'factdesk-e2e-state-')),
    ...opts.env,
  });
  const app = opts.app ?? (await App.start({ dataDir: config.dataDir, maxBytes: config.maxDocBytes, workers: 0 }));
  let bot: BotHandle;
  try {
    bot = await startBot(app, config, { signals: false, ...opts.bot });
  } catch (err) {
    if (!opts.fakeInstance) await fake.stop();
    throw err;
  }
  return {
    fake,
    app,
    bot,
    config,
    async stop() {
      await bot.stop();
      if (!opts.fakeInstance) await fake.stop();
    },
  };
}
