import { describe, expect, it } from 'vitest';
import { checkBytes, parseDocumentText, readDocument } from '../../src/read/document.js';
import { listDocuments } from '../../src/read/files.js';
import { normalisePublished, splitFrontMatter } from '../../src/read/frontmatter.js';
import { ingestDirectory } from '../../src/ingest/index.js';
import { tempCorpus } from '../helpers/corpus.js';

const opts = { maxBytes: 10_000 };

describe('front matter', () => {
  it('keeps known fields and every other field as metadata', () => {
    const r = parseDocumentText(
      'a/b.md',
      '---\ntitle: "T"\nsource: Outlet\nurl: https://x.test/a\npublished: 2022-02\nauthor: Ann\ntopics: [x, y]\n---\n\nBody text here.\n',
      'h',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.meta).toMatchObject({
      id: 'a/b',
      title: 'T',
      source: 'Outlet',
      url: 'https://x.test/a',
      published: '2022-02',
      author: 'Ann',
      metadata: { topics: ['x', 'y'] },
    });
  });

  it('normalises publication dates at the precision given', () => {
    expect(normalisePublished(2022)).toBe('2022');
    expect(normalisePublished('2022-02')).toBe('2022-02');
    expect(normalisePublished('2022-02-14')).toBe('2022-02-14');
    expect(normalisePublished('1987-02-26T15:01:01Z')).toBe('1987-02-26T15:01:01Z');
    expect(normalisePublished('2022-02-30')).toBeUndefined();
    expect(normalisePublished('2022-13')).toBeUndefined();
    expect(normalisePublished('soon')).toBeUndefined();
  });

  it('rejects malformed front matter with a reason', () => {
    expect(() => splitFrontMatter('---\ntitle: [unclosed\n---\nx')).toThrow(/malformed front matter/);
    expect(() => splitFrontMatter('---\ntitle: x\nno end')).toThrow(/never closed/);
    expect(() => splitFrontMatter('---\n- a list\n---\nx')).toThrow(/key: value/);
  });

  it('takes the first non-empty line as the title of a plain .txt file', () => {
    const r = parseDocumentText('bbc/x.txt', '\nAd sales boost Time Warner profit\n\nQuarterly profits jumped.\n', 'h');
    expect(r.ok && r.doc.meta.title).toBe('Ad sales boost Time Warner profit');
    expect(r.ok && r.doc.body.includes('Ad sales boost')).toBe(false);
  });
});

describe('HTML', () => {
  it('reads the article the way a reader view does, with title and date from the page', () => {
    const html = `<!doctype html><html><head><title>Site | Border talks resume</title>
      <meta property="article:published_time" content="2024-05-06T10:00:00Z"><meta property="og:site_name" content="Example News">
      <script>document.write("evil()")</script></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>Border talks resume</h1><p>${'Officials from both countries met in Islamabad on Monday to discuss border security. '.repeat(4)}</p>
      <h2>What comes next</h2><p>${'The talks are expected to continue next month, officials said after the meeting ended. '.repeat(3)}</p>
      <ul><li>First point of the agreement</li><li>Second point</li></ul></article><footer>© Example</footer></body></html>`;
    const r = parseDocumentText('x.html', html, 'h');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.meta.title).toMatch(/Border talks resume/);
    expect(r.doc.meta.published).toBe('2024-05-06T10:00:00Z');
    expect(r.doc.meta.source).toBe('Example News');
    expect(r.doc.body).toContain('Officials from both countries met in Islamabad');
    expect(r.doc.body).toContain('# What comes next');
    expect(r.doc.body).toContain('• First point of the agreement');
    expect(r.doc.body).not.toContain('evil()');
    expect(r.doc.body).not.toContain('Home');
  });
});

describe('bad files', () => {
  it('names the reason for each kind of unreadable file', async () => {
    const dir = tempCorpus({
      'empty.md': '',
      'binary.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]),
      'latin1.txt': new Uint8Array([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]),
      'huge.md': `Title\n\n${'word '.repeat(5000)}`,
      'broken.md': '---\ntitle: "unterminated\n---\nText.',
      'only-title.txt': 'Just a title\n',
    });
    const reasons: Record<string, string> = {};
    for (const f of await listDocuments(dir)) {
      const r = await readDocument(dir, f, opts);
      if (!r.ok) reasons[f] = r.reason;
    }
    expect(reasons['empty.md']).toMatch(/empty/);
    expect(reasons['binary.txt']).toMatch(/binary/);
    expect(reasons['latin1.txt']).toMatch(/UTF-8/);
    expect(reasons['huge.md']).toMatch(/too large/);
    expect(reasons['broken.md']).toMatch(/front matter/);
    expect(reasons['only-title.txt']).toMatch(/empty/);
    expect(checkBytes(new Uint8Array([0xff, 0xfe, 0x41, 0]))).toMatch(/UTF-16/);
  });

  it('reads every file the same with blocking calls (the workers) as through fs.promises, a vanished file included', async () => {
    const dir = tempCorpus({
      'good.md': '---\ntitle: Quarry report\npublished: 2021-07-02\n---\n\nThe quarry closed in June, the council said.\n',
      'huge.md': `Title\n\n${'word '.repeat(5000)}`,
      'binary.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]),
    });
    for (const f of [...(await listDocuments(dir)), 'gone.md']) {
      const blocking = await readDocument(dir, f, { ...opts, blocking: true });
      expect(blocking, f).toEqual(await readDocument(dir, f, opts));
      if (f === 'good.md') expect(blocking.ok).toBe(true);
      if (f === 'gone.md') expect(blocking).toMatchObject({ ok: false, reason: 'disappeared while being read' });
    }
  });

  it('a folder with a binary, an empty, a broken and a good file serves the good one and warns about the rest', async () => {
    const dir = tempCorpus({
      'good.md': '---\ntitle: Good\n---\n\nThe good document talks about border fencing.\n',
      'nested/binary.md': new Uint8Array([0, 1, 2, 3, 4, 5]),
      'empty.txt': '',
      'broken.md': '---\ntitle: [oops\n---\nText.',
      'notes.json': '{"ignored": true}',
    });
    const { docs, skipped } = await ingestDirectory(dir, opts);
    expect(docs.map((d) => d.meta.id)).toEqual(['good']);
    expect(skipped.map((s) => s.file).sort()).toEqual(['broken.md', 'empty.txt', 'nested/binary.md']);
    expect(skipped.every((s) => s.reason.length > 0)).toBe(true);
  });

  it('finds documents recursively, skipping hidden folders and other extensions', async () => {
    const dir = tempCorpus({
      'a.md': 'x',
      'sub/b.txt': 'y',
      'sub/deeper/c.html': '<p>z</p>',
      '.git/d.md': 'no',
      'e.png': 'no',
      'f.pdf': '%PDF',
      'g.docx': 'PK',
    });
    expect(await listDocuments(dir)).toEqual(['a.md', 'f.pdf', 'g.docx', 'sub/b.txt', 'sub/deeper/c.html']);
  });
});
