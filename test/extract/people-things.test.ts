/**
 * extractPeople: firms by a ranked apposition or "of <Place> Ltd", and names of things named after
 * a place or a make (issue #16, helper i16h). Every sentence is our own; each case has a person
 * beside it who must stay.
 */
import { describe, expect, it } from 'vitest';
import { personNames as persons } from '../helpers/paragraphs.js';

describe('firms and things that are no person (issue #16, i16h)', () => {
  it('a name given a ranked firm’s noun in apposition is a firm; a person’s noun keeps a person', () => {
    expect(persons(['Harlan Beck, the largest U.S. zinc producer, said it would close two mines.'])).toEqual([]);
    expect(persons(['Orrin Vale, a leading exporter of rice, said prices were firm.'])).toEqual([]);
    expect(persons(['Orrin Vale, the third-largest Canadian insurer, raised its dividend.'])).toEqual([]);
    expect(
      persons([
        'Marta Quill, a leading film producer, said the budget was tight.',
        'Tobias Renner, the largest shareholder, rejected the bid.',
        'Ines Corwin, a leading analyst, said rates would fall.',
      ]),
    ).toEqual(['Ines Corwin', 'Marta Quill', 'Tobias Renner']);
  });

  it('a name before "of <Place> Ltd" is the firm’s, and the person after the firm stays', () => {
    expect(persons(['Russell Whitcombe of Canada Ltd economist Priya Nair said rates would rise.'])).toEqual(['Priya Nair']);
    expect(persons(['Priya Nair of Halden Ltd said rates would rise.'])).toEqual(['Priya Nair']);
  });

  it('a name before a rocket’s, a crop’s or a site’s noun is the thing’s; a role after the noun is a person’s', () => {
    expect(
      persons([
        'A Vega Meridian rocket lifted off on Friday.',
        'Recent Costa Brava crop estimates were cut.',
        'Barges unload at Pont Ravel riverside port complex.',
        'The road links Port Ellis on the Atlantic coast with Villa Serena on the Pacific Coast.',
        'Ruth Calloway, the Pont Ravel plant manager, said Tomas Vidal plant manager since May would stay.',
      ]),
    ).toEqual(['Ruth Calloway', 'Tomas Vidal']);
  });

  it('a person named by a title elsewhere in the document is still a person', () => {
    expect(persons(['The Elena Markov terminal opened on Monday.', 'Mrs Elena Markov, the founder, cut the ribbon.'])).toEqual([
      'Elena Markov',
    ]);
  });

  it('a name after a ship’s noun or flag is the ship; a captain named beside it stays', () => {
    expect(
      persons([
        'The Soviet freighter Ivan Petrovsky sailed on Monday and the Panamanian-registered Sea Falcon was hit, said Olaf Berg.',
        'Ship captain Ingrid Solberg said the tanker Marta Lind had left port.',
      ]),
    ).toEqual(['Ingrid Solberg', 'Olaf Berg']);
  });

  it('a firm named after people whose first word reads as a role or a title is the firm, not its second word', () => {
    expect(
      persons([
        'Dean Witter analyst Karen Osgood said sales rose, and Judge Harriet Vale agreed with Merrill Lynch Commodity Marketing Vice President Tom Ardley.',
      ]),
    ).toEqual(['Harriet Vale', 'Karen Osgood', 'Tom Ardley']);
  });

  it('two title words joined by a hyphen are one title before the name', () => {
    expect(persons(['Kestrelbank Vice-President Henrike Albers said rates would stay, as did Acme Vice-Chairman Jon Pell.'])).toEqual([
      'Henrike Albers',
      'Jon Pell',
    ]);
  });

  it('a function word that opens a sentence is no part of the name after it', () => {
    expect(
      persons([
        'Should Vexaco win, Mara Ostrow said, the shares would rise. Vexaco is big.',
        'Neither Dunmore nor his aides would comment, said Mara Ostrow. Dunmore said no.',
      ]),
    ).toEqual(['Mara Ostrow']);
  });
});
