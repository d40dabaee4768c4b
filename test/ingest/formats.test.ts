/**
 * PDF and Word documents in a corpus, read on the reader pool: answers cite the PDF's page,
 * /about counts documents by format, and a PDF dated only by its metadata says so.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { aboutCommand, formatCounts } from '../../src/commands/about.js';
import { contextFor } from '../../src/commands/context.js';
import { runLine } from '../../src/commands/parse.js';
import { closePools } from '../../src/ingest/pool.js';
import { loadCorpus } from '../../src/load/index.js';
import { column, makeDocx, makePdf } from '../helpers/documents.js';
import { tempCorpus } from '../helpers/corpus.js';

afterAll(() => closePools());

describe('documents of every format in one corpus', () => {
  it('cites the page of a PDF passage and counts documents by format', async () => {
    const pdf = await makePdf({
      title: 'Saltmarsh Drainage Review',
      created: new Date('2018-04-20T10:00:00Z'),
      running: [{ text: 'Saltmarsh Drainage Board', y: 760, size: 9 }],
      pages: [
        column(['The drainage board reviewed the pumping stations of the lower marsh after the winter floods.']),
        column(['Pumping engineer Halvard Brine said the sluice at Coldharbour would be rebuilt by autumn.']),
      ],
    });
    const docx = await makeDocx(
      [
        { text: 'Ferry Timetable', style: 'Heading1' },
        { text: 'The ferry to Skellig Point will run twice a day from June, the operator said.' },
      ],
      {
        title: 'Ferry Timetable Notice',
      },
    );
    const dir = tempCorpus({
      'review.pdf': pdf,
      'notice.docx': docx,
      'note.md': '---\ntitle: Marsh note\npublished: 2018-05-01\n---\n\nThe marsh wardens counted the geese.\n',
    });
    const { corpus } = await loadCorpus(dir, { maxBytes: 1_000_000, workers: 1 });
    expect(corpus.skipped).toEqual([]);
    const ctx = contextFor(corpus, { now: () => new Date('2026-01-01T00:00:00Z') });

    const search = await runLine(ctx, '/search sluice Coldharbour');
    expect(search.results?.[0]?.citation).toMatchObject({
      docId: 'review',
      title: 'Saltmarsh Drainage Review',
      page: 2,
      paragraph: 2,
      published: '2018-04-20',
      publishedFrom: 'pdf-metadata',
    });
    expect(search.results?.[0]?.excerpt).toContain('Halvard Brine said the sluice at Coldharbour');

    const ferry = await runLine(ctx, '/search ferry Skellig');
    expect(ferry.results?.[0]?.citation).toMatchObject({ docId: 'notice', title: 'Ferry Timetable Notice' });
    expect(ferry.results?.[0]?.citation.page).toBeUndefined();

    const about = await aboutCommand.run(ctx, {});
    expect(about.lines).toContain('Formats: 1 md · 1 pdf · 1 docx');
  });

  it('counts formats in a fixed order and leaves out the absent ones', () => {
    expect(formatCounts({ pdf: 2, md: 1, html: 1 })).toBe('1 md · 1 html · 2 pdf');
    expect(formatCounts({})).toBe('none');
    expect(formatCounts({ txt: 0 })).toBe('none');
  });
});
