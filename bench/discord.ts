/**
 * `npx tsx bench/discord.ts [--data DIR] [--n N] [--burst B] [--child]`
 *
 * The Discord layer's costs, through the real discord.js client and the fake Discord on
 * loopback: time from login to ready; per command, the round trip of N interactions one after
 * another (dispatch over the gateway → handler → render → REST reply) as p50/p95/p99 and the
 * slowest first response against Discord's 3 s; autocomplete; a burst of B concurrent /search
 * interactions; renderDiscord alone; heap and RSS. Figures on stdout as JSON lines.
 * With `--child` the bot runs as `npm start` does, in its own process (the fake stays here), so
 * the two sides do not share an event loop; heap and RSS are then this process's only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from '../src/app.js';
import { runLine } from '../src/commands/parse.js';
import { parseConfig } from '../src/config.js';
import { log } from '../src/log.js';
import { renderDiscord } from '../src/render/discord.js';
import { startBot } from '../src/send/discord/bot.js';
import { FakeDiscord, type InteractionReply } from '../test/helpers/fake-discord.js';
import { AUTOCOMPLETE, PEOPLE, QUOTE, SEARCH, WHEN } from './queries.js';
import { pct as nearestRank } from './stats.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const data = path.resolve(arg('data', 'data'));
const n = Number(arg('n', '200'));
// The fake runs in this process too, so a burst measures both sides sharing one event loop.
const burst = Number(arg('burst', '300'));
const child = process.argv.includes('--child');
log.level = process.env.LOG_LEVEL ?? 'warn';

/** The bench's one nearest-rank percentile, rounded to 0.01 ms for the printed lines. */
const pct = (xs: readonly number[], p: number): number => Math.round(nearestRank(xs, p) * 100) / 100;

function emit(step: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ step, ...fields }));
}

const t0 = performance.now();
const app = await App.start({ dataDir: data, maxBytes: 5 * 1024 * 1024 });
emit('corpus', { documents: app.corpus.docs.length, ms: Math.round(performance.now() - t0) });

const fake = new FakeDiscord({ replyTimeoutMs: 30_000 });
await fake.start();
const config = parseConfig({
  DISCORD_TOKEN: fake.token,
  DISCORD_API: fake.apiUrl,
  DATA_DIR: data,
  COOLDOWN_SECONDS: '0',
  WATCH: 'false',
  STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'factdesk-bench-')),
});
const t1 = performance.now();
let stopBot: () => Promise<void>;
if (child) {
  const proc = spawn(path.resolve('node_modules/.bin/tsx'), ['src/main.ts'], {
    env: {
      ...process.env,
      ...Object.fromEntries(
        Object.entries({
          DISCORD_TOKEN: fake.token,
          DISCORD_API: fake.apiUrl,
          DATA_DIR: data,
          COOLDOWN_SECONDS: '0',
          WATCH: 'false',
          STATE_DIR: config.stateDir,
          LOG_LEVEL: 'warn',
        }),
      ),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await fake.waitForReady(600_000);
  emit('start-to-ready (child: process start, corpus load, login)', { ms: Math.round(performance.now() - t1) });
  stopBot = async () => {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  };
} else {
  const bot = await startBot(app, config, { signals: false });
  emit('login-to-ready', { ms: Math.round(performance.now() - t1) });
  stopBot = () => bot.stop();
}

const sets: Record<string, { option: string; queries: readonly string[] }> = {
  search: { option: 'words', queries: SEARCH },
  who: { option: 'name', queries: PEOPLE },
  when: { option: 'event', queries: WHEN },
  quote: { option: 'query', queries: QUOTE },
  timeline: { option: 'topic', queries: WHEN },
};

async function roundTrip(f: () => Promise<InteractionReply>): Promise<{ ms: number; first: number; reply: InteractionReply }> {
  const s = performance.now();
  const reply = await f();
  return { ms: performance.now() - s, first: reply.firstResponseMs, reply };
}

for (const [name, { option, queries }] of Object.entries(sets)) {
  const ms: number[] = [];
  let worstFirst = 0;
  let deferred = 0;
  for (let i = 0; i < n; i++) {
    const q = queries[i % queries.length];
    const r = await roundTrip(() => fake.interact({ name, options: { [option]: q } }));
    ms.push(r.ms);
    worstFirst = Math.max(worstFirst, r.first);
    if (r.reply.deferred) deferred++;
  }
  emit(`/${name}`, { n, p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99), worstFirstResponseMs: worstFirst, deferred });
}

{
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await roundTrip(() =>
      fake.autocompleteReply({ name: 'who', options: { name: AUTOCOMPLETE[i % AUTOCOMPLETE.length] }, focused: 'name' }),
    );
    ms.push(r.ms);
  }
  emit('autocomplete /who', { n, p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99) });
}

{
  const s = performance.now();
  const results = await Promise.all(
    Array.from({ length: burst }, (_, i) =>
      roundTrip(() =>
        fake.interact({
          name: 'search',
          options: { words: SEARCH[i % SEARCH.length] },
          user: { id: String(800000000000000000n + BigInt(i)) },
        }),
      ),
    ),
  );
  const total = performance.now() - s;
  emit('burst /search', {
    concurrent: burst,
    totalMs: Math.round(total),
    perSecond: Math.round((burst / total) * 1000),
    p99: pct(
      results.map((r) => r.ms),
      99,
    ),
    worstFirstResponseMs: Math.max(...results.map((r) => r.first)),
    firstResponseOver2500ms: results.filter((r) => r.first > 2500).length,
    deferred: results.filter((r) => r.reply.deferred).length,
    unanswered: fake.unanswered,
  });
}

{
  const answers = await Promise.all(SEARCH.map((q) => runLine(app.context(), `/search ${q}`)));
  const reps = 50;
  const s = performance.now();
  for (let r = 0; r < reps; r++) for (const a of answers) renderDiscord(a, { question: `/search ${a.query}` });
  emit('renderDiscord', {
    answers: answers.length * reps,
    usPerAnswer: Math.round(((performance.now() - s) * 1000) / (answers.length * reps)),
  });
}

const mem = process.memoryUsage();
emit('memory', {
  heapMB: Math.round(mem.heapUsed / 2 ** 20),
  rssMB: Math.round(mem.rss / 2 ** 20),
  unhandledRoutes: fake.unhandled.length,
});

await stopBot();
await fake.stop();
process.exit(0);
