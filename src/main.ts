/**
 * `npm start`: with DISCORD_TOKEN the Discord bot, without it the console on the same corpus.
 */
import { App } from './app.js';
import { appOptions, parseArgs, quietLogLevel } from './cli/args.js';
import { ConfigError, databasePassword, getConfig } from './config.js';
import { log, registerSecret } from './log.js';
import { runConsole } from './send/console.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = getConfig();
  registerSecret(config.discordToken);
  if (config.databaseUrl) registerSecret(databasePassword(config.databaseUrl));
  // The console is read by a person at a prompt: a status line instead of info logs.
  log.level = config.discordToken ? config.logLevel : quietLogLevel(config);
  const app = await App.start(appOptions(config, args));
  // Documents added, edited or removed while running are re-indexed and swapped in (WATCH=false turns it off).
  if (config.watch && !app.watchable) {
    log.warn(
      'the corpus directory is not watched with CORPUS_STORE=postgres: documents from /add, /remove, /restore and feeds are stored at once; files changed by hand are read by `npm run -s corpus -- load`',
    );
  }
  const live = config.watch && app.watchable ? await app.watch() : undefined;
  // Replicas on one PostgreSQL share the documents added or removed through any of them.
  if (config.databaseUrl) {
    const { shareDocuments } = await import('./load/shared.js');
    await shareDocuments(app, live, { databaseUrl: config.databaseUrl, stateDir: config.stateDir, dataDir: app.options.dataDir });
  }
  if (config.interactionsPort !== undefined) {
    // HTTP interactions: Discord POSTs to this process; no gateway connection.
    const { startHttpMode } = await import('./send/http/server.js');
    const server = await startHttpMode(app, config);
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'shutting down');
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } else if (config.discordToken) {
    const { startBot } = await import('./send/discord/bot.js');
    await startBot(app, config);
  } else {
    log.info('no DISCORD_TOKEN: console mode on the local corpus');
    await runConsole(app, { json: args.json, status: true });
    process.exit(0);
  }
}

process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));

main().catch((err: Error) => {
  if (err instanceof ConfigError) process.stderr.write(`factdesk: configuration error: ${err.message}\n`);
  else process.stderr.write(`factdesk: ${err.message}\n`);
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
