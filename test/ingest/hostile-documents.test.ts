/**
 * Bad documents — empty, binary, huge, not UTF-8, scripted HTML, broken front matter, a file
 * that vanishes while read, text built to make a parser slow — through the full ingest, the
 * answer contract and the live path: each is skipped with a warning naming it, the rest served.
 */
import { spawnSync } from 'node:child_process';
import { promises as fsp, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app.js';
import { runLine } from '../../src/commands/parse.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import { ROOT, tempCorpus } from '../helpers/corpus.js';

const MAX = 400_000;

const good = (title: string, body: string) => `---\ntitle: ${title}\nsource: Wire\npublished: 2024-03-05\n---\n\n${body}\n`;

/** Every kind of unusable file, with the reason it must be skipped for. */
const BAD: Record<string, { content: string | Uint8Array; reason: RegExp }> = {
  'empty.md': { content: '', reason: /^empty file$/ },
  'blank.txt': { content: '\n \n\t\n\n', reason: /empty document/ },
  'title-only.txt': { content: 'Only a headline here\n', reason: /empty document/ },
  'image.txt': {
    content: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    reason: /binary file \(contains NUL bytes\)/,
  },
  'control.md': { content: `Title\n\n${'\x01\x02\x03\x1b'.repeat(60)}words`, reason: /binary file \(mostly control characters\)/ },
  'huge.md': { content: good('Huge', 'The huge report. '.repeat(25_000)), reason: /too large \(\d+ bytes; the limit is 400000/ },
  'latin1.txt': {
    content: Buffer.concat([
      Buffer.from('Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' society\n\nThe caf'),
      Buffer.from([0xe9]),
      Buffer.from(' opened.\n'),
    ]),
    reason: /invalid UTF-8/,
  },
  'utf16.txt': { content: Buffer.from('\ufeffTitle\n\nSome text in UTF-16.\n', 'utf16le'), reason: /UTF-16/ },
  'script-only.html': {
    content: '<html><head><script>alert(document.cookie)</script></head><body><script>fetch("//evil")</script></body></html>',
    reason: /no article text/,
  },
  'unclosed.md': { content: '---\ntitle: Never closed\nThe body starts here.\n', reason: /never closed/ },
  'bad-yaml.md': { content: '---\ntitle: [unclosed\n---\n\nThe body.\n', reason: /malformed front matter/ },
  'list-yaml.md': { content: '---\n- one\n- two\n---\n\nThe body.\n', reason: /not a set of key: value fields/ },
  'dup-keys.md': { content: '---\ntitle: One\ntitle: Two\n---\n\nThe body.\n', reason: /malformed front matter/ },
  'yaml-bomb.md': {
    content: `---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n\nThe body.\n`,
    reason: /malformed front matter/,
  },
};

/** Documents that look odd but are usable: they must be served, safely. */
const ODD_GOOD: Record<string, string> = {
  'good.md': good('Harbour report', 'The harbour reopened after the storm, officials said on Monday.'),
  'scripted.html': `<!doctype html><html><head><title>Bridge talks</title><script>window.evilHead = 1</script><style>body{color:red}</style></head>
    <body onload="stealCookies()"><nav><a href="/">Home</a></nav><article><h1>Bridge talks</h1>
    <p>${'The bridge talks between the two towns resumed on Tuesday after a long pause. '.repeat(3)}<script>document.write('injectedScriptText')</script></p>
    <p>Engineers said the bridge <a href="javascript:alert(1)">could reopen</a> next spring.<noscript>noscriptText</noscript><iframe src="https://evil.test">iframeText</iframe></p>
    </article></body></html>`,
  'odd-meta.md':
    '---\ntitle: 12345\npublished: {year: 2020}\nsource: [a, b]\nurl: "javascript:alert(1)"\n---\n\nThe odd metadata document still has text about the lighthouse.\n',
  'brackets.md': `Bracket storm\n\n${'['.repeat(150_000)}\n\nThe bracket storm ended at the quarry.\n`,
  'blank-lines.md': `Blank storm\n\n${'\n'.repeat(150_000)}The blank storm ended at the orchard.\n`,
};

const files = () => ({ ...Object.fromEntries(Object.entries(BAD).map(([f, b]) => [f, b.content])), ...ODD_GOOD });

function expectSkippedAsBad(skipped: readonly { file: string; reason: string }[]): void {
  const byFile = new Map(skipped.map((s) => [s.file, s.reason]));
  for (const [file, { reason }] of Object.entries(BAD)) {
    expect(byFile.get(file), file).toMatch(reason);
  }
  expect([...byFile.keys()].sort()).toEqual(Object.keys(BAD).sort());
}

afterEach(() => vi.restoreAllMocks());

describe('bad documents through the full ingest', () => {
  it('skips each bad file with its reason and serves every usable one', async () => {
    const dir = tempCorpus(files());
    mkdirSync(path.join(dir, 'folder.md'));
    const { docs, skipped } = await ingestDirectory(dir, { maxBytes: MAX * 2 });
    // With a larger limit, the huge file is fine: the limit is what makes it bad.
    expect(skipped.map((s) => s.file)).not.toContain('huge.md');
    const small = await ingestDirectory(dir, { maxBytes: MAX });
    expectSkippedAsBad(small.skipped);
    expect(small.docs.map((d) => d.meta.file).sort()).toEqual(Object.keys(ODD_GOOD).sort());
    expect(docs.length).toBe(small.docs.length + 1);
  });

  it('keeps scripts, handlers and frames of HTML out of the text', async () => {
    const { docs } = await ingestDirectory(tempCorpus({ 'scripted.html': ODD_GOOD['scripted.html'] }), { maxBytes: MAX });
    const text = docs[0].paragraphs.map((p) => p.text).join('\n');
    expect(text).toContain('The bridge talks between the two towns resumed');
    expect(text).toContain('could reopen');
    for (const bad of ['evilHead', 'injectedScriptText', 'stealCookies', 'javascript:', 'noscriptText', 'iframeText', 'color:red'])
      expect(text).not.toContain(bad);
  });

  it('reads odd front-matter values as text or not at all, never as something else', async () => {
    const { docs } = await ingestDirectory(tempCorpus({ 'odd-meta.md': ODD_GOOD['odd-meta.md'] }), { maxBytes: MAX });
    expect(docs[0].meta.title).toBe('12345');
    expect(docs[0].meta.published).toBeUndefined();
    expect(docs[0].meta.source).toBeUndefined();
  });

  it('skips a file that disappears while being read, naming it, and serves the rest', async () => {
    const dir = tempCorpus({ 'a.md': ODD_GOOD['good.md'], 'vanishing.md': good('Gone', 'This file will vanish.') });
    const readFile = fsp.readFile.bind(fsp);
    vi.spyOn(fsp, 'readFile').mockImplementation(async (p: Parameters<typeof readFile>[0], o?: Parameters<typeof readFile>[1]) => {
      // Deleted between the directory listing (and stat) and the read, as another process might.
      if (String(p).endsWith('vanishing.md')) unlinkSync(String(p));
      return readFile(p, o);
    });
    const { docs, skipped } = await ingestDirectory(dir, { maxBytes: MAX });
    expect(skipped).toEqual([{ file: 'vanishing.md', reason: 'disappeared while being read' }]);
    expect(docs.map((d) => d.meta.id)).toEqual(['a']);
  });

  it('warns naming each skipped file, answers from the rest and lists them in /about (the ask contract)', () => {
    const dir = tempCorpus(files());
    const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/ask.ts', '--json', '--data', dir], {
      cwd: ROOT,
      input: '/search harbour reopened\n/search lighthouse\n/about\n',
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'warn', MAX_DOC_BYTES: String(MAX) },
    });
    expect(r.status, r.stderr).toBe(0);
    for (const file of Object.keys(BAD)) expect(r.stderr, file).toContain(`skipped ${file}:`);
    const [harbour, lighthouse, about] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(harbour.results[0].citation.docId).toBe('good');
    expect(lighthouse.results[0].citation.docId).toBe('odd-meta');
    const lines: string = about.lines.join('\n');
    expect(lines).toContain(`Skipped documents (${Object.keys(BAD).length}):`);
    expect(lines).toMatch(/• bad-yaml\.md: malformed front matter/);
  }, 90_000);
});

