import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/split/sentences.js';
import { seeds, AL_MONITOR } from '../helpers/corpus.js';

const sentences = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe('sentences', () => {
  it('does not split after month, rank and title abbreviations', () => {
    expect(
      sentences('The first attack happened Jan. 25 at Kech, followed by two more Feb. 2 at Panjgur. As usual, the BLA claimed it.'),
    ).toHaveLength(2);
    expect(sentences('Present were Brig. Gen. Ahmad Ali Goudarzi; and Col. Mostafa Ghanbarpour. Maj. Gen. Smith spoke.')).toEqual([
      'Present were Brig. Gen. Ahmad Ali Goudarzi; and Col. Mostafa Ghanbarpour.',
      'Maj. Gen. Smith spoke.',
    ]);
    expect(sentences('Mr. Smith met U.S. officials. Adm. Jones left.')).toEqual(['Mr. Smith met U.S. officials.', 'Adm. Jones left.']);
  });

  it('splits after an abbreviation when a sentence clearly starts', () => {
    expect(sentences('He flew to the U.S. The talks began.')).toEqual(['He flew to the U.S.', 'The talks began.']);
  });

  it('handles curly and straight quotes and non-breaking spaces', () => {
    expect(sentences('He said, “It is over.” Meanwhile, she left.')).toEqual(['He said, “It is over.”', 'Meanwhile, she left.']);
    expect(sentences('He said, "It is over." She left.')).toEqual(['He said, "It is over."', 'She left.']);
    expect(sentences('It rose.\u00a0Then it fell.')).toEqual(['It rose.', 'Then it fell.']);
    expect(sentences('It rose 2.5 pct. Then $3.10 fell.')).toEqual(['It rose 2.5 pct.', 'Then $3.10 fell.']);
  });

  it('gives every passage its document, paragraph number and sentence offsets', async () => {
    const c = await seeds();
    const di = c.docIndex(AL_MONITOR)!;
    const doc = c.docs[di];
    for (const p of doc.paragraphs) {
      expect(p.n).toBe(doc.paragraphs.indexOf(p) + 1);
      for (const s of p.sentences) expect(p.text.slice(s.start, s.end).trim()).toBe(p.text.slice(s.start, s.end));
    }
    const p = doc.paragraphs.find((x) => x.text.startsWith('Iranian Interior Minister'))!;
    expect(p.sentences).toHaveLength(4);
  });
});
