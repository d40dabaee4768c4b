/**
 * The bot's side of `npm run bench -- --store postgres`, run as a process of its own so that its
 * memory is the bot's and nothing else's: opens the stored corpus as `CORPUS_STORE=postgres` does
 * (App.start → openPostgresCorpus: no document is read) and answers the benchmark's query sets
 * through the command handlers. Prints one JSON line: start time, RSS after start and after the
 * queries, p50/p95/p99 per command.
 *   FACTDESK_BENCH_DATA=DIR DATABASE_URL=… RUNS=3 tsx bench/pg-serve.ts
 */
import { App } from '../src/app.js';
import { findCommand } from '../src/commands/index.js';
import { runLine } from '../src/commands/parse.js';
import { AUTOCOMPLETE, PEOPLE, QUOTE, SEARCH, WHEN } from './queries.js';
import { timeQueries } from './stats.js';

const data = process.env.FACTDESK_BENCH_DATA!;
const databaseUrl = process.env.DATABASE_URL!;
const runs = Number(process.env.RUNS ?? 3);
const now = () => performance.now();
const MB = (b: number) => b / 1024 / 1024;

const latency = (queries: readonly string[], fn: (q: string) => unknown) => timeQueries(queries, runs, fn);

const t0 = now();
const app = await App.start({ dataDir: data, maxBytes: 5 * 1024 * 1024, corpusStore: 'postgres', databaseUrl, watch: false } as Parameters<
  typeof App.start
>[0]);
const startMs = now() - t0;
const rssStart = MB(process.memoryUsage().rss);
const ctx = app.context();
const cmd = (name: string, qs: readonly string[]) => latency(qs, (q) => runLine(ctx, `/${name} ${q}`));
const whoCmd = findCommand('who');
const quoteCmd = findCommand('quote');
const autoOwner = whoCmd?.autocomplete ? whoCmd : quoteCmd;
const autoOption = autoOwner?.definition.options?.find((o) => o.autocomplete)?.name ?? 'name';
const latencyRows = {
  '/search': await cmd('search', SEARCH),
  '/who': await cmd('who', PEOPLE),
  '/when': await cmd('when', WHEN),
  '/timeline': await cmd('timeline', WHEN),
  '/quote': await cmd('quote', QUOTE),
  autocomplete: autoOwner?.autocomplete
    ? await latency(AUTOCOMPLETE, (q) => autoOwner.autocomplete!.call(autoOwner, ctx, autoOption, q))
    : undefined,
};
const rssAfter = MB(process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ startMs, rssStart, rssAfter, latency: latencyRows })}\n`);
process.exit(0);
