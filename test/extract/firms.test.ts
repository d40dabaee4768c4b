/** The corpus-wide firm mechanism, extraction side (issue #16): firm keys and weak people. */
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/extract/index.js';
import { paragraphsDoc as doc } from '../helpers/paragraphs.js';

describe('firm keys a document frames', () => {
  it('takes the words before a firm suffix or word, and their prefixes of two words or more', () => {
    const f = extractFacts(doc(['Shares of Quarlow Brisket Trading Corp rose on Monday after the results.']));
    expect(f.firms).toEqual(expect.arrayContaining(['quarlow brisket', 'quarlow brisket trading']));
    const g = extractFacts(doc(['The loan was arranged by Velmora Hask Assurance Society, which lends to farmers.']));
    expect(g.firms).toEqual(expect.arrayContaining(['velmora hask']));
  });

  it('reads "X and Co" and a name bracketed after a firm', () => {
    const f = extractFacts(doc(['The meat packer Ellery Vantner and Co cut prices.']));
    expect(f.firms).toContain('ellery vantner');
    const g = extractFacts(doc(['The Midland Grain Credit Corp (Tessa Grain) sold bonds on Tuesday.']));
    expect(g.firms).toEqual(expect.arrayContaining(['midland grain credit', 'tessa grain']));
  });

  it('takes no person before "of" a firm, and no prefix across "and"', () => {
    const f = extractFacts(doc(['Dorian Pelk of Hallow Ridge Mining Corp said output fell.']));
    expect(f.firms).not.toContain('dorian pelk');
    const g = extractFacts(doc(['The deal was signed by Wren Oakby and Tallis Fenn Bank on Friday.']));
    expect(g.firms).not.toContain('wren oakby');
  });

  it('one word before a suffix is no key', () => {
    expect(extractFacts(doc(['Brisko Corp said sales rose.'])).firms).not.toContain('brisko');
  });
});

describe('weak people', () => {
  it('marks a person whose only evidence is a verb after the name', () => {
    const f = extractFacts(doc(['Quarlow Brisket said on Monday that its profit rose.']));
    const p = f.people.find((x) => x.name === 'Quarlow Brisket');
    expect(p?.kind).toBe('person');
    expect(p?.weak).toBe(true);
  });

  it('a title or a role is more than weak; a given name is not (the index weighs it)', () => {
    const titled = extractFacts(doc(['Mr Quarlow Brisket said on Monday that profit rose.'])).people.find(
      (x) => x.name === 'Quarlow Brisket',
    );
    expect(titled).toBeDefined();
    expect(titled?.weak).toBeUndefined();
    const role = extractFacts(doc(['Quarlow Brisket, the finance minister, said prices rose.'])).people.find(
      (x) => x.name === 'Quarlow Brisket',
    );
    expect(role).toBeDefined();
    expect(role?.weak).toBeUndefined();
    const given = extractFacts(doc(['David Brisket said on Monday that prices rose.'])).people.find((x) => x.name === 'David Brisket');
    expect(given?.weak).toBe(true);
  });
});
