/**
 * Documents in from the channel, end to end: the real discord.js client against the fake Discord,
 * which serves the attachments and the article page on 127.0.0.1. A PDF, a Word file, a Markdown
 * file (attached) and an HTML page (linked) added through /add are answered at once by /search,
 * /who, /when and /quote with their citations (the page for the PDF); the same files in a
 * `--data` folder give the same answers through `ask --json`. Refusals: a member without the
 * permission (and one with the role allowed), a link to 127.0.0.1 without FETCH_ALLOW_PRIVATE, a
 * 1 GB download, a duplicate. Then "Find sources" on a message, shared in the channel, and /remove.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { runLine } from '../../src/commands/parse.js';
import { decodeInert } from '../../src/render/escape.js';
import { renderJson } from '../../src/render/json.js';
import { column, makeDocx, makePdf } from '../helpers/documents.js';
import { FakeDiscord, PERMISSIONS, type InteractionReply } from '../helpers/fake-discord.js';
import { ROOT, tempCorpus } from '../helpers/corpus.js';
import { startHarness, type Harness } from './harness.js';

const EDITORS = '424242424242424242';
const MAX_DOC = 2 * 1024 * 1024;

let fake: FakeDiscord;
let app: App;
let h: Harness;
let dataDir: string;

const MD = `---
title: Glassworks at Orrefors Vale to close
source: Valley Courier
published: 2024-06-11
---
The Orrefors Vale glassworks will close in October after 140 years, its owners said.

"We could not find a buyer for the furnaces," said Helga Sundqvist, the managing director of Vale Glass.
`;

const PAGE = `<!doctype html><html><head><title>Tramline extension approved</title>
<meta property="og:site_name" content="Riverside Herald">
<meta property="article:published_time" content="2024-05-02T08:00:00Z"></head>
<body><article><h1>Tramline extension approved</h1>
<p>The city council of Lindholm approved the northern tramline extension on 30 April, after a debate that lasted eleven hours and drew hundreds of residents to the chamber.</p>
<p>"Construction starts next spring and the first trams will run in 2027," said Jonas Brekke, the transport commissioner of Lindholm, speaking to reporters after the vote.</p>
<p>The extension adds six stops between the harbour and the university campus, and its cost is put at 410 million crowns by the council's own estimate.</p>
</article></body></html>`;

function pdf(): Promise<Uint8Array> {
  return makePdf({
    title: 'Saltmarsh Water Board Annual Review',
    running: [{ text: 'Saltmarsh Water Board - Annual Review', y: 760, size: 9 }],
    pages: [
      [
        { text: 'Annual Review', y: 710, size: 18, bold: true },
        ...column(['14 March 2023', '', 'The board met in Saltmarsh to review the year and the state of the reservoirs.'], { top: 680 }),
      ],
      [
        ...column(
          [
            'The chief engineer of the board, Pieter Vandam, reported that the Kellen',
            'reservoir was refilled in January after the drought of the summer.',
            '',
            '“The new pumping station doubled our capacity,” Vandam said.',
          ],
          { top: 700 },
        ),
      ],
    ],
  });
}

function docx(): Promise<Uint8Array> {
  return makeDocx(
    [
      { text: 'Library Opening Hours', style: 'Heading1' },
      { text: 'The head librarian of Brightwater, Amara Okafor, announced longer opening hours from 1 September 2022.' },
      { text: '“Students asked for evenings, and we listened,” Okafor said.' },
    ],
    { title: 'Brightwater Library Bulletin', created: '2022-08-20T10:00:00Z' },
  );
}

/** The embeds' text as a member reads it (escapes taken out). */
const embedsText = (r: InteractionReply) =>
  r.message.embeds
    .map((e: { title?: string; description?: string; fields?: { value: string }[] }) =>
      decodeInert([e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => f.value)].join('\n')),
    )
    .join('\n');

