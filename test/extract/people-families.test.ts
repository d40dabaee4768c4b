/**
 * extractPeople: families of names that are no person, or a person's name cut short (issue #16,
 * helper i16g). Every sentence is our own; each case has a person beside it who must stay.
 */
import { describe, expect, it } from 'vitest';
import { extractPeople } from '../../src/extract/people/index.js';
import { personNames as persons, paragraphsDoc as doc } from '../helpers/paragraphs.js';

describe('names that are no person: products, firms, press, places, characters, groups (issue #16, i16g)', () => {
  it('a maker’s model before a product noun, or listed after one, is a product; a person beside it stays', () => {
    expect(
      persons([
        "The plant will build Vortex's Grand Rapids and Vortex Comet two-door sedans from May.",
        'Pacific Motors extended its rebates on Roland Avenir, Esprit and GTB models and Kestrel Apache, Navajo and Sioux to June 1.',
        'Marta Lindqvist models for Pacific Motors, and Helen Penhale sold the trucks.',
      ]),
    ).toEqual(['Helen Penhale', 'Marta Lindqvist']);
  });

  it('a firm cut at a comma before "Y and Co" is the firm, whatever role stands before it', () => {
    expect(persons(['The board said its adviser Brandt, Kessel and Co had found the offer inadequate.'])).toEqual([]);
    expect(persons(['Underwriters included Harlow, Finch & Co Inc and Tomas Brandt, a partner at another bank.'])).toEqual([
      'Tomas Brandt',
    ]);
    expect(persons(['"Prices will fall," said Tomas Brandt, Brandt and Co chairman.'])).toEqual(['Tomas Brandt']);
  });

  it('a name ending in a periodical’s word, or named by "the official", is the publication', () => {
    expect(
      persons([
        'The official Canton Review accused the West of delay, and the Harbour Monthly agreed.',
        'The official Velkaya said trade would grow.',
        'Agnes Review-Smith, an editor, said the official figures were wrong, as did the official Dana Whitlow.',
      ]),
    ).toEqual(['Agnes Review-Smith', 'Dana Whitlow']);
  });

  it('names listed after a site’s noun and "at" or "in" are places; a worker named at a site stays', () => {
    expect(
      persons([
        'The tax-free zones include sites at Porto Brava and Villa Serena.',
        'The firm has plants in Nova Terra and Monte Lago and a depot near Punta Chica.',
        'A foreman at the plants, Ruth Calloway, said work at Porto Brava would resume.',
      ]),
    ).toEqual(['Ruth Calloway']);
  });

  it('fictional characters and a title cut at "and the … of" are no persons; actors and bands stay', () => {
    expect(
      persons([
        'Dev Mallory won best actor for his role as inventor Felix Quorn.',
        'The books follow the characters Tilly Bramwell and Otto Finch through school.',
        'Its biggest hit was Tobias Wren and the Castle of Thorns, ahead of Finding Home.',
        'The character actor Hugh Pellow joined Nina Vale and the Drifters of Soho on stage, with Tony Marsh and the Chancellor of the Exchequer watching.',
      ]),
    ).toEqual(['Dev Mallory', 'Hugh Pellow', 'Nina Vale', 'Tony Marsh']);
  });

  it('a name that is "one of" a group’s plural is a group; "one of the richest men" is said of a person', () => {
    const people = extractPeople(
      doc([
        'The winners join Five-Aces Gold which is one of the country’s few pro-gaming teams.',
        'Talks went on with Harrow Vance, one of the biggest brokers in the city.',
        'Selma Drury, one of the richest women in Europe, said she would stay.',
      ]),
    );
    expect(people.filter((p) => p.kind === 'person').map((p) => p.name)).toEqual(['Selma Drury']);
    expect(people.find((p) => p.name === 'Five-Aces Gold')?.kind).toBe('group');
  });
});

describe('names kept whole (issue #16, i16g)', () => {
  it('"Dr" before one word with no full name in the document stays in the name; with a full name the mention links to it', () => {
    expect(persons(['The rapper is producer Dr Spex’s latest find, and Spex says more will follow.'])).toEqual(['Dr Spex']);
    expect(persons(['Dr Hallam said the trial was over.', 'Colin Hallam, a surgeon, led it.'])).toEqual(['Colin Hallam']);
  });

  it('a nationality before a full name whose given name no list knows: the later "Mr X" links to it', () => {
    const people = extractPeople(
      doc([
        'The campaign is run by Australian Tarlyn Crossan, who ran two winning campaigns.',
        'But Mr Crossan said in a statement that he had never said so.',
      ]),
    );
    const crossan = people.filter((p) => p.kind === 'person');
    expect(crossan.map((p) => p.name)).toEqual(['Tarlyn Crossan']);
    expect(crossan[0].mentions.map((m) => m.surface)).toEqual(['Tarlyn Crossan', 'Crossan']);
  });

  it('a nationality before an unknown two-word name with no surname mention makes no person of it', () => {
    expect(persons(['Italian Fiat Vetro said sales rose.', 'Sales of Vetro glass fell.'])).toEqual([]);
  });
});
