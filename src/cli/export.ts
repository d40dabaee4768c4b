/**
 * `npm run -s export -- [--data DIR] [--kind people|dates|quotes|all] [--format jsonl|csv]`:
 * every extracted fact, one a line, with its citation (the answer contract's fields; see
 * src/answer/export.ts). CSV opens in a spreadsheet; JSONL is what scripts read.
 */
import { App } from '../app.js';
import { csvLine, exportRows, FACT_KINDS, type FactKind } from '../answer/export.js';
import { appOptions, runOneShot } from './args.js';

const USAGE = 'usage: npm run -s export -- [--data DIR] [--kind people|dates|quotes|all] [--format jsonl|csv]';

/** Writes a chunk, waiting when the pipe is full so that a large corpus never piles up in memory. */
function write(chunk: string): Promise<void> | undefined {
  if (process.stdout.write(chunk)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

runOneShot(USAGE, async (args, config) => {
  const kind = args.kind ?? 'all';
  const format = args.format ?? 'jsonl';
  if (kind !== 'all' && !FACT_KINDS.includes(kind as FactKind)) {
    process.stderr.write(`factdesk: --kind ${JSON.stringify(kind)}: expected people, dates, quotes or all\n${USAGE}\n`);
    return 2;
  }
  if (format !== 'jsonl' && format !== 'csv') {
    process.stderr.write(`factdesk: --format ${JSON.stringify(format)}: expected jsonl or csv\n${USAGE}\n`);
    return 2;
  }
  if (args.rest.length) {
    process.stderr.write(`factdesk: unexpected ${JSON.stringify(args.rest[0])}\n${USAGE}\n`);
    return 2;
  }
  const app = await App.start(appOptions(config, args));
  const kinds = kind === 'all' ? FACT_KINDS : [kind as FactKind];
  let buf = format === 'csv' ? `${csvLine(null)}\n` : '';
  for await (const row of exportRows(app.store, kinds)) {
    buf += `${format === 'csv' ? csvLine(row) : JSON.stringify(row)}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  return 0;
});
