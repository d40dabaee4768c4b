/**
 * extractPeople: more families of names that are no person, or a person's name padded (issue #16,
 * helper i16i). Every sentence is our own; each case has a person beside it who must stay.
 */
import { describe, expect, it } from 'vitest';
import { extractPeople } from '../../src/extract/people/index.js';
import { personNames as persons, paragraphsDoc as doc } from '../helpers/paragraphs.js';

describe('works and places named like people (issue #16, i16i)', () => {
  it('a name before a colon or a dash and "The" with a capital is a work with its subtitle', () => {
    expect(
      persons([
        'Molly Tarrant: The Winter Years topped the chart, ahead of the stage show Ned Calloway - The Musical.',
        'Its director, Ruth Penhale, said: "The crowds came early."',
        'Coach Dan Whitlow: "The lads were superb."',
      ]),
    ).toEqual(['Dan Whitlow', 'Ruth Penhale']);
  });

  it("a year's possessive before a name makes it a work; a person's possessive does not", () => {
    expect(
      persons([
        "Her films include 1987's Harriet Vane and 2001's Edwin Marsh, both made with Tom Keller.",
        "Tom Keller's Sophie Lang, a singer, said so.",
      ]),
    ).toEqual(['Sophie Lang', 'Tom Keller']);
  });

  it('a foreign article opening a name after a possessive is a work or a place, unless the document names a person so', () => {
    expect(persons(["He staged Bellini's La Pellegrina and toured Turin's La Fenicia with Anna Rossetti."])).toEqual(['Anna Rossetti']);
    expect(persons(['Marie-Claire Le Brun leads the party.', "France's Le Brun said the vote was close."])).toEqual([
      'Marie-Claire Le Brun',
    ]);
  });
});

describe('characters (issue #16, i16i)', () => {
  it('a name after "the role of", or played "in" a work, is a character; a rival played "in the final" stays', () => {
    expect(
      persons([
        'Kane took the role of Dale Morrow, will be playing Lottie Brennan in Summer Rain and is playing Ned Lamb in a remake.',
        'Ruth Marsh will play Tom Keller in the final and Sam Ives in Sydney.',
      ]),
    ).toEqual(['Ruth Marsh', 'Sam Ives', 'Tom Keller']);
  });

  it('a real person played in a biopic stays when the document names them otherwise', () => {
    expect(persons(['The tycoon Ben Carver died in 1976.', 'Kane is playing Ben Carver in The Flyer.'])).toEqual(['Ben Carver']);
  });
});

describe('names kept whole (issue #16, i16i)', () => {
  it('a month that is also a surname stays in the name after a given name, unless a day follows it', () => {
    expect(persons(['Guitarist Rowan May has said he will tour.', 'The pact was signed by Colin Hallett May 5.'])).toEqual([
      'Colin Hallett',
      'Rowan May',
    ]);
  });

  it('a knight or dame named in full with no other evidence is a person, and "Sir <given name>" links to the full name', () => {
    const people = extractPeople(
      doc(['Sir Walter Brinley found a chain of events, and Dame Ada Penrose agreed.', 'On Monday Sir Walter said the report was final.']),
    ).filter((p) => p.kind === 'person');
    expect(people.map((p) => p.name).sort()).toEqual(['Dame Ada Penrose', 'Sir Walter Brinley']);
    expect(people.find((p) => p.name === 'Sir Walter Brinley')?.mentions.map((m) => m.surface)).toEqual([
      'Sir Walter Brinley',
      'Sir Walter',
    ]);
  });

  it('a nationality in the plural before a list of full names is no part of the first name', () => {
    expect(persons(['The finalists are Americans Jake Holloway and Tim Bracken.'])).toEqual(['Jake Holloway', 'Tim Bracken']);
    expect(persons(['Kenyans Peter Kiprono and Sarah Chebet led the race.'])).toEqual(['Peter Kiprono', 'Sarah Chebet']);
    // A team's plural too; a given name or a surname ending in "s" before a full name is left alone.
    // An article opening a place's name is no plural: "Los Angeles Sevens" keeps its article.
    expect(persons(['They won the Los Angeles Sevens and played on the Las Vegas Strip.'])).toEqual([]);
    expect(persons(['He joins fellow Wallabies Jake Holloway and Tim Bracken in the pack.', 'Evans Rutto Kiprop won.'])).toEqual([
      'Evans Rutto Kiprop',
      'Jake Holloway',
      'Tim Bracken',
    ]);
  });
});
