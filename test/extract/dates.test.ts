/** Date extraction and resolution (issue #4): the seeds, non-dates, tense, precision, anchors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInterval, isoSpan, publicationSpan, thirdOf } from '../../src/extract/dates/calendar.js';
import { dayOf } from '../../src/extract/dates/calendar.js';
import { extractDates } from '../../src/extract/dates/index.js';
import type { DateFact } from '../../src/extract/types.js';
import { splitDocument } from '../../src/split/index.js';
import type { ParsedDoc } from '../../src/types.js';
import { AL_MONITOR, SEED_2025, seeds } from '../helpers/corpus.js';

/** A document of paragraphs, published when given (undefined → no publication date). */
function doc(published: string | undefined, ...paragraphs: string[]): ParsedDoc {
  return splitDocument(
    { id: 'x', file: 'x.md', title: 'X', ...(published ? { published } : {}), metadata: {}, hash: '', format: 'md' },
    paragraphs.map((text) => ({ text, heading: false, listItem: false })),
  );
}

const brief = (f: DateFact) => [f.text, f.date, f.precision];
const dates = (published: string | undefined, ...paragraphs: string[]) => extractDates(doc(published, ...paragraphs));
/** The one date fact whose text is `text`. */
function one(published: string | undefined, sentence: string, text: string): DateFact {
  const found = dates(published, sentence).filter((f) => f.text === text);
  expect(found, `${text} in “${sentence}” → ${JSON.stringify(dates(published, sentence).map(brief))}`).toHaveLength(1);
  return found[0];
}

// 2024-03-14 is a Thursday.
const THU = '2024-03-14T10:30:00Z';

describe('the seeds: every date expression, its value and its precision', () => {
  it('Al-Monitor, published 2022-02 (month only)', async () => {
    const c = await seeds();
    const d = c.docs[c.docIndex(AL_MONITOR)!];
    expect(d.facts.dates.map(brief)).toEqual([
      ['Feb. 25, 2020', '2020-02-25', 'day'], // the photo caption: a date, not the article's
      ['last week', '2022-01-24/2022-02-27', 'range'], // the week before some day of February 2022
      ['Jan. 25', '2022-01-25', 'day'],
      ['Feb. 2', '2022-02-02', 'day'],
      ['Feb. 2', '2022-02-02', 'day'],
      ['a week before Vahidi’s visit', '2022-01-17/2022-02-20', 'range'],
      ['in recent years', null, 'vague'],
      ['for now', null, 'vague'],
      ['recently', null, 'vague'],
      ['2015', '2015', 'year'],
      ['in the past', null, 'vague'],
      ['one week after the visit of the Saudi interior minister', '2022-01-24/2022-02-27', 'range'],
      ['recently', null, 'vague'],
      ['for decades', null, 'vague'],
      ['Since 2019', '2019-01/2022-02', 'range'],
    ]);
    const byText = new Map(d.facts.dates.map((f) => [f.text, f]));
    expect(byText.get('a week before Vahidi’s visit')).toMatchObject({
      kind: 'event-relative',
      anchor: 'Vahidi’s visit',
      offset: { amount: -1, unit: 'week' },
    });
    expect(byText.get('a week before Vahidi’s visit')!.note).toMatch(/last week/);
    expect(byText.get('one week after the visit of the Saudi interior minister')).toMatchObject({
      kind: 'event-relative',
      anchor: 'the visit of the Saudi interior minister',
    });
    expect(byText.get('last week')!.kind).toBe('relative');
    expect(byText.get('Jan. 25')!.kind).toBe('absolute');
  });

  it('the 2025 article, published 2025-08 (month only)', async () => {
    const c = await seeds();
    expect(c.docs[c.docIndex(SEED_2025)!].facts.dates.map(brief)).toEqual([
      ['recently', null, 'vague'],
      ['August 2025', '2025-08', 'month'],
      ['since 2024', '2024-01/2025-08', 'range'],
      ['Earlier this month', '2025-08', 'month'],
      ['over the past two years', '2023-08/2025-08', 'range'],
    ]);
  });

  it('offsets point at the words as written, in the paragraph text', async () => {
    const c = await seeds();
    for (const d of c.docs) {
      for (const f of d.facts.dates) {
        const p = d.paragraphs[f.paragraph - 1];
        expect(p.text.slice(f.start, f.end)).toBe(f.text);
        const s = p.sentences[f.sentence];
        expect(f.start >= s.start && f.end <= s.end).toBe(true);
      }
    }
  });
});

