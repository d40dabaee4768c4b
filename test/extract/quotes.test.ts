/** Quotation rules (issues #13, #15): each rule list and its rules, on sentences written for these tests. */
import { describe, expect, it } from 'vitest';
import { extractPeople } from '../../src/extract/people/index.js';
import { extractQuotes } from '../../src/extract/quotes/index.js';
import { ATTRIBUTION_RULES, REPORTED_RULES } from '../../src/extract/quotes/rules.js';
import { SEGMENT_RULES, readSubject } from '../../src/extract/quotes/subject.js';
import { namesIn, TITLE_FORMS } from '../../src/extract/quotes/speaker.js';
import type { QuoteFact } from '../../src/extract/types.js';
import { givenNameGender } from '../../src/extract/lexicon.js';
import { splitSentences } from '../../src/split/index.js';
import type { ParsedDoc } from '../../src/types.js';

/** A document from paragraphs. */
function doc(paragraphs: string[]): ParsedDoc {
  return {
    meta: { id: 't', file: 't.md', title: 'T', metadata: {}, hash: 'x', format: 'md' },
    paragraphs: paragraphs.map((text, i) => ({ n: i + 1, text, heading: false, sentences: splitSentences(text) })),
  };
}

function quotes(paragraphs: string[]): QuoteFact[] {
  const d = doc(paragraphs);
  return extractQuotes(d, extractPeople(d));
}

/** [first words of the quote, speaker] for each quotation. */
function speakers(paragraphs: string[]): [string, string | null][] {
  return quotes(paragraphs).map((q) => [q.text.split(/\s+/).slice(0, 3).join(' '), q.speaker]);
}

