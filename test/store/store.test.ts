/**
 * The document store through a running App: stored under the folder with a safe name, answerable
 * at once, the same content refused with a pointer, unreadable files not kept, removal to the
 * removed folder and back — and the /add, /remove and /restore console commands on top of it.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { runLine } from '../../src/commands/parse.js';
import { safeFileName } from '../../src/store/index.js';
import { pageName, pageWithUrl, fromAttachment } from '../../src/store/intake.js';
import { tempCorpus } from '../helpers/corpus.js';

const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

const LIGHTHOUSE = `---
title: Lighthouse keeper retires after forty years
source: Coastline Weekly
published: 2023-09-14
---
Oskar Lindqvist, the keeper of the Brannö lighthouse, retired on Friday.

"The lamp never failed me once," Lindqvist said at a small ceremony on 8 September.
`;

async function start(files: Record<string, string> = { 'old.md': '---\ntitle: Old note\n---\nThe mill at Varby closed in 1961.\n' }) {
  const dataDir = tempCorpus(files);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-store-state-'));
  const app = await App.start({ dataDir, maxBytes: 100_000, workers: 0, stateDir });
  apps.push(app);
  return { app, dataDir, stateDir, store: app.services.documents! };
}

describe('safeFileName', () => {
  it('keeps letters, digits and the extension, and nothing that climbs out of the folder', () => {
    expect(safeFileName('Quarterly Report (Final).PDF')).toBe('quarterly-report-final.pdf');
    expect(safeFileName('../../etc/passwd.md')).toBe('passwd.md');
    expect(safeFileName('..\\..\\boot.ini.txt')).toBe('boot-ini.txt');
    expect(safeFileName('Årsrapport für Überseehandel.docx')).toBe('arsrapport-fur-uberseehandel.docx');
    expect(safeFileName('.md')).toBe('document.md');
    expect(safeFileName('page.htm')).toBe('page.html');
  });
});

describe('pages from links', () => {
  it('writes the page’s address in as its og:url, first in the head, replacing any other', () => {
    const html = '<html><head><meta property="og:url" content="https://elsewhere.example/x"><title>T</title></head><body></body></html>';
    const out = pageWithUrl(html, 'https://news.example/a?b=1&c="2"');
    expect(out).toContain('<head><meta property="og:url" content="https://news.example/a?b=1&amp;c=&quot;2&quot;">');
    expect(out).not.toContain('elsewhere.example');
    expect(pageWithUrl('<p>no head</p>', 'https://n.example/')).toMatch(/^<meta property="og:url" content="https:\/\/n.example\/">/);
  });

  it('names the file after the host and the end of the path', () => {
    expect(pageName(new URL('https://www.coast.example/news/2023/keeper-retires.html'))).toBe('coast.example-2023-keeper-retires.html');
    expect(pageName(new URL('https://coast.example/'))).toBe('coast.example.html');
  });

  it('fetches attachments only from Discord’s hosts (or the configured Discord)', async () => {
    const opts = {
      fetch: { maxBytes: 1000, timeoutMs: 1000, maxRedirects: 1, allowPrivate: false },
      maxDocBytes: 1000,
      discordApi: 'http://127.0.0.1:1/api',
    };
    await expect(fromAttachment('https://files.example/report.pdf', opts)).rejects.toThrow(/not on Discord/);
    // The configured Discord's host is trusted even on loopback; nothing listens on port 1, so it is unreachable, not refused.
    await expect(fromAttachment('http://127.0.0.1:1/attachments/1/2/report.pdf', opts)).rejects.toThrow(/unreachable/);
  });
});

describe('DocumentStore', () => {
  it('stores a document under its folder, answerable at once, and refuses the same bytes again with a pointer', async () => {
    const { app, dataDir, store } = await start();
    const r = await store.add({ bytes: Buffer.from(LIGHTHOUSE), name: 'Keeper Retires.md', folder: 'added' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.file).toBe('added/keeper-retires.md');
    expect(r.doc.meta.title).toBe('Lighthouse keeper retires after forty years');
    expect(readdirSync(path.join(dataDir, 'added'))).toEqual(['keeper-retires.md']);
    const answer = await runLine(app.context(), '/search lamp never failed');
    expect(answer.results?.[0].citation).toMatchObject({ docId: 'added/keeper-retires', paragraph: 2 });

    const again = await store.add({ bytes: Buffer.from(LIGHTHOUSE), name: 'copy.md', folder: 'added' });
    expect(again).toMatchObject({ ok: false, duplicateOf: { file: 'added/keeper-retires.md' } });
    if (!again.ok) expect(again.reason).toContain('Lighthouse keeper retires after forty years');
  });

  it('gives a second document of the same name another name, across formats too', async () => {
    const { store } = await start();
    const a = await store.add({ bytes: Buffer.from(LIGHTHOUSE), name: 'notes.md', folder: 'added' });
    const b = await store.add({
      bytes: Buffer.from('Skelby harbour dues\n\nHarbour dues rose by 4 percent in Skelby.\n'),
      name: 'notes.txt',
      folder: 'added',
    });
    expect(a.ok && a.file).toBe('added/notes.md');
    expect(b.ok && b.file).toBe('added/notes-2.txt');
  });

  it('refuses other formats, empty and oversized files, and does not keep a file it cannot read', async () => {
    const { dataDir, store, app } = await start();
    expect(await store.add({ bytes: Buffer.from('x'), name: 'tool.exe', folder: 'added' })).toMatchObject({ ok: false });
    expect(await store.add({ bytes: Buffer.alloc(0), name: 'empty.md', folder: 'added' })).toMatchObject({
      ok: false,
      reason: 'the file is empty',
    });
    const big = await store.add({ bytes: Buffer.alloc(100_001, 'a'), name: 'big.md', folder: 'added' });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.reason).toMatch(/^too large/);
    const broken = await store.add({ bytes: Buffer.from('%PDF-1.7\nnot really a pdf'), name: 'scan.pdf', folder: 'added' });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.reason).toMatch(/^could not be read: /);
    expect(existsSync(path.join(dataDir, 'added', 'scan.pdf'))).toBe(false);
    expect(app.corpus.skipped.some((s) => s.file === 'added/scan.pdf')).toBe(false);
  });

  it('treats the same content arriving twice at once as one document', async () => {
    const { store } = await start();
    const both = await Promise.all([
      store.add({ bytes: Buffer.from(LIGHTHOUSE), name: 'one.md', folder: 'added' }),
      store.add({ bytes: Buffer.from(LIGHTHOUSE), name: 'two.md', folder: 'added' }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
  });

  it('moves a removed document out of the corpus into the removed folder, and restores it', async () => {
    const { app, dataDir, stateDir } = await start({ 'coast/keeper.md': LIGHTHOUSE });
    const removed = await runLine(app.context({ local: true }), '/remove coast/keeper');
    expect(removed.error).toBeUndefined();
    expect(existsSync(path.join(dataDir, 'coast', 'keeper.md'))).toBe(false);
    expect(existsSync(path.join(stateDir, 'removed', 'coast', 'keeper.md'))).toBe(true);
    expect((await runLine(app.context(), '/search lamp never failed')).results).toHaveLength(0);

    // The same name removed twice: the second goes under a dated folder, nothing is overwritten.
    writeFileSync(path.join(dataDir, 'coast', 'keeper.md'), LIGHTHOUSE.replace('Friday', 'Saturday'));
    await app.ingest(['coast/keeper.md']);
    await runLine(app.context({ local: true }), '/remove Lighthouse keeper retires after forty years');
    const kept = await app.services.documents!.removed();
    expect(kept).toHaveLength(2);
    expect(kept).toContain('coast/keeper.md');

    const restored = await runLine(app.context({ local: true }), '/restore coast/keeper.md');
    expect(restored.error).toBeUndefined();
    expect(restored.document?.file).toBe('coast/keeper.md');
    expect((await runLine(app.context(), '/search lamp never failed')).results?.[0].citation.docId).toBe('coast/keeper');
    // A file name two removed documents share is ambiguous.
    const ambiguous = await runLine(app.context({ local: true }), '/restore keeper.md');
    expect(ambiguous.error).toMatch(/is in the corpus again already|several removed/);
  });
});

describe('/add on the console', () => {
  it('adds a local file and shows what was understood', async () => {
    const { app } = await start();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-add-src-'));
    writeFileSync(path.join(dir, 'keeper.md'), LIGHTHOUSE);
    const a = await runLine(app.context({ local: true }), `/add ${path.join(dir, 'keeper.md')}`);
    expect(a.error).toBeUndefined();
    expect(a.document).toMatchObject({
      title: 'Lighthouse keeper retires after forty years',
      source: 'Coastline Weekly',
      published: '2023-09-14',
      paragraphs: 2,
      file: 'added/keeper.md',
    });
    expect(a.document?.people.first).toContain('Oskar Lindqvist');
    expect(a.document?.quotes.first[0]).toMatchObject({ text: 'The lamp never failed me once' });
    expect(a.document?.dates.count).toBeGreaterThan(0);
  });

  it('never reads a path for a command that did not come from the console', async () => {
    const { app } = await start();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-add-src-'));
    writeFileSync(path.join(dir, 'keeper.md'), LIGHTHOUSE);
    const a = await runLine(app.context(), `/add ${path.join(dir, 'keeper.md')}`);
    expect(a.error).toMatch(/expected a link/);
  });

  it('refuses a link to this machine (no FETCH_ALLOW_PRIVATE) with a short reason', async () => {
    const { app } = await start();
    const a = await runLine(app.context({ local: true }), '/add http://127.0.0.1:9/page.html');
    expect(a.error).toBe('Not added: refused: private address');
  });
});
