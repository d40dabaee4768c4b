/**
 * Console mode is quiet: answers alone on stdout, a one-line status instead of info logs on
 * stderr (unless LOG_LEVEL asks for them), and on a terminal no log line inside the prompt.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { log } from '../../src/log.js';
import { answerLine, runConsole } from '../../src/send/console.js';
import { ROOT, tempCorpus } from '../helpers/corpus.js';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

const FILES = {
  'a.md': '---\ntitle: Harbour note\nsource: Wire\npublished: 2024-03-05\n---\n\nThe harbour at Vellmar reopened after the storm.\n',
  'b.md': '---\ntitle: Ferry note\nsource: Wire\npublished: 2024-03-06\n---\n\nFerries to Ostrand resumed on Tuesday.\n',
};

/** `npm start` without DISCORD_TOKEN, its stdin a pipe (no terminal), the given lines typed in. */
function start(env: Record<string, string>, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base: Record<string, string | undefined> = { ...process.env, CI: '1', WATCH: 'false', ...env };
  delete base.DISCORD_TOKEN;
  if (!('LOG_LEVEL' in env)) delete base.LOG_LEVEL;
  const child = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: base, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('console mode', () => {
  const dir = tempCorpus(FILES);
  const lines = '/search harbour\n/nonsense x\n';

  it('writes answers alone to stdout and one status line instead of logs to stderr', async () => {
    const env = { DATA_DIR: dir, STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'factdesk-console-')) };
    const app = await App.start({ dataDir: dir, maxBytes: 100_000 });
    const expected = [await answerLine(app, '/search harbour', false), await answerLine(app, '/nonsense x', false)];

    const cold = await start(env, lines);
    expect(cold.code).toBe(0);
    expect(cold.stdout).toBe(`${expected.join('\n')}\n`);
    expect(cold.stderr).toBe('factdesk — 2 documents, 2 passages, read from the files\n');

    // The second start finds the snapshot the first saved, and says so.
    const warm = await start(env, lines);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.stderr).toBe('factdesk — 2 documents, 2 passages, from the saved snapshot\n');
  });

  it('logs what LOG_LEVEL asks for', async () => {
    const env = { DATA_DIR: dir, STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'factdesk-console-')), LOG_LEVEL: 'info' };
    const { stdout, stderr } = await start(env, lines);
    expect(stdout).not.toContain('"level"');
    const logged = stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string });
    expect(logged.map((l) => l.msg)).toContain('corpus loaded: 2 documents, 2 passages');
  });
});

/** What a terminal shows of readline's output once its cursor movements are taken out. */
const visible = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

describe('the interactive console', () => {
  const level = log.level;
  afterEach(() => {
    log.level = level;
  });

  it('shows the status before the prompt, and draws the prompt again below a log line', async () => {
    const app = await App.start({ dataDir: tempCorpus(FILES), maxBytes: 100_000 });
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d) => (shown += String(d)));
    const done = runConsole(app, { input, output, interactive: true, status: true });
    const settle = () => new Promise((r) => setTimeout(r, 50));
    await settle();
    expect(shown.startsWith('factdesk — 2 documents, 2 passages, read from the files. Type /help, or Ctrl-D to leave.\n')).toBe(true);
    expect(visible(shown).endsWith('factdesk> ')).toBe(true);

    input.write('/search harb');
    await settle();
    const before = shown.length;
    log.level = 'warn';
    log.warn('a test warning while someone types');
    const after = shown.slice(before);
    // The half-typed line is cleared (ESC [2K) before the log line, then drawn again with its prompt.
    expect(after).toMatch(/\x1b\[2K/);
    expect(visible(after).endsWith('factdesk> /search harb')).toBe(true);

    input.end('our\n');
    await done;
    expect(shown).toContain('The harbour at Vellmar reopened after the storm.');
  });
});
