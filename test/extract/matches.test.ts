import { describe, expect, it } from 'vitest';
import { matchesOf } from '../../src/extract/matches.js';

/** What matchAll gives, to compare with: index and groups of every match. */
const viaMatchAll = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => [m.index, ...m]);
const viaMatchesOf = (re: RegExp, text: string) => matchesOf(re, text).map((m) => [m.index, ...m]);

describe('matchesOf', () => {
  it('finds what matchAll finds, empty matches and surrogate pairs included', () => {
    const cases: [RegExp, string][] = [
      [/\b(\d{4})\b/g, 'from 1987 to 1990, not 19999'],
      [/(?=(ab|b))/gi, 'xAbab'],
      [/x*/g, 'axxb'],
      [/x*/gu, 'a😀xb😀'],
      [/\p{Lu}\p{L}+/gu, 'Said Ödön Horváth to Zoë'],
    ];
    for (const [re, text] of cases) expect(viaMatchesOf(re, text)).toEqual(viaMatchAll(re, text));
  });

  it('starts from 0 and leaves lastIndex at 0', () => {
    const re = /a/g;
    re.lastIndex = 3;
    expect(matchesOf(re, 'aaaa')).toHaveLength(4);
    expect(re.lastIndex).toBe(0);
  });

  it('refuses a regex that is not global, as matchAll does', () => {
    expect(() => matchesOf(/a/, 'a')).toThrow(TypeError);
  });
});
