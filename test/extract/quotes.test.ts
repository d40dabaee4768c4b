/** Quotation rules (issues #13, #15): each rule list and its rules, on sentences written for these tests. */
import { describe, expect, it } from 'vitest';
import { extractPeople } from '../../src/extract/people/index.js';
import { extractQuotes } from '../../src/extract/quotes/index.js';
import { ATTRIBUTION_RULES, REPORTED_RULES } from '../../src/extract/quotes/rules.js';
import { SEGMENT_RULES, readSubject } from '../../src/extract/quotes/subject.js';
import type { QuoteFact } from '../../src/extract/types.js';
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
