/**
 * The answer contract: `npm run -s ask -- [--json] [--data DIR] [COMMAND QUERY...]`.
 * With a command it answers that one; without, it answers console lines from stdin in order.
 */
import { App } from '../app.js';
import { answerLine, runConsole } from '../send/console.js';
import { appOptions, runOneShot } from './args.js';

const USAGE = 'usage: npm run -s ask -- [--json] [--data DIR] [COMMAND QUERY...]\n  e.g. npm run -s ask -- --json who "Asim Munir"';

runOneShot(USAGE, async (args, config) => {
  // The contract answers from the corpus as it is; the watcher has no work in a one-shot run.
  const app = await App.start(appOptions(config, args));
  if (args.rest.length > 0) {
    const [command, ...query] = args.rest;
    const line = `/${command.replace(/^\//, '')} ${query.join(' ')}`;
    process.stdout.write(`${await answerLine(app, line, args.json)}\n`);
  } else {
    await runConsole(app, { json: args.json, interactive: false });
  }
  return 0;
});
