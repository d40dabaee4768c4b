/** How words become index terms (src/index/text.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldAccents, processTerm, queryTerms } from '../../src/index/text.js';

/** The folding as it was before ASCII words skipped it: every word normalised. */
const folded = (s: string): string => s.normalize('NFKD').replace(/\p{M}+/gu, '');

describe('foldAccents', () => {
  it('folds accents and compatibility forms', () => {
    expect(foldAccents('Zürich café ﬁnal Ångström')).toBe('Zurich cafe final Angstrom');
    expect(foldAccents('naïve')).toBe('naive');
  });

  it('gives what NFKD without marks gives, for ASCII and any other text', () => {
    const words = fc.oneof(
      fc.string({ unit: 'binary-ascii' }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('résumé', 'Ｆｕｌｌｗｉｄｔｈ', 'x\u0301', '²', 'Æsir', 'plain'),
    );
    fc.assert(
      fc.property(words, (w) => foldAccents(w) === folded(w)),
      { numRuns: 2000, seed: 19 },
    );
  });
});

describe('processTerm', () => {
  it('lowers, folds, drops possessives and stopwords, and stems plurals', () => {
    expect(processTerm('Éclairs')).toBe('eclair');
    expect(processTerm('Kugelman’s')).toBe('kugelman');
    expect(processTerm('The')).toBeNull();
    expect(queryTerms('Policies of Zürich banks')).toEqual(['policy', 'zurich', 'bank']);
  });
});