describe('not dates', () => {
  it.each([
    ['durations', 'A 70-hour operation was required after the two-day trip and a 48-hour strike.'],
    ['measures', 'They share a 900-kilometre border, a 600-mile frontier and a 1,200-km pipeline.'],
    ['counts', 'With 2.7 million citizens abroad, they signed 12 agreements covering 10%-15% of trade.'],
    ['amounts that look like years', 'It paid 2000 dlrs for 1990 tonnes, and trading stops at 1900 GMT; 1,987 shares changed hands.'],
    ['night vision and a bare now', 'The groups use night vision goggles and now recognise the threat.'],
    ['post-9/11', 'Joint efforts faltered due to post-9/11 conflicts in the region.'],
    ['may and march as verbs', 'Prices may fall as protesters march on the capital.'],
    ['Today as a name', "He told BBC Radio 4's Today programme that USA Today had the story."],
    ['names that begin like months', 'The cross-kick put in Mark Cueto after fouls on Marchena, Augustine Decker and Junior Octavio.'],
    ['"This Week", a programme', 'He appeared on This Week with the minister.'],
    ['"each Thursday", a recurring day', 'The market opens each Thursday.'],
    ['"two thousand", a count', 'Two thousand people marched.'],
    ['"a fall" in prices', 'Traders braced for a fall in prices.'],
    ['a half without its year (a match has halves too)', 'The striker scored twice in the first half.'],
  ])('%s', (_label, sentence) => {
    expect(dates(THU, sentence).map(brief)).toEqual([]);
  });

  it('two years are two years, not a span', () => {
    expect(dates(THU, 'It restated its 2000 and 2003 results.').map(brief)).toEqual([
      ['2000', '2000', 'year'],
      ['2003', '2003', 'year'],
    ]);
  });
});

describe('vague stays vague', () => {
  it.each(['recently', 'for decades', 'in recent years', 'for now', 'in the near future'])('%s', (phrase) => {
    const f = one(THU, `The two sides have talked ${phrase} about trade.`, phrase);
    expect(f).toMatchObject({ date: null, precision: 'vague' });
  });
});

