/**
 * PDF documents, made here with pdf-lib: reading order, paragraphs, headings, hyphenated words,
 * running headers and footers, two columns, pages without text, and the files that cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { dateOfLine } from '../../src/read/dateline.js';
import { parseBinaryDocument } from '../../src/read/document.js';
import { joinLines, readPdf, removeRunningLines, type Line } from '../../src/read/pdf.js';
import { column, makeEncryptedPdf, makePdf } from '../helpers/documents.js';

const running = [
  { text: 'Westmarch Ferry Board - Annual Report', y: 760, size: 9 },
  { text: 'Page #', x: 290, y: 30, size: 9 },
];

async function report(): Promise<Uint8Array> {
  return makePdf({
    title: 'Westmarch Ferry Board Annual Report',
    created: new Date('2019-08-14T09:00:00Z'),
    running,
    pages: [
      [
        { text: 'Crossings Resume', y: 710, size: 18, bold: true },
        ...column(
          [
            'The chair of the board, Tomasz Ellery, said on Friday that the recon-',
            'struction of the eastern slipway was finished and that crossings',
            'would resume in the spring.',
            '',
            'Timetables will be published in March, the board said.',
          ],
          { top: 670 },
        ),
      ],
      [
        // Two columns: the left one is read to its end before the right one begins.
        ...column(['Left column: the freight', 'service moved to the', 'northern berth in May.'], { x: 72 }),
        ...column(['Right column: passenger', 'numbers rose by a third', 'over the summer.'], { x: 330 }),
      ],
      [],
      [...column(['After the blank page, the board thanked the harbour staff.'])],
    ],
  });
}

describe('PDF reading', () => {
  it('rebuilds headings and paragraphs in reading order, each with its page', async () => {
    const r = await readPdf(await report());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.blocks).toEqual([
      { text: 'Crossings Resume', heading: true, page: 1 },
      {
        text: 'The chair of the board, Tomasz Ellery, said on Friday that the reconstruction of the eastern slipway was finished and that crossings would resume in the spring.',
        heading: false,
        page: 1,
      },
      { text: 'Timetables will be published in March, the board said.', heading: false, page: 1 },
      { text: 'Left column: the freight service moved to the northern berth in May.', heading: false, page: 2 },
      { text: 'Right column: passenger numbers rose by a third over the summer.', heading: false, page: 2 },
      { text: 'After the blank page, the board thanked the harbour staff.', heading: false, page: 4 },
    ]);
    expect(r.title).toBe('Westmarch Ferry Board Annual Report');
  });

  it('dates a PDF from a date line at its top, else from its metadata, marked as such', async () => {
    const dated = await makePdf({
      pages: [
        [
          { text: 'Ferry Notice', y: 720, size: 16, bold: true },
          ...column(['3 February 2020', '', 'Services stop at noon.'], { top: 690 }),
        ],
      ],
    });
    const a = await parseBinaryDocument('notice.pdf', dated, 'h1', 'pdf');
    expect(a.ok && a.doc.meta).toMatchObject({ title: 'Ferry Notice', published: '2020-02-03', format: 'pdf' });
    expect(a.ok && a.doc.meta.publishedFrom).toBeUndefined();
    expect(a.ok && a.doc.blocks?.map((x) => x.text)).toEqual(['Ferry Notice', '3 February 2020', 'Services stop at noon.']);

    const b = await parseBinaryDocument('report.pdf', await report(), 'h2', 'pdf');
    expect(b.ok && b.doc.meta).toMatchObject({ published: '2019-08-14', publishedFrom: 'pdf-metadata' });
  });

  it('skips a PDF with no text layer, an encrypted one, a truncated one and one that is not a PDF, saying why', async () => {
    const scanned = await readPdf(await makePdf({ pages: [[], []] }));
    expect(scanned).toEqual({ ok: false, reason: expect.stringMatching(/no text layer on any of its 2 page\(s\).*scanned/) as unknown });

    const encrypted = await readPdf(await makeEncryptedPdf());
    expect(encrypted).toEqual({ ok: false, reason: expect.stringMatching(/^encrypted PDF/) as unknown });

    const whole = await report();
    const truncated = await readPdf(whole.slice(0, Math.floor(whole.length * 0.6)));
    expect(truncated).toEqual({ ok: false, reason: expect.stringMatching(/^truncated PDF/) as unknown });

    const junk = await readPdf(new TextEncoder().encode('%PDF-1.7\n'.padEnd(5000, '\u0001garbage') + '\n%%EOF\n'));
    expect(junk.ok).toBe(false);
    expect(!junk.ok && junk.reason).toMatch(/broken PDF|no text/);

    const notPdf = await readPdf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    expect(notPdf).toEqual({ ok: false, reason: 'not a PDF (no %PDF- header)' });
  });
});

describe('PDF layout rules', () => {
  const line = (text: string, y: number, page: number): Line => ({ text, x0: 72, x1: 300, y, size: 10, page });

  it('drops lines repeated at the top or bottom of most pages, and lone page numbers, but not body text', () => {
    const topics = ['locks', 'weirs', 'towpaths'];
    const pages = [1, 2, 3].map((p) => [
      line('Quarterly Bulletin of the Dunmore Canal Trust', 760, p),
      line(`Body text about the ${topics[p - 1]}.`, 600, p),
      line(`- ${p + 10} -`, 30, p),
    ]);
    // A body line that happens to sit at the bottom of one page only stays.
    pages[2].push(line('The trust met in Dunmore.', 50, 3));
    const kept = removeRunningLines(pages).map((p) => p.map((l) => l.text));
    expect(kept).toEqual([
      ['Body text about the locks.'],
      ['Body text about the weirs.'],
      ['Body text about the towpaths.', 'The trust met in Dunmore.'],
    ]);
  });

  it('mends words hyphenated across lines, and keeps hyphens that belong', () => {
    expect(joinLines('the canal was re-', 'opened')).toBe('the canal was reopened');
    expect(joinLines('a soft\u00ad', 'hyphen')).toBe('a softhyphen');
    expect(joinLines('the North-', 'South link')).toBe('the North- South link');
    expect(joinLines('ends here.', 'Next')).toBe('ends here. Next');
  });

  it('recognises a line that is a date and nothing else', () => {
    expect(dateOfLine('Published: 7 June 2018')).toBe('2018-06-07');
    expect(dateOfLine('Tuesday, March 5, 2019')).toBe('2019-03-05');
    expect(dateOfLine('2021-11-30')).toBe('2021-11-30');
    expect(dateOfLine('31 February 2019')).toBeUndefined();
    expect(dateOfLine('The meeting on 7 June 2018 was long.')).toBeUndefined();
  });
});
