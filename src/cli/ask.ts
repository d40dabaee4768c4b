/**
 * The answer contract: `npm run -s ask -- [--json] [--data DIR] [COMMAND QUERY...]`.
 * With a command it answers that one; without, it answers console lines from stdin in order.
 */
import path from 'node:path';
import { App } from '../app.js';
import { getConfig } from '../config.js';
import { log } from '../log.js';
import { answerLine, runConsole } from '../send/console.js';
import { parseArgs } from './args.js';

const USAGE = 'usage: npm run -s ask -- [--json] [--data DIR] [COMMAND QUERY...]\n  e.g. npm run -s ask -- --json who "Asim Munir"';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = getConfig();
  // stdout carries answers; stderr only what needs attention unless LOG_LEVEL asks for more.
  log.level = process.env.LOG_LEVEL ? config.logLevel : 'warn';
  const dataDir = args.data ? path.resolve(args.data) : config.dataDir;
  // The contract answers from the corpus as it is; the watcher has no work in a one-shot run.
  const app = await App.start({ dataDir, maxBytes: config.maxDocBytes, stateDir: config.stateDir });
  if (args.rest.length > 0) {
    const [command, ...query] = args.rest;
    const line = `/${command.replace(/^\//, '')} ${query.join(' ')}`;
    process.stdout.write(`${await answerLine(app, line, args.json)}\n`);
  } else {
    await runConsole(app, { json: args.json, interactive: false });
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    log.error({ err }, err.message);
    process.stderr.write(`factdesk: ${err.message}\n`);
    process.exit(2);
  },
);