describe('relative dates from a publication day', () => {
  it.each([
    ['Talks resumed yesterday in Geneva.', 'yesterday', '2024-03-13', 'day'],
    ['Talks resume today in Geneva.', 'today', '2024-03-14', 'day'],
    ['Today the talks resume in Geneva.', 'Today', '2024-03-14', 'day'],
    ['“Today we begin,” she said.', 'Today', '2024-03-14', 'day'],
    ['Talks resume tomorrow in Geneva.', 'tomorrow', '2024-03-15', 'day'],
    ['Exports fell last month.', 'last month', '2024-02', 'month'],
    ['Exports will rise next year.', 'next year', '2025', 'year'],
    ['The board meets this week.', 'this week', '2024-03-11/2024-03-17', 'week'],
    ['The board met last week.', 'last week', '2024-03-04/2024-03-10', 'week'],
    ['Output rose earlier this month.', 'earlier this month', '2024-03-01/2024-03-14', 'range'],
    ['Prices rose 3 pct over the past three years.', 'over the past three years', '2021-03-14/2024-03-14', 'range'],
    ['Exports have doubled since 2010.', 'since 2010', '2010-01-01/2024-03-14', 'range'],
    ['The plant opened three weeks ago.', 'three weeks ago', '2024-02-19/2024-02-25', 'week'],
    ['Shares fell 2 pct in March last year.', 'March last year', '2023-03', 'month'],
    ['The summit runs June 8-10 in Venice.', 'June 8-10', '2024-06-08/2024-06-10', 'range'],
    ['Sales were booked for March shipment.', 'March', '2024-03', 'month'],
    ['The two banks held talks in October and November 2004.', 'October', '2004-10', 'month'],
    ['Output fell from May to July 1987.', 'May', '1987-05', 'month'],
    ['Traders bought May/July soybeans at a premium.', 'July', '2024-07', 'month'],
    ['Output rose 2 pct in the October/December quarter.', 'October', '2023-10', 'month'],
  ])('%s', (sentence, text, date, precision) => {
    expect(one(THU, sentence, text)).toMatchObject({ date, precision });
  });

  it('a day without its year is the one nearest publication that the tense allows', () => {
    expect(one(THU, 'The plant closed on Dec. 3 after a fire.', 'Dec. 3').date).toBe('2023-12-03');
    expect(one(THU, 'The vote will be held on Dec. 3 in the capital.', 'Dec. 3').date).toBe('2024-12-03');
    expect(one(THU, 'The dividend is payable April 30 to holders of record April 15.', 'April 15').date).toBe('2024-04-15');
    expect(one(THU, 'The strike ended in January.', 'January').date).toBe('2024-01');
    expect(one(THU, 'The election is due in November.', 'November').date).toBe('2024-11');
    expect(one(THU, 'The contract would be terminated on July 31.', 'July 31').date).toBe('2024-07-31');
    // A verb that does not govern the date cannot send it most of a year into the past.
    expect(one(THU, 'The bonds will be redeemed at par plus accrued interest to, but not including, June 1.', 'June 1').date).toBe(
      '2024-06-01',
    );
    expect(one(THU, 'Lisbon proposed a preparatory meeting on May 20.', 'May 20').date).toBe('2024-05-20');
    // The reporting clause after a date is not its tense.
    expect(one(THU, 'The price cut takes effect on April 1, officials said.', 'April 1').date).toBe('2024-04-01');
  });
});

describe('tense', () => {
  it('"met on Tuesday" is the last Tuesday, "will meet on Tuesday" the next', () => {
    expect(one(THU, 'The ministers met on Tuesday in Geneva.', 'on Tuesday').date).toBe('2024-03-12');
    expect(one(THU, 'The ministers will meet on Tuesday in Geneva.', 'on Tuesday').date).toBe('2024-03-19');
    expect(one(THU, 'The ministers are due to meet Tuesday in Geneva.', 'Tuesday').date).toBe('2024-03-19');
  });

  it('each date takes the tense of its own verb', () => {
    const fs = dates(THU, 'The board said on Monday it would pay the dividend on Friday.');
    expect(fs.map(brief)).toEqual([
      ['on Monday', '2024-03-11', 'day'],
      ['on Friday', '2024-03-15', 'day'],
    ]);
  });

  it('"last" and "next" fix the direction, and a weekday without a tense is the last one', () => {
    expect(one(THU, 'Talks began last Thursday.', 'last Thursday').date).toBe('2024-03-07');
    expect(one(THU, 'The offer closes next Friday.', 'next Friday').date).toBe('2024-03-15');
    expect(one(THU, 'Minister Juan Perez on Monday in a speech at the IMF accused banks of delay.', 'on Monday').date).toBe('2024-03-11');
    // What is scheduled is ahead.
    expect(one(THU, 'The share offer, priced at 12 euros, is a one-for-four rights issue opening Monday.', 'Monday').date).toBe(
      '2024-03-18',
    );
    expect(one(THU, 'Fares rise 5 pct effective Saturday.', 'Saturday').date).toBe('2024-03-16');
    expect(one(THU, 'The minister will fly to Paris at the weekend.', 'at the weekend').date).toBe('2024-03-16/2024-03-17');
    expect(one(THU, 'Protesters gathered in the square at the weekend.', 'at the weekend').date).toBe('2024-03-09/2024-03-10');
    // The publication day itself: "said Thursday" in a Thursday article.
    expect(one(THU, 'The company said Thursday that sales rose.', 'Thursday').date).toBe('2024-03-14');
  });
});