describe('bad documents through the live path', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function waitFor(cond: () => boolean, what: string): Promise<void> {
    const until = Date.now() + 15_000;
    while (!cond()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('skips each bad file added while running, with its reason, and keeps serving', async () => {
    const dir = tempCorpus({ 'good.md': ODD_GOOD['good.md'] });
    app = await App.start({ dataDir: dir, maxBytes: MAX });
    const live = await app.watch({ debounceMs: 50 });
    await live.idle();
    for (const [file, content] of Object.entries(files())) if (file !== 'good.md') writeFileSync(path.join(dir, file), content);
    const total = Object.keys(files()).length;
    await waitFor(() => app!.corpus.docs.length + app!.corpus.skipped.length === total, 'every file to be seen');
    await live.idle();
    expectSkippedAsBad(app.corpus.skipped);
    expect(app.corpus.docs.map((d) => d.meta.file).sort()).toEqual(Object.keys(ODD_GOOD).sort());
    expect((await runLine(app.context(), '/search harbour reopened')).results?.[0]?.citation.docId).toBe('good');
    expect((await runLine(app.context(), '/search orchard')).results?.[0]?.citation.docId).toBe('blank-lines');
    const about = (await runLine(app.context(), '/about')).lines!.join('\n');
    expect(about).toContain(`Skipped documents (${Object.keys(BAD).length}):`);
  });

  it('drops a file that disappears while the rebuild reads it, and serves the rest', async () => {
    const dir = tempCorpus({ 'good.md': ODD_GOOD['good.md'] });
    // Read in this thread, where the mock of readFile can make the file vanish mid-read.
    app = await App.start({ dataDir: dir, maxBytes: MAX, workers: 0 });
    const live = await app.watch({ debounceMs: 50 });
    await live.idle();
    const readFile = fsp.readFile.bind(fsp);
    let vanished = 0;
    vi.spyOn(fsp, 'readFile').mockImplementation(async (p: Parameters<typeof readFile>[0], o?: Parameters<typeof readFile>[1]) => {
      if (String(p).endsWith('vanishing.md')) {
        vanished++;
        unlinkSync(String(p));
      }
      return readFile(p, o);
    });
    writeFileSync(path.join(dir, 'vanishing.md'), good('Gone', 'This file will vanish.'));
    writeFileSync(path.join(dir, 'stays.md'), good('Stays', 'This file stays at the mill.'));
    await waitFor(() => app!.corpus.docs.some((d) => d.meta.id === 'stays'), 'the file that stays');
    await live.idle();
    expect(vanished).toBe(1);
    expect(app.corpus.docs.map((d) => d.meta.id).sort()).toEqual(['good', 'stays']);
    expect(app.corpus.skipped).toEqual([]);
  });
});
