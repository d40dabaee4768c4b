/**
 * Every ingest worker loads the read-and-extract path when it starts. The packages only some
 * documents need (Word files, front matter that is not simple, anchors of event-relative dates)
 * are loaded when such a document comes, not at that start (src/lazy.ts). Run in a fresh process:
 * the test runner's own process may have loaded them for other tests.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazy } from '../../src/lazy.js';
import { ROOT, tempCorpus } from '../helpers/corpus.js';

const PACKAGES = ['mammoth', 'jszip', 'yaml', 'wink-nlp', 'wink-eng-lite-web-model'];

/** Which of PACKAGES a fresh process has loaded after `script` (ES module code, top-level await). */
function loadedAfter(script: string): { loaded: string[]; out: string } {
  const probe = `
    import { createRequire } from 'node:module';
    const cache = createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))}).cache;
    ${script}
    const loaded = ${JSON.stringify(PACKAGES)}.filter((p) => Object.keys(cache).some((k) => k.includes('/node_modules/' + p + '/')));
    console.log(JSON.stringify({ loaded, out: globalThis.out ?? '' }));
  `;
  const file = path.join(tempCorpus({}), 'probe.mts');
  writeFileSync(file, probe);
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [file], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { loaded: string[]; out: string };
}

/** The titles of the documents a fresh process ingests from `dir` (as `out`), and the packages it loaded. */
function ingestInFreshProcess(dir: string): { loaded: string[]; out: string } {
  return loadedAfter(`
    const { ingestDirectory } = await import(${JSON.stringify(path.join(ROOT, 'src/ingest/index.ts'))});
    const r = await ingestDirectory(${JSON.stringify(dir)}, { maxBytes: 100000 });
    globalThis.out = r.docs.map((d) => d.meta.title).join('|');
  `);
}

describe('packages loaded on first use', () => {
  it('the ingest path loads none of them until a document needs one', () => {
    const dir = tempCorpus({
      'plain.md':
        '---\ntitle: "Harbour reopens"\npublished: "2024-05-02"\n---\n\nThe harbour reopened on Tuesday, the port authority said.\n',
    });
    const { loaded, out } = ingestInFreshProcess(dir);
    expect(out).toBe('Harbour reopens');
    expect(loaded).toEqual([]);
  });

  it('front matter that is not simple loads the YAML parser and is read by it', () => {
    const dir = tempCorpus({
      'folded.md':
        '---\ntitle: >-\n  Harbour\n  reopens\ntags: [port, ships]\n---\n\nThe harbour reopened on Tuesday, the port authority said.\n',
    });
    const { loaded, out } = ingestInFreshProcess(dir);
    expect(out).toBe('Harbour reopens');
    expect(loaded).toEqual(['yaml']);
  });

  it('loads a package once, on the first call', () => {
    const get = lazy<typeof import('node:path')>('node:path');
    expect(get()).toBe(path);
    expect(get()).toBe(get());
  });
});