describe('the precision actually known', () => {
  it('a month-only publication widens day-relative dates into ranges instead of inventing a day', () => {
    expect(one('2022-02', 'Talks resumed yesterday.', 'yesterday')).toMatchObject({ date: '2022-01-31/2022-02-27', precision: 'range' });
    expect(one('2022-02', 'The ministers met on Tuesday.', 'on Tuesday')).toMatchObject({
      date: '2022-02-01/2022-02-22',
      precision: 'range',
    });
    expect(one('2022-02', 'Exports fell last month.', 'last month')).toMatchObject({ date: '2022-01', precision: 'month' });
  });

  it('a year-only publication keeps dates at month or year precision', () => {
    expect(one('2019', 'Exports fell last year.', 'last year')).toMatchObject({ date: '2018', precision: 'year' });
    expect(one('2019', 'Exports fell last month.', 'last month')).toMatchObject({ date: '2018-12/2019-11', precision: 'range' });
  });

  it('without a publication date, relative dates are marked unresolved and absolute ones still resolve', () => {
    const fs = dates(
      undefined,
      'Time Warner said on Friday that profits jumped in 2004 from 2003, and it will report on Jan. 25 and next week.',
    );
    expect(fs.map((f) => [f.text, f.date, f.precision, f.kind])).toEqual([
      ['on Friday', null, 'relative', 'relative'],
      ['2004', '2004', 'year', 'absolute'],
      ['2003', '2003', 'year', 'absolute'],
      ['Jan. 25', null, 'relative', 'absolute'],
      ['next week', null, 'relative', 'relative'],
    ]);
    for (const f of fs.filter((x) => x.date === null)) expect(f.note).toMatch(/no publication date/);
    expect(one(undefined, 'Exports have doubled since 2010.', 'since 2010')).toMatchObject({ date: '2010/..', precision: 'range' });
  });
});

describe('relative to another event', () => {
  it('is resolved from the date the document gives that event', () => {
    const fs = dates(THU, 'The election was held on March 10 in the north.', 'Two days after the election, Smith resigned.');
    const f = fs.find((x) => x.kind === 'event-relative')!;
    expect(f).toMatchObject({ text: 'Two days after the election', anchor: 'the election', date: '2024-03-12', precision: 'day' });
    expect(f.note).toMatch(/March 10/);

    const gs = dates(THU, 'Ms Okafor visited Lagos on March 4.', 'A week after Okafor’s visit, the port reopened.');
    expect(gs.find((x) => x.kind === 'event-relative')).toMatchObject({
      text: 'A week after Okafor’s visit',
      anchor: 'Okafor’s visit',
      date: '2024-03-11',
      precision: 'day',
    });
  });

  it('is not tied to a dated sentence that lacks the event’s words', () => {
    const fs = dates(THU, 'The ministers met on March 10 in Rome.', 'Two days after the election, Smith resigned.');
    expect(fs.find((x) => x.kind === 'event-relative')).toMatchObject({ anchor: 'the election', date: null });
  });

  it('stays marked relative when the document does not date the event', () => {
    const f = one(THU, 'Three months before the Paris summit, the treaty was drafted.', 'Three months before the Paris summit');
    expect(f).toMatchObject({ kind: 'event-relative', anchor: 'the Paris summit', date: null, precision: 'relative' });
  });
});

