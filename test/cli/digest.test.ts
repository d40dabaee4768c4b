/** `npm run digest` and `/digest preview` on the console, through the real command lines. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_FILE } from '../../src/state/index.js';
import { ROOT, tempCorpus } from '../helpers/corpus.js';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function run(script: string, args: string[], stateDir: string, input?: string) {
  return spawnSync(TSX, [script, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', STATE_DIR: stateDir },
  });
}

const CORPUS = {
  'harbour.md':
    '---\ntitle: Harbour reopens\nsource: Test Wire\npublished: 2026-01-05\n---\n\nThe harbour reopened on Monday after the storm. Ferries resumed at noon.\n',
  'bridge.md':
    '---\ntitle: Bridge closes\nsource: Test Wire\npublished: 2026-01-06\n---\n\nThe old bridge closed for repairs on Tuesday.\n',
};

describe('npm run digest', () => {
  it('prints the documents first seen in the window, as text and as JSON', () => {
    const data = tempCorpus(CORPUS);
    const state = mkdtempSync(path.join(os.tmpdir(), 'factdesk-cli-state-'));
    const text = run('src/cli/digest.ts', ['--since', '24h', '--data', data], state);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Daily digest: 2 new documents since /);
    expect(text.stdout).toContain('1. “Bridge closes” · Test Wire · 2026-01-06 · ¶1');
    expect(text.stdout).toContain('   > The old bridge closed for repairs on Tuesday.');
    const json = JSON.parse(run('src/cli/digest.ts', ['--json', '--since', '7d', '--data', data], state).stdout);
    expect(json.total).toBe(2);
    expect(json.documents.map((d: { title: string }) => d.title)).toEqual(['Bridge closes', 'Harbour reopens']);
    expect(json.documents[1].lead).toBe('The harbour reopened on Monday after the storm. Ferries resumed at noon.');
    // A date as the start of the window.
    const old = run('src/cli/digest.ts', ['--since', '2020-01-01', '--data', data], state);
    expect(old.stdout).toMatch(/2 new documents/);
  });

  it('explains a bad --since and a corrupted state file, with exit code 2', () => {
    const data = tempCorpus(CORPUS);
    const state = mkdtempSync(path.join(os.tmpdir(), 'factdesk-cli-state-'));
    const bad = run('src/cli/digest.ts', ['--since', 'yesterday', '--data', data], state);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--since "yesterday": expected a duration such as 24h/);
    writeFileSync(path.join(state, STATE_FILE), 'garbage, not a database\n'.repeat(100));
    const corrupt = run('src/cli/digest.ts', ['--data', data], state);
    expect(corrupt.status).toBe(2);
    expect(corrupt.stderr).toContain(path.join(state, STATE_FILE));
    expect(corrupt.stderr).toMatch(/not a valid SQLite database/);
  });
});

describe('/digest on the console (ask)', () => {
  it('preview answers with cited results; setup explains it needs Discord', () => {
    const data = tempCorpus(CORPUS);
    const state = mkdtempSync(path.join(os.tmpdir(), 'factdesk-cli-state-'));
    const out = execFileSync(TSX, ['src/cli/ask.ts', '--json', '--data', data], {
      cwd: ROOT,
      input: '/digest preview\n/digest preview\n/digest setup channel:123456789 time:08:00 timezone:UTC\n',
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent', STATE_DIR: state },
    });
    const [first, second, setup] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first.command).toBe('digest');
    const docs = first.results.filter((r: { section: string }) => r.section === 'document');
    expect(docs.map((r: { answer: string }) => r.answer)).toEqual(['Bridge closes', 'Harbour reopens']);
    expect(first.results[0].citation).toMatchObject({ docId: 'bridge', title: 'Bridge closes', source: 'Test Wire', paragraph: 1 });
    expect(second.results).toEqual([]);
    expect(second.heading).toMatch(/^Nothing new in the corpus since /);
    expect(setup.error).toMatch(/needs a Discord server/);
  });
});