async function add(options: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<InteractionReply> {
  return fake.interact({ name: 'add', options: options as never, permissions: PERMISSIONS.manageGuild, timeoutMs: 60_000, ...extra });
}

beforeAll(async () => {
  fake = new FakeDiscord({ replyTimeoutMs: 60_000 });
  fake.guilds[0].roles = [{ id: EDITORS, name: 'editors' }];
  await fake.start();
  dataDir = tempCorpus({ 'base.md': '---\ntitle: Harbour note\n---\nThe harbour of Tollmark reopened in March.\n' });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-e2e-add-state-'));
  app = await App.start({
    dataDir,
    maxBytes: MAX_DOC,
    workers: 0,
    stateDir,
    discordApi: fake.apiUrl,
    fetch: { maxBytes: 10 * 1024 * 1024, timeoutMs: 15_000, maxRedirects: 3, allowPrivate: false },
  });
  h = await startHarness({ app, fakeInstance: fake, env: { ADD_ROLE_ID: EDITORS } });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await app?.close();
  await fake?.stop();
});

/** Lets the app fetch from 127.0.0.1 (FETCH_ALLOW_PRIVATE=true) for the pages the fake serves, or not. */
function allowPrivate(on: boolean): void {
  const intake = app.services.intake!;
  intake.fetch = { ...intake.fetch, allowPrivate: on };
}

describe('/add end to end', () => {
  const queries = [
    '/search Kellen reservoir refilled',
    '/who Pieter Vandam',
    '/quote Vandam',
    '/when drought',
    '/search longer opening hours',
    '/who Amara Okafor',
    '/quote Okafor',
    '/search furnaces buyer',
    '/who Helga Sundqvist',
    '/when glassworks close',
    '/search northern tramline extension',
    '/who Jonas Brekke',
    '/quote Brekke',
    '/when tramline extension approved',
  ];

  it('adds a PDF, a Word file and a Markdown file attached, and an article page by its link; each answerable at once', async () => {
    const pdfReply = await add({
      file: { attachment: { filename: 'Water Review 2023.pdf', bytes: await pdf(), contentType: 'application/pdf' } },
    });
    expect(pdfReply.message.content).not.toContain('❌');
    expect(embedsText(pdfReply)).toContain('Saltmarsh Water Board Annual Review');
    expect(embedsText(pdfReply)).toContain('Pieter Vandam');
    expect(embedsText(pdfReply)).toMatch(/on 2 pages/);

    const docxReply = await add({ file: { attachment: { filename: 'bulletin.docx', bytes: await docx() } } });
    expect(embedsText(docxReply)).toContain('Brightwater Library Bulletin');

    // A member with the ADD_ROLE_ID role and no Manage Server may add too.
    const mdReply = await add(
      { file: { attachment: { filename: 'glassworks.md', bytes: Buffer.from(MD) } } },
      { permissions: PERMISSIONS.member, roles: [EDITORS] },
    );
    expect(embedsText(mdReply)).toContain('Valley Courier');
    expect(embedsText(mdReply)).toContain('Helga Sundqvist');

    allowPrivate(true);
    const pageUrl = fake.serve('/news/2024/tramline-extension.html', { body: Buffer.from(PAGE), contentType: 'text/html; charset=utf-8' });
    const pageReply = await add({ url: pageUrl });
    allowPrivate(false);
    expect(pageReply.message.embeds[0]).toMatchObject({ url: pageUrl });
    expect(embedsText(pageReply)).toContain('Riverside Herald');

    const files = app.corpus.docs.map((d) => d.meta.file).filter((f) => f.startsWith('added/'));
    expect(files.sort()).toEqual([
      'added/127-0-0-1-2024-tramline-extension.html',
      'added/bulletin.docx',
      'added/glassworks.md',
      'added/water-review-2023.pdf',
    ]);

    // Answerable as soon as /add has answered, with the right citations.
    const search = await fake.interact({ name: 'search', options: { words: 'Kellen reservoir refilled' } });
    expect(search.message.embeds[0].footer?.text).toContain('added/water-review-2023');
    const json = await runLine(app.context(), '/search Kellen reservoir refilled');
    expect(json.results?.[0].citation).toMatchObject({
      docId: 'added/water-review-2023',
      page: 2,
      title: 'Saltmarsh Water Board Annual Review',
    });
    const who = await fake.interact({ name: 'who', options: { name: 'Amara Okafor' } });
    expect(embedsText(who)).toContain('head librarian');
    const quote = await fake.interact({ name: 'quote', options: { query: 'Brekke' } });
    expect(embedsText(quote)).toContain('Construction starts next spring');
    const quoteJson = await runLine(app.context(), '/quote Brekke');
    expect(quoteJson.results?.[0].citation).toMatchObject({
      url: pageUrl,
      source: 'Riverside Herald',
      paragraph: expect.any(Number) as unknown,
    });
    const when = await runLine(app.context(), '/when glassworks close');
    expect(when.results?.[0].citation.docId).toBe('added/glassworks');
  });

  it('gives the same answers through ask --json when the same files are in --data', async () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'factdesk-e2e-add-copy-'));
    cpSync(dataDir, copy, { recursive: true });
    const expected = await Promise.all(queries.map(async (q) => renderJson(await runLine(app.context(), q))));
    const out = await askJson(copy, queries);
    expect(out).toEqual(expected);
    for (const line of expected) expect(JSON.parse(line).results.length, line).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a member without Manage Server or the role, saying what is needed', async () => {
    const r = await fake.interact({ name: 'add', options: { url: 'https://news.example.org/a' }, permissions: PERMISSIONS.member });
    expect(r.message.content).toMatch(/needs the Manage Server permission or the <@&424242424242424242> role/);
    expect(r.ephemeral).toBe(true);
  });

  it('refuses a link to 127.0.0.1 without FETCH_ALLOW_PRIVATE, and cuts a 1 GB download at the cap', async () => {
    const before = app.corpus.docs.length;
    const local = await add({ url: fake.fileUrl('/news/2024/tramline-extension.html') });
    expect(local.message.content).toContain('Not added: refused: private address');

    let written = 0;
    fake.serve('/huge.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, '<p>a</p>');
      const pump = () => {
        while (written < 1024 ** 3 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    allowPrivate(true);
    const huge = await add({ url: fake.fileUrl('/huge.html') });
    allowPrivate(false);
    expect(huge.message.content).toContain('Not added: too large: over 2 MB');
    expect(written).toBeLessThan(64 * 1024 * 1024);
    expect(app.corpus.docs.length).toBe(before);
  });

  it('refuses the same file twice, pointing at the document that has it', async () => {
    const again = await add({ file: { attachment: { filename: 'copy-of-glassworks.md', bytes: Buffer.from(MD) } } });
    expect(decodeInert(again.message.content)).toContain(
      'already in the corpus as “Glassworks at Orrefors Vale to close” (added/glassworks.md)',
    );
  });

  it('finds sources for a message, only for the asker, with a button that shares them in the channel', async () => {
    const r = await fake.messageMenu({
      name: 'Find sources',
      content: 'Heard the <@123> glassworks in Orrefors Vale is shutting after 140 years?',
    });
    expect(r.ephemeral).toBe(true);
    expect(r.message.embeds[0].footer?.text).toContain('added/glassworks');
    const share = r.message.components
      .flatMap((row: { components: { custom_id: string; label: string }[] }) => row.components)
      .find((b) => b.label === 'Share in channel');
    expect(share).toBeDefined();
    const shared = await fake.clickButton(share!.custom_id, r);
    expect(shared.ephemeral).toBe(false);
    expect(shared.message.embeds[0].footer?.text).toContain('added/glassworks');
    expect(shared.message.content).toContain('Shared by <@');
    expect(shared.message.allowed_mentions).toEqual({ parse: [] });
  });

  it('removes a document (autocompleted by title) to the removed folder, and nothing answers from it', async () => {
    const choices = await fake.autocomplete({ name: 'remove', options: { document: 'Tramline' }, focused: 'document' });
    expect(choices[0]).toMatchObject({ value: 'added/127-0-0-1-2024-tramline-extension' });
    const r = await fake.interact({
      name: 'remove',
      options: { document: String(choices[0].value) },
      permissions: PERMISSIONS.manageGuild,
      timeoutMs: 60_000,
    });
    expect(embedsText(r)).toContain('/restore document:added/127-0-0-1-2024-tramline-extension.html');
    expect((await runLine(app.context(), '/search northern tramline extension')).results).toHaveLength(0);
  });
});

/** Answers from `ask --json` over a data folder, one line per query, through stdin. */
function askJson(data: string, lines: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['src/cli/ask.ts', '--json', '--data', data],
      {
        cwd: ROOT,
        env: { ...process.env, STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'factdesk-e2e-add-askstate-')), LOG_LEVEL: 'silent' },
        maxBuffer: 10 * 1024 * 1024,
      },
      (err, stdout) => (err ? reject(new Error(err.message)) : resolve(stdout.trim().split('\n'))),
    );
    child.stdin?.end(`${lines.join('\n')}\n`);
  });
}
