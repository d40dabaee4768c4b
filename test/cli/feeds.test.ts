/** `npm run -s feeds`: add, list, poll twice (the second adds nothing), remove; the items answerable through `ask`. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';
import { articlePage, FeedServer, rss, type TestItem } from '../helpers/feed-server.js';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const exec = promisify(execFile);
let server: FeedServer;

beforeAll(async () => {
  server = await new FeedServer().start();
});
afterAll(() => server.stop());

/** Runs asynchronously: the feed server answers from this process meanwhile. */
async function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(TSX, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm run feeds', () => {
  it('adds a feed, polls it (twice: the second adds nothing), lists and removes it', async () => {
    const env = {
      STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'factdesk-cli-feeds-state-')),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'factdesk-cli-feeds-data-')),
      FETCH_ALLOW_PRIVATE: 'true',
    };
    const old: TestItem = { id: 'q-1', title: 'Quarry closes', summary: 'The Hollin quarry closed after forty years, its owner said.' };
    server.set('/q.xml', { body: rss('Hollin Herald', server.url('/'), [old]), etag: '"a"' });
    const feeds = (args: string[]) => run(['src/cli/feeds.ts', ...args], env);

    const added = await feeds(['add', server.url('/q.xml')]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Following:');
    expect(added.stdout).toContain('• Hollin Herald — ' + server.url('/q.xml'));
    expect(added.stdout).toContain('Hollin Herald: 1 new document');

    const fresh: TestItem = { id: 'q-2', title: 'Quarry site sold', link: server.url('/q/sold'), date: '2026-04-02T10:00:00Z' };
    server.set('/q.xml', { body: rss('Hollin Herald', server.url('/'), [fresh, old]), etag: '"b"' });
    server.set('/q/sold', {
      type: 'text/html',
      body: articlePage('Quarry site sold', [
        'The former Hollin quarry was sold to a housing trust for four million pounds, the council said on Thursday.',
        '"We want families living here within five years," said Imogen Tarrant, the trust’s director.',
      ]),
    });
    const first = await feeds(['poll']);
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe('Hollin Herald: 1 new document');
    const second = await feeds(['poll']);
    expect(second.stdout.trim()).toBe('Hollin Herald: not modified since the last poll');
    // Even without a 304, an unchanged feed adds nothing.
    server.set('/q.xml', { body: rss('Hollin Herald', server.url('/'), [fresh, old]) });
    expect((await feeds(['poll'])).stdout.trim()).toBe('Hollin Herald: 0 new documents');

    const listed = await feeds(['list']);
    expect(listed.stdout).toContain('2 items · last read ');

    const ask = await run(['src/cli/ask.ts', '--json', '--data', env.DATA_DIR, 'quote', 'Imogen Tarrant'], env);
    const answer = JSON.parse(ask.stdout) as { results: { answer: string; citation: { url?: string; source?: string } }[] };
    expect(answer.results[0].answer).toBe('We want families living here within five years');
    expect(answer.results[0].citation).toMatchObject({ url: server.url('/q/sold'), source: 'Hollin Herald' });

    const removed = await feeds(['remove', server.url('/q.xml')]);
    expect(removed.stdout).toContain('No longer following Hollin Herald');
    expect((await feeds(['list'])).stdout).toContain('No feeds are followed');
    expect((await feeds(['remove', server.url('/q.xml')])).code).toBe(1);
    expect((await feeds(['frobnicate'])).code).toBe(2);
    // Ten process starts on a loaded machine.
  }, 180_000);
});