describe('rule lists', () => {
  it('name every rule once', () => {
    for (const rules of [ATTRIBUTION_RULES, REPORTED_RULES, SEGMENT_RULES]) {
      const names = rules.map((r) => r.name);
      expect(names.every((n) => /^[a-z]+(?:-[a-z]+)*$/.test(n))).toBe(true);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

describe('names in a stretch (namesIn)', () => {
  // The name pattern looks for a capital first (speaker.ts): a title that did not start with one
  // would no longer be found before a name.
  it('finds every speaker title, as written, before a name', () => {
    expect(TITLE_FORMS.length).toBeGreaterThan(20);
    for (const t of TITLE_FORMS) {
      expect(t).toMatch(/^\p{Lu}/u);
      const hits = namesIn(`on the quay ${t} Orla Quennell waved`);
      expect(hits.map((h) => [h.title, h.name])).toContainEqual([t, 'Orla Quennell']);
    }
  });

  it('starts a name only after a character that is no letter, digit or hyphen, with offsets into the text', () => {
    const text = 'Talks (Orla Quennell) ended;Dr Ivo Brandt left, x-Ray Tomes and 4Kal Omer did not.';
    expect(namesIn(text).map((h) => [h.name, text.slice(h.start, h.end)])).toEqual([
      ['Talks', 'Talks'],
      ['Orla Quennell', 'Orla Quennell'],
      ['Ivo Brandt', 'Dr Ivo Brandt'],
      ['Tomes', 'Tomes'],
      ['Omer', 'Omer'],
    ]);
  });
});

describe('segment rules (readSubject)', () => {
  it('reads a name before the verb, with its appositive as the role', () => {
    expect(readSubject('Marta Lindqvist, senior fellow at the Baltic Institute,', true)).toMatchObject({
      kind: 'name',
      text: 'Marta Lindqvist',
      role: 'senior fellow at the Baltic Institute',
    });
  });
  it('reads a name after the verb, with the role before it', () => {
    expect(readSubject('fisheries inspector Tomas Brandt', false)).toMatchObject({
      kind: 'name',
      text: 'Tomas Brandt',
      role: 'fisheries inspector',
    });
  });
  it('reads pronouns, descriptions and statements', () => {
    expect(readSubject('she', true)).toMatchObject({ kind: 'pronoun', text: 'she' });
    expect(readSubject('the harbour master', true)).toMatchObject({ kind: 'definite', head: 'master' });
    expect(readSubject('a shipping analyst', true)).toMatchObject({ kind: 'indefinite' });
    expect(readSubject('the statement', true)).toMatchObject({ kind: 'statement' });
  });
  it('stops at a clause', () => {
    expect(readSubject('the delays they blame', true)).toBeNull();
    expect(readSubject('a report on the ferries of', true)).toBeNull();
  });
});

describe('attribution rules', () => {
  it('takes the speech verb after or before the quote, and a quote continuing the one before', () => {
    expect(
      speakers([
        '"The harbour will reopen on Monday morning," said Tomas Brandt, the port director.',
        'Marta Lindqvist told reporters: "We have not seen the final figures yet."',
        '"Nobody expected the storm to last this long," she said. "It caught the whole coast unprepared."',
      ]),
    ).toEqual([
      ['The harbour will', 'Tomas Brandt'],
      ['We have not', 'Marta Lindqvist'],
      ['Nobody expected the', 'Marta Lindqvist'],
      ['It caught the', 'Marta Lindqvist'],
    ]);
  });
  it('leaves a quote unattributed when nothing names its speaker', () => {
    expect(
      speakers(['Boats stayed in port. "The waves were higher than the sea wall," the notice on the gate read in large letters.']),
    ).toEqual([['The waves were', null]]);
  });
});

describe('issue #15 families', () => {
  it('reads speech verbs beyond said/told/added, in both orders', () => {
    expect(
      speakers([
        'Officials met at the harbour. "The new pier opens in spring for every ferry line," Tomas Brandt tweeted on Sunday.',
        '"We were never consulted about the plan at all," shot back Marta Lindqvist, the ferry union leader.',
      ]),
    ).toEqual([
      ['The new pier', 'Tomas Brandt'],
      ['We were never', 'Marta Lindqvist'],
    ]);
  });
  it('takes the name before a description set off after it, not the description', () => {
    expect(speakers(['"The vote will be close, very close," Senator Edwin Harrow, Republican of Oregon, said.'])).toEqual([
      ['The vote will', 'Edwin Harrow'],
    ]);
  });
  it('takes the name after a role written after the verb', () => {
    expect(speakers(['"Nothing has been decided on the budget yet," said the mayor\'s press secretary, Ilona Vartanen.'])).toEqual([
      ['Nothing has been', 'Ilona Vartanen'],
    ]);
  });
  it('reads a roundup line: name, outlet, colon, quote', () => {
    expect(speakers(['Rosa Delacroix, The Harbour Gazette: "The port has never looked this busy in winter."'])).toEqual([
      ['The port has', 'Rosa Delacroix'],
    ]);
  });
  it('gives a partial quotation in reported speech to the subject of its sentence', () => {
    const q = quotes([
      'Tomas Brandt spoke to dockworkers on Monday.',
      'Tomas Brandt thanked the crews for "working through three nights of storms without a break."',
    ]);
    expect(q.map((x) => [x.speaker, x.attribution])).toEqual([['Tomas Brandt', 'subject']]);
  });
  it('lets a quote standing as its own sentence continue the reported speech just before it', () => {
    expect(
      speakers(['Or perhaps the ferry, harbour pilot Anders Mo says. "The channel silts up faster every year and nobody dredges it."']),
    ).toEqual([['The channel silts', 'Anders Mo']]);
  });
  it('gives a quote after a paragraph ending in a colon to the speaker that paragraph names', () => {
    expect(speakers(['Harbour pilot Anders Mo says:', '"The channel silts up faster every year and nobody dredges it."'])).toEqual([
      ['The channel silts', 'Anders Mo'],
    ]);
  });
  it('leaves a headline in capitals or a capitalised common word without a speaker', () => {
    expect(
      speakers([
        'FERRIES RETURN TO THE NORTHERN ROUTES - "Every crossing was full by noon on the first day."',
        'Storms are "the worst the coast has seen in a decade" this winter.',
      ]),
    ).toEqual([
      ['Every crossing was', null],
      ['the worst the', null],
    ]);
  });
});

describe('issue #15, second pass', () => {
  it('knows the pronoun a given name implies only where the name lists agree', () => {
    expect(givenNameGender('margaret')).toBe('she');
    expect(givenNameGender('robert')).toBe('he');
    // Names given to both sexes, and words that are no given name, imply nothing.
    expect(givenNameGender('kim')).toBeUndefined();
    expect(givenNameGender('leslie')).toBeUndefined();
    expect(givenNameGender('tory')).toBeUndefined();
  });
  it('gives "he" to the man just before when the latest person is a woman, and no further back', () => {
    const story = (gap: string[], woman: string) =>
      speakers([
        '"The bridge will be finished by May," said Robert Malenko, the site engineer.',
        ...gap,
        `${woman} said the costs had doubled since the spring. "We will not pay a penny more for steel," he said.`,
      ]);
    expect(story([], 'Margaret Osei')[1]).toEqual(['We will not', 'Robert Malenko']);
    // Two paragraphs between: too far to pass over her; "Mrs" says she is no "he".
    expect(story(['The river rose again on Tuesday.', 'Ferries stopped at noon.'], 'Mrs Osei')[1]).toEqual(['We will not', null]);
  });
  it('lets a given name only choose between people: with nobody else, the latest speaker keeps the pronoun', () => {
    // Given names mislead now and then (a man called Beryl): only a title or an earlier pronoun is firm.
    expect(speakers(['"Rates will stay where they are," said Margaret Osei. "We will not move before the summer," he said.'])[1]).toEqual([
      'We will not',
      'Margaret Osei',
    ]);
  });
  it('does not pass over a person whose given name tells nothing', () => {
    expect(
      speakers([
        '"The bridge will be finished by May," said Robert Malenko, the site engineer.',
        'Kim Osei said the costs had doubled since the spring.',
        '"We will not pay a penny more for steel," she said.',
      ])[1],
    ).toEqual(['We will not', 'Kim Osei']);
  });
  it('gives a pronoun after the quote to the person its own sentence opened with', () => {
    expect(
      speakers([
        '"The tide tables are wrong again this month," said Robert Malenko.',
        'In her speech, Osei declared the need for patience: "Nothing good is ever built in a hurry," she said.',
      ])[1],
    ).toEqual(['Nothing good is', 'Osei']);
  });
  it('lets a sentence opened by a given name alone take the next "she said"', () => {
    expect(
      speakers([
        '"The tide tables are wrong again this month," said Margaret Osei.',
        'Meanwhile Rosalind, who won the rowing award, spoke about her training. "Every morning on the water counts," she said.',
      ])[1],
    ).toEqual(['Every morning on', 'Rosalind']);
  });
  it('reads a verb written first, with the speaker after it', () => {
    expect(speakers(['Said Dorota Kwiatek, who sailed with the crew for years, "They never once turned back in a storm."'])).toEqual([
      ['They never once', 'Dorota Kwiatek'],
    ]);
    expect(speakers(['In other words, explained moderator Henrik Salo: "What does the harbour gain from this?"'])).toEqual([
      ['What does the', 'Henrik Salo'],
    ]);
  });
  it('reads the subject after a clause word before the verb', () => {
    expect(
      speakers([
        'The hearing grew so tense that Mayor Ilona Vartanen said, "We will adjourn until the facts are in."',
        'It was what Lukas Berger called "the slowest ferry in all of Europe" last year.',
      ]),
    ).toEqual([
      ['We will adjourn', 'Ilona Vartanen'],
      ['the slowest ferry', 'Lukas Berger'],
    ]);
  });
  it('does not hand a quote to an earlier verb when the verb introducing it has no readable subject', () => {
    expect(
      speakers(['After Marta Lindqvist said the plan was sound, somebody at the back of the hall shouted: "Then build it yourself!"']),
    ).toEqual([['Then build it', null]]);
  });
  it('gives a second partial quote joined without a subject of its own to the same speaker', () => {
    expect(
      speakers([
        'Edwin Harrow said the pier was "far too short for the new ferries" and that the council "has ignored every warning from the pilots."',
        'Lena Sorvik said the dredging "went far beyond the budget" and has "left the harbour shallower than before."',
      ]),
    ).toEqual([
      ['far too short', 'Edwin Harrow'],
      ['has ignored every', 'Edwin Harrow'],
      ['went far beyond', 'Lena Sorvik'],
      ['left the harbour', 'Lena Sorvik'],
    ]);
  });
  it('gives a "who" right before the verb to the name just before it', () => {
    expect(
      speakers([
        'The decision falls to Harbour Commissioner Lena Sorvik, who told reporters last week: "Nothing will be signed before the survey."',
      ]),
    ).toEqual([['Nothing will be', 'Lena Sorvik']]);
    // A place is nobody's antecedent.
    expect(
      speakers(['It came from a cousin of King Peter of Serbia, who said the match was "duty, duty, duty and nothing more."'])[0][1],
    ).not.toBe('Serbia');
  });
  it('reads a party tag after the name and a verb continuing an earlier one', () => {
    expect(
      speakers([
        'After the vote failed, Senator Paul Kettering (R) blamed the council for "endless delays on every single contract."',
        'Senate leader Paul Kettering, R-Ore., delivered a warning: "Fund the dredging or lose the port."',
        'The port denied it, but its lawyer, Antony Hale, told reporters the claim was absurd and added: "He never set foot on the dock."',
      ]).map(([, s]) => s),
    ).toEqual(['Paul Kettering', 'Paul Kettering', 'Antony Hale']);
  });
});
