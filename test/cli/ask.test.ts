/** The answer contract, through the real command line as outside tools call it. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempCorpus } from '../helpers/corpus.js';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function ask(args: string[], input?: string): string {
  return execFileSync(TSX, ['src/cli/ask.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
}

describe('npm run -s ask', () => {
  it('answers one command as one JSON line with the contract fields', () => {
    const out = ask(['--json', 'search', 'largest', 'remittance', 'source']);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const a = JSON.parse(lines[0]);
    expect(a.command).toBe('search');
    expect(a.query).toBe('largest remittance source');
    const r = a.results[0];
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['answer', 'excerpt', 'citation']));
    expect(Object.keys(r.citation)).toEqual(expect.arrayContaining(['docId', 'title', 'paragraph']));
    expect(r.answer).toContain('2.7 million Pakistani citizens');
  });

  it('reads console commands from stdin and answers each in order, errors included', () => {
    const out = ask(['--json'], '/search border fencing\n/nonsense x\n\n/search zzzzqqq\n');
    const answers = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => a.command)).toEqual(['search', 'nonsense', 'search']);
    expect(answers[0].results.length).toBeGreaterThan(0);
    expect(answers[1].error).toMatch(/Unknown command/);
    expect(answers[1].results).toBeUndefined();
    expect(answers[2].results).toEqual([]);
  });

  it('answers from another corpus with --data, and as text without --json', () => {
    const dir = tempCorpus({
      'x.md': '---\ntitle: X report\nsource: Wire\npublished: 2024-03-05\n---\n\nThe harbour reopened after the storm.\n',
    });
    const out = ask(['--data', dir, 'search', 'harbour']);
    expect(out).toContain('The harbour reopened after the storm.');
    expect(out).toContain('“X report” · Wire · 2024-03-05 · ¶1');
  });
});