describe('calendar', () => {
  it('formats a span at the precision it has', () => {
    const d = (s: string) => dayOf(...(s.split('-').map(Number) as [number, number, number]));
    expect(formatInterval({ start: d('2022-01-25'), end: d('2022-01-25') })).toEqual({ date: '2022-01-25', precision: 'day' });
    expect(formatInterval({ start: d('2022-02-01'), end: d('2022-02-28') })).toEqual({ date: '2022-02', precision: 'month' });
    expect(formatInterval({ start: d('2015-01-01'), end: d('2015-12-31') })).toEqual({ date: '2015', precision: 'year' });
    expect(formatInterval({ start: d('2023-08-01'), end: d('2025-08-31') })).toEqual({ date: '2023-08/2025-08', precision: 'range' });
    expect(formatInterval({ start: d('2024-03-11'), end: d('2024-03-17') })).toEqual({ date: '2024-03-11/2024-03-17', precision: 'week' });
    expect(formatInterval({ start: d('2019-01-01'), end: null })).toEqual({ date: '2019/..', precision: 'range' });
  });

  it('reads back every span it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 40000 }), fc.integer({ min: 0, max: 2000 }), (start, len) => {
        const { date } = formatInterval({ start, end: start + len });
        const back = isoSpan(date)!;
        expect(back.start).toBeLessThanOrEqual(start);
        expect(back.end).toBeGreaterThanOrEqual(start + len);
        expect(formatInterval(back).date).toBe(date);
      }),
    );
  });

  it('reads publication dates at their precision and refuses nonsense', () => {
    expect(publicationSpan('2022-02')).toEqual({ start: dayOf(2022, 2, 1), end: dayOf(2022, 2, 28) });
    expect(publicationSpan('1987-02-26T15:01:01Z')).toEqual({ start: dayOf(1987, 2, 26), end: dayOf(1987, 2, 26) });
    expect(publicationSpan('2022-13')).toBeUndefined();
    expect(publicationSpan('2022-02-30')).toBeUndefined();
    expect(publicationSpan('yesterday')).toBeUndefined();
  });
});

