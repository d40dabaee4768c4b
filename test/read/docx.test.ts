/** Word documents, made here as zips of a few XML parts: paragraphs, headings, title and date, bad files. */
import { describe, expect, it } from 'vitest';
import { parseBinaryDocument } from '../../src/read/document.js';
import { readDocx } from '../../src/read/docx.js';
import { makeDocx } from '../helpers/documents.js';

describe('Word documents', () => {
  it('reads paragraphs, headings as headings, and the title from the core properties', async () => {
    const bytes = await makeDocx(
      [
        { text: 'Orchard Survey', style: 'Heading1' },
        { text: 'The growers’ association, led by Marta Quell, counted 4,200 trees in the valley.' },
        { text: 'Pests', style: 'Heading2' },
        { text: '“The blight is under control,” Quell said on Thursday.' },
      ],
      { title: 'Valley Orchard Survey 2021', creator: 'Growers Association', created: '2021-10-04T08:00:00Z' },
    );
    const r = await parseBinaryDocument('survey.docx', bytes, 'h', 'docx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.meta).toMatchObject({
      title: 'Valley Orchard Survey 2021',
      author: 'Growers Association',
      format: 'docx',
      published: '2021-10-04',
      publishedFrom: 'docx-metadata',
    });
    expect(r.doc.body.split('\n\n')).toEqual([
      '# Orchard Survey',
      'The growers’ association, led by Marta Quell, counted 4,200 trees in the valley.',
      '# Pests',
      '“The blight is under control,” Quell said on Thursday.',
    ]);
  });

  it('takes the first heading as the title when the core properties have none, and a date line over the metadata', async () => {
    const bytes = await makeDocx(
      [{ text: 'Bridge Inspection', style: 'Heading1' }, { text: '12 May 2017' }, { text: 'The inspectors found two cracked girders.' }],
      {
        created: '2016-01-01T00:00:00Z',
      },
    );
    const r = await readDocx(bytes);
    expect(r).toMatchObject({ ok: true, title: 'Bridge Inspection', published: { date: '2017-05-12', from: 'text' } });
  });

  it('skips what is not a readable Word file, saying why', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await readDocx(ole)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^encrypted \(password-protected\) Word file/) as unknown,
    });
    expect(await readDocx(new TextEncoder().encode('just some text'))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^not a Word file/) as unknown,
    });
    const whole = await makeDocx([{ text: 'A paragraph.' }]);
    const cut = await readDocx(whole.slice(0, Math.floor(whole.length / 2)));
    expect(cut).toEqual({ ok: false, reason: expect.stringMatching(/^broken Word file/) as unknown });
  });
});