describe('any text', () => {
  it('never throws, and every fact points at its own words', () => {
    const word = fc.constantFrom(
      'on',
      'Tuesday',
      'last',
      'week',
      'since',
      '2019',
      'Jan.',
      '25',
      'May',
      'ago',
      'two',
      'days',
      'after',
      'the',
      'Vahidi’s',
      'visit',
      'will',
      'met',
      ',',
      '1987/88',
      'June/July',
      'recently',
      'x',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), fc.constantFrom(undefined, '2022', '2022-02', '2024-03-14'), (words, pub) => {
        const d = doc(pub, `${words.join(' ')}.`);
        for (const f of extractDates(d)) {
          expect(d.paragraphs[0].text.slice(f.start, f.end)).toBe(f.text);
          if (f.date) expect(isoSpan(f.date)).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});

// Issue #14. 2031-11-05 is a Wednesday.
const WED = '2031-11-05';
const full = (f: DateFact) => [f.text, f.date, f.precision, f.modifier ?? null];

describe('quarters and halves', () => {
  it.each([
    ['Brightwell Corp said third-quarter profit rose 12%.', 'third-quarter', '2031-07/2031-09'],
    ['Output fell in the fourth quarter of 2029.', 'the fourth quarter of 2029', '2029-10/2029-12'],
    ['Sales will recover in the first quarter.', 'the first quarter', '2032-01/2032-03'],
    // results still to be reported are the quarter just ended, not next year's
    ['Halden expects to report a third-quarter loss.', 'third-quarter', '2031-07/2031-09'],
    ['The index closed the second quarter of this year higher.', 'the second quarter of this year', '2031-04/2031-06'],
  ])('%s', (sentence, text, date) => {
    expect(brief(one(WED, sentence, text))).toEqual([text, date, 'quarter']);
  });

  it('halves with their year; the first two quarters are a half', () => {
    expect(brief(one(WED, 'Margins narrowed in the second half of 2028.', 'the second half of 2028'))).toEqual([
      'the second half of 2028',
      '2028-07/2028-12',
      'half',
    ]);
    expect(one(WED, 'Analysts expect losses through the first two quarters of 2033.', 'the first two quarters of 2033').date).toBe(
      '2033-01/2033-06',
    );
  });

  it('a fiscal period without its calendar is the calendar one, and says so', () => {
    const f = one(WED, 'Net rose in fiscal 2030’s second quarter.', 'fiscal 2030’s second quarter');
    expect(brief(f)).toEqual(['fiscal 2030’s second quarter', '2030-04/2030-06', 'quarter']);
    expect(f.note).toMatch(/fiscal/);
  });

  it('a quarter that ended on a given day is the three months to it', () => {
    expect(brief(one(WED, 'Kestrel lost $2 million in the quarter ended June 30.', 'the quarter'))).toEqual([
      'the quarter',
      '2031-04/2031-06',
      'quarter',
    ]);
    const fiscal = one(WED, 'Kestrel lost $2 million in the quarter ended Aug. 26.', 'the quarter');
    expect(fiscal.date).toBe('2031-05-27/2031-08-26');
    expect(fiscal.note).toMatch(/fiscal quarter/);
  });
});

describe('periods counted from the one a story reports on', () => {
  const story = [
    'Marlow Foods said third-quarter net income rose to $4 million from $3 million a year earlier.',
    'In the year-ago quarter, Marlow had sales of $20 million.',
    'The quarter included a gain of $1 million, after a weak second quarter.',
    'Sales in the latest quarter were $22 million, against $19 million in the 2030 period.',
    'For the nine months, net was $9 million, up from $7 million a year earlier.',
  ];
  const byText = (text: string) => dates(WED, ...story).filter((f) => f.text === text);

  it('"a year earlier", "the year-ago quarter" and "the 2030 period" are that quarter a year back', () => {
    expect(byText('a year earlier').map(brief)[0]).toEqual(['a year earlier', '2030-07/2030-09', 'quarter']);
    expect(brief(byText('the year-ago quarter')[0])).toEqual(['the year-ago quarter', '2030-07/2030-09', 'quarter']);
    expect(brief(byText('the 2030 period')[0])).toEqual(['the 2030 period', '2030-07/2030-09', 'quarter']);
    expect(byText('the year-ago quarter')[0].note).toMatch(/reports on.*third-quarter/);
  });

  it('"the quarter" and "the latest quarter" are the quarter reported, not a later contrast', () => {
    expect(byText('The quarter')[0].date).toBe('2031-07/2031-09');
    expect(byText('the latest quarter')[0].date).toBe('2031-07/2031-09');
  });

  it('beside a period of another length, "a year earlier" is the year before', () => {
    expect(byText('a year earlier').map((f) => f.date)).toEqual(['2030-07/2030-09', '2030']);
  });

  it('with no period reported, a period reference gets no date and a note', () => {
    const f = one(WED, 'In the year-ago quarter, Kestrel had sales of $5 million.', 'the year-ago quarter');
    expect(f.date).toBeNull();
    expect(f.note).toMatch(/no period/);
  });

  it('"a year ago" outside a results story stays a year before publication', () => {
    expect(brief(one(WED, 'The bridge was closed a year ago.', 'a year ago'))).toEqual(['a year ago', '2030', 'year']);
  });
});

describe('counted from the time the text speaks of', () => {
  it('"the following year", "two years later", "a year earlier" count from the last date named', () => {
    const fs = dates(WED, 'The plant opened in March 2015 and doubled its output the following year.', 'Two years later it closed.');
    expect(fs.map(brief)).toEqual([
      ['March 2015', '2015-03', 'month'],
      ['the following year', '2016', 'year'],
      ['Two years later', '2017-03', 'month'],
    ]);
    expect(fs[1].note).toMatch(/March 2015/);
  });

  it('without a date to count from, "the previous year" is unresolved, with a note', () => {
    const f = one(WED, 'Profit rose to 5 mln dlrs from 4 mln dlrs the previous year.', 'the previous year');
    expect(f.date).toBeNull();
    expect(f.note).toMatch(/does not date/);
  });

  it('a step smaller than the date named is not counted from it', () => {
    expect(one(WED, 'Shares rose in 2019 and fell three days later.', 'three days later').date).toBeNull();
  });

  it('"the day before X" beside a date is that date', () => {
    const f = one(WED, 'Sales peaked on May 4, the day before the strike began.', 'the day before the strike');
    expect(f.date).toBe('2031-05-04');
  });
});

describe('parts of periods', () => {
  it.each([
    ['The plant will reopen in early 2027.', 'early 2027', '2027-01/2027-04', 'year', 'early'],
    ['Prices peaked in mid-2026.', 'mid-2026', '2026-05/2026-08', 'year', 'mid'],
    ['The line will open late next year.', 'late next year', '2032-09/2032-12', 'year', 'late'],
    ['The deal will close by the end of the month.', 'the end of the month', '2031-11-21/2031-11-30', 'month', 'late'],
    ['Stocks rose at the end of March.', 'the end of March', '2031-03-21/2031-03-31', 'month', 'late'],
    ['Reserves were higher at end-June.', 'end-June', '2031-06-21/2031-06-30', 'month', 'late'],
    ['The merger should be completed by year-end.', 'year-end', '2031-09/2031-12', 'year', 'late'],
    ['Sales slowed in the early 1960s.', 'early 1960s', '1960/1962', 'decade', 'early'],
  ])('%s', (sentence, text, date, precision, modifier) => {
    expect(full(one(WED, sentence, text))).toEqual([text, date, precision, modifier]);
  });

  it('"at year end" in a report of figures is the last one', () => {
    expect(one('2031-02-10', 'Debt at year end was 4 billion dlrs.', 'year end').date).toBe('2030-09/2030-12');
  });

  it('thirds of a span follow its units', () => {
    const day = (s: string) => isoSpan(s)!;
    const third = (s: string, w: 'early' | 'mid' | 'late') => formatInterval(thirdOf(day(s) as { start: number; end: number }, w)).date;
    expect([third('2031', 'early'), third('2031', 'mid'), third('2031', 'late')]).toEqual([
      '2031-01/2031-04',
      '2031-05/2031-08',
      '2031-09/2031-12',
    ]);
    expect([third('2031-02', 'early'), third('2031-02', 'mid'), third('2031-02', 'late')]).toEqual([
      '2031-02-01/2031-02-09',
      '2031-02-10/2031-02-18',
      '2031-02-19/2031-02-28',
    ]);
    expect(third('1900/1999', 'late')).toBe('1966/1999');
    expect(third('2031-11-05', 'late')).toBe('2031-11-05');
  });
});

describe('seasons, decades, centuries', () => {
  it.each([
    ['Tourism recovered this summer.', 'this summer', '2031-06/2031-08', 'season'],
    ['Heating costs soared last winter.', 'last winter', '2030-12/2031-02', 'season'],
    ['The bridge froze in the winter of 2024.', 'the winter of 2024', '2024-12/2025-02', 'season'],
    ['Rents doubled in the 1970s.', '1970s', '1970/1979', 'decade'],
    ['Grunge peaked in the nineties.', 'nineties', '1990/1999', 'decade'],
    ['The manor dates from the 18th century.', '18th century', '1700/1799', 'century'],
  ])('%s', (sentence, text, date, precision) => {
    expect(brief(one(WED, sentence, text))).toEqual([text, date, precision]);
  });
});

describe('direction of a bare month, and future markers', () => {
  it.each([
    ['The festival returns this March.', 'this March', '2031-03'], // the publication year's, though past
    ['The probe will launch in February.', 'February', '2032-02'],
    ['The shares traded at $12 in June.', 'June', '2031-06'],
    ['The vote is due by January.', 'January', '2032-01'],
    ['In September, Halden announced plans to expand.', 'September', '2031-09'],
  ])('%s', (sentence, text, date) => {
    expect(one(WED, sentence, text).date).toBe(date);
  });

  it('"set to" points ahead', () => {
    expect(one(WED, 'The talks are set to resume on Monday.', 'on Monday').date).toBe('2031-11-10');
  });
});

describe('years spelled out', () => {
  it.each([
    ['Spending peaked in nineteen eighty-four.', 'nineteen eighty-four', '1984', 'year'],
    ['They planned for the year two thousand.', 'two thousand', '2000', 'year'],
    ['Prices fell in January nineteen ninety-seven.', 'January nineteen ninety-seven', '1997-01', 'month'],
    ['The estate was sold in nineteen hundred and six.', 'nineteen hundred and six', '1906', 'year'],
  ])('%s', (sentence, text, date, precision) => {
    expect(brief(one(WED, sentence, text))).toEqual([text, date, precision]);
  });
});

describe('false dates', () => {
  it('"today’s world" is the present age, not a day', () => {
    expect(dates(WED, 'Children in today’s world read less.').map(brief)).toEqual([['today', null, 'vague']]);
  });
});
