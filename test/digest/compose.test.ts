/**
 * What a digest says, from the documents' own facts: leads, new people with roles, a timeline,
 * a quote — verbatim and cited — and its Discord messages within every limit, on crafted facts
 * and on samples of the BBC and Reuters corpora.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DateFact, DocFacts, PersonFact, QuoteFact } from '../../src/extract/types.js';
import { composeDigest, DIGEST_LIMITS, leadOf, personKey, personKeys, personLookupKeys, type Digest } from '../../src/digest/compose.js';
import { digestAnswer, renderDigestText } from '../../src/digest/render.js';
import { digestMessages, type ChannelMessage } from '../../src/render/discord.js';
import { embedLength } from '../../src/render/limits.js';
import { ingestDirectory, ingestFile, type IngestedDoc } from '../../src/ingest/index.js';
import { LIMITS } from '../../src/render/limits.js';
import { BBC, REUTERS, tempCorpus } from '../helpers/corpus.js';

const FROM = new Date('2026-01-01T00:00:00Z');
const TO = new Date('2026-01-02T00:00:00Z');

async function docsOf(files: Record<string, string>): Promise<IngestedDoc[]> {
  const { docs } = await ingestDirectory(tempCorpus(files), { maxBytes: 5 * 1024 * 1024 });
  return docs.sort((a, b) => a.meta.id.localeCompare(b.meta.id));
}

function withFacts(doc: IngestedDoc, facts: Partial<DocFacts>): IngestedDoc {
  return { ...doc, facts: { people: [], dates: [], quotes: [], ...facts } };
}

function person(
  name: string,
  roles: { role: string; paragraph: number; sentence: number }[],
  kind: 'person' | 'group' = 'person',
  mentions = 1,
): PersonFact {
  return {
    name,
    kind,
    aliases: [],
    roles,
    mentions: Array.from({ length: mentions }, () => ({ paragraph: roles[0]?.paragraph ?? 1, start: 0, end: name.length, surface: name })),
  };
}

/** Every rule Discord applies to a channel message. */
export function expectWithinLimits(m: ChannelMessage): void {
  expect(m.allowedMentions).toEqual({ parse: [] });
  expect((m.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  expect(m.content || m.embeds.length).toBeTruthy();
  let total = 0;
  for (const e of m.embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect((e.description ?? '').length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.embedFields);
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.title || e.description).toBeTruthy();
    total += embedLength(e);
  }
  expect(total).toBeLessThanOrEqual(LIMITS.embedsTotal);
}

const P1 = 'The council met on Monday.';
const P2 = 'Mayor Jane Okafor, the city’s chief executive, said the bridge would reopen on 3 March 2026. Engineers agreed.';
const P3 = '“We will not let this bridge fall into the river again, whatever it costs the city,” said Jane Okafor, the mayor.';

describe('composeDigest on crafted facts', () => {
  it('lists people first seen in the window with their fullest role and the sentence that gives it', async () => {
    const [doc] = await docsOf({ 'a.md': `---\ntitle: Bridge\n---\n\n${P1}\n\n${P2}\n\n${P3}\n` });
    const d = withFacts(doc, {
      people: [
        person(
          'Jane Okafor',
          [
            { role: 'Mayor', paragraph: 2, sentence: 0 },
            { role: 'the city’s chief executive', paragraph: 2, sentence: 0 },
          ],
          'person',
          3,
        ),
        person('City Council', [{ role: 'the council', paragraph: 1, sentence: 0 }], 'group', 5),
        person('Old Name', [{ role: 'engineer', paragraph: 2, sentence: 1 }]),
      ],
    });
    const digest = composeDigest({ docs: [d], total: 1, from: FROM, to: TO, isNewPerson: (keys) => !keys.includes(personKey('Old Name')) });
    expect(digest.people.map((p) => [p.name, p.role])).toEqual([
      ['Jane Okafor', 'the city’s chief executive'],
      ['City Council', 'the council'],
    ]);
    expect(digest.people[0].excerpt).toBe('Mayor Jane Okafor, the city’s chief executive, said the bridge would reopen on 3 March 2026.');
    expect(digest.people[0].citation).toMatchObject({ title: 'Bridge', paragraph: 2 });
  });

  it('knows a person by name, aliases and (for people) surname', () => {
    expect(personKeys(person('Ahmad Vahidi', []))).toEqual(['ahmad vahidi', '~vahidi']);
    expect(personKeys({ ...person('Islamic Revolutionary Guard Corps', [], 'group'), aliases: ['IRGC'] })).toEqual([
      'islamic revolutionary guard corps',
      'irgc',
    ]);
    expect(personKeys(person('Vahidi', []))).toEqual(['vahidi', '~vahidi']);
    // Looked up by surname only when the surname is all there is.
    expect(personLookupKeys(person('Vahidi', []))).toEqual(['vahidi', '~vahidi']);
    expect(personLookupKeys(person('Jane Johnson', []))).toEqual(['jane johnson']);
  });

  it('a person named in two new documents is listed once', async () => {
    const docs = await docsOf({ 'a.md': `---\ntitle: A\n---\n\n${P2}\n`, 'b.md': `---\ntitle: B\n---\n\n${P2}\n` });
    const facts = { people: [person('Jane Okafor', [{ role: 'Mayor', paragraph: 1, sentence: 0 }])] };
    const digest = composeDigest({ docs: docs.map((d) => withFacts(d, facts)), total: 2, from: FROM, to: TO });
    expect(digest.people).toHaveLength(1);
  });

  it('builds a short timeline: resolved dates only, at most two per document, oldest first', async () => {
    const [a, b] = await docsOf({
      'a.md': `---\ntitle: A\n---\n\nFirst on 1 May 2020. Second on 2 June 2021. Third on 3 July 2022.\n`,
      'b.md': `---\ntitle: B\n---\n\nLater on 4 August 2023. Someday, perhaps.\n`,
    });
    const date = (text: string, iso: string | null, sentence: number): DateFact => ({
      text,
      paragraph: 1,
      sentence,
      start: 0,
      end: 1,
      date: iso,
      precision: iso ? 'day' : 'vague',
      kind: 'absolute',
    });
    const digest = composeDigest({
      docs: [
        withFacts(a, {
          dates: [date('3 July 2022', '2022-07-03', 2), date('1 May 2020', '2020-05-01', 0), date('2 June 2021', '2021-06-02', 1)],
        }),
        withFacts(b, { dates: [date('Someday', null, 1), date('4 August 2023', '2023-08-04', 0)] }),
      ],
      total: 2,
      from: FROM,
      to: TO,
    });
    expect(digest.events.map((e) => e.date)).toEqual(['2020-05-01', '2022-07-03', '2023-08-04']);
    expect(digest.events[0].excerpt).toBe('First on 1 May 2020.');
    expect(digest.events[2].citation.title).toBe('B');
  });

  it('picks a whole, attributed quote; a speaker with a stated role wins', async () => {
    const [doc] = await docsOf({ 'a.md': `---\ntitle: Bridge\n---\n\n${P1}\n\n${P2}\n\n${P3}\n` });
    const q = (over: Partial<QuoteFact>): QuoteFact => ({
      text: 'We will not let this bridge fall into the river again, whatever it costs the city,',
      paragraph: 3,
      start: 1,
      endParagraph: 3,
      end: 80,
      sentence: 0,
      speaker: 'Jane Okafor',
      speakerKind: 'person',
      partial: false,
      ...over,
    });
    const digest = composeDigest({
      docs: [
        withFacts(doc, {
          quotes: [
            q({ partial: true, speakerRole: 'mayor' }),
            q({ speaker: null, speakerKind: 'unattributed' }),
            q({}),
            q({ speakerRole: 'the mayor' }),
          ],
        }),
      ],
      total: 1,
      from: FROM,
      to: TO,
    });
    expect(digest.quote).toMatchObject({ speaker: 'Jane Okafor', speakerRole: 'the mayor', citation: { paragraph: 3 } });
    expect(digest.quote!.excerpt).toBe(P3);
    const none = composeDigest({ docs: [withFacts(doc, { quotes: [q({ partial: true })] })], total: 1, from: FROM, to: TO });
    expect(none.quote).toBeUndefined();
  });

  it('a lead skips the title repeated as a paragraph and takes two sentences when the first is short', async () => {
    const [doc] = await docsOf({
      'a.md': `---\ntitle: Storm hits coast\n---\n\nStorm hits coast\n\nWinds rose. The storm hit the coast at dawn, flooding roads in three towns and closing the port until further notice.\n`,
    });
    const lead = leadOf(doc)!;
    expect(lead.text).toBe(
      'Winds rose. The storm hit the coast at dawn, flooding roads in three towns and closing the port until further notice.',
    );
    expect(doc.paragraphs[lead.paragraph - 1].text).toContain(lead.text);
  });

  it('lists at most the document limit and counts the rest, newest publication first', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 14; i++)
      files[`d${i}.md`] = `---\ntitle: Story ${i}\npublished: 2026-01-${String(i).padStart(2, '0')}\n---\n\nStory number ${i} happened.\n`;
    const docs = await docsOf(files);
    const digest = composeDigest({ docs, total: 30, from: FROM, to: TO });
    expect(digest.documents).toHaveLength(DIGEST_LIMITS.documents);
    expect(digest.documents[0].title).toBe('Story 14');
    expect(digest.total).toBe(30);
    expect(renderDigestText(digest)).toContain('… and 20 more');
    expect(digestAnswer(digest, 'preview').message).toBe('Showing 10 of 30 new documents.');
  });
});

describe('Discord messages', () => {
  it('text built to break things stays inert and within every limit', async () => {
    const evil = '@everyone <@&123> <@456> **bold** [click](https://evil.example) `code` > quote # head ||spoiler||';
    const long = `${evil} ${'word '.repeat(1400)}`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 25; i++)
      files[`e${i}.md`] =
        `---\ntitle: "${evil} ${'T'.repeat(300)}"\nsource: "@here wire"\nurl: "https://example.com/a_(b)"\n---\n\n${long}\n`;
    const docs = (await docsOf(files)).map((d) =>
      withFacts(d, {
        people: Array.from({ length: 30 }, (_, i) =>
          person(`@everyone Person${i} ${'X'.repeat(200)}`, [{ role: long.slice(0, 500), paragraph: 1, sentence: 0 }]),
        ),
        dates: Array.from({ length: 5 }, (_, i) => ({
          text: evil,
          paragraph: 1,
          sentence: 0,
          start: 0,
          end: 5,
          date: `2020-01-0${i + 1}`,
          precision: 'day' as const,
          kind: 'absolute' as const,
        })),
        quotes: [
          {
            text: long.slice(0, 300),
            paragraph: 1,
            start: 0,
            endParagraph: 1,
            end: 300,
            sentence: 0,
            speaker: '@everyone',
            speakerKind: 'person' as const,
            speakerRole: evil,
            partial: false,
          },
        ],
      }),
    );
    const digest = composeDigest({ docs, total: 25, from: FROM, to: TO });
    const messages = digestMessages(digest, 'Europe/London');
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expectWithinLimits(m);
      const text = JSON.stringify(m);
      expect(text).not.toMatch(/@everyone|@here|<@&123>|<@456>/);
      expect(text).not.toContain('[click](');
    }
    // A url that could break out of a markdown link is not used as one.
    expect(messages.flatMap((m) => m.embeds).some((e) => e.url)).toBe(false);
  });

  it('packs embeds in order, the heading first, and no message is empty', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++)
      files[`d${String(i).padStart(2, '0')}.md`] =
        `---\ntitle: Story ${i}\nurl: https://example.com/${i}\npublished: 2026-01-${String(i + 1).padStart(2, '0')}\n---\n\n${'A sentence of news. '.repeat(60)}\n`;
    const digest = composeDigest({ docs: await docsOf(files), total: 12, from: FROM, to: TO });
    const messages = digestMessages(digest, 'UTC');
    expect(messages[0].content).toMatch(/^📰 \*\*Daily digest: 12 new documents since 2026-01-01 00:00 UTC\*\*$/);
    const titles = messages.flatMap((m) => m.embeds.map((e) => e.title ?? e.description));
    expect(titles.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `Story ${11 - i}`));
    expect(titles[10]).toMatch(/and 2 more new documents/);
    expect(messages.flatMap((m) => m.embeds)[0].url).toBe('https://example.com/11');
    messages.forEach(expectWithinLimits);
  });

  it('nothing new: one line when the guild wants it, nothing when it skips', () => {
    const empty: Digest = { from: FROM.toISOString(), to: TO.toISOString(), total: 0, documents: [], people: [], events: [] };
    expect(digestMessages(empty, 'UTC', 'skip')).toEqual([]);
    const [m] = digestMessages(empty, 'UTC', 'post');
    expect(m.content).toBe('📭 Nothing new in the corpus since 2026-01-01 00:00 UTC.');
  });
});

/** Every n-th file of a corpus directory, ingested the way the app does. */
async function sample(root: string, every: number, limit: number): Promise<IngestedDoc[]> {
  const files = readdirSync(root)
    .filter((f) => /\.(md|txt)$/.test(f))
    .sort();
  const docs: IngestedDoc[] = [];
  for (let i = 0; i < files.length && docs.length < limit; i += every) {
    const r = await ingestFile(root, files[i], { maxBytes: 5 * 1024 * 1024 });
    if (r.ok) docs.push(r.doc);
  }
  return docs;
}

function paragraphText(docs: IngestedDoc[], c: { docId: string; paragraph: number }): string {
  return docs.find((d) => d.meta.id === c.docId)!.paragraphs[c.paragraph - 1].text;
}

describe.each([
  ['BBC', BBC, 37],
  ['Reuters', REUTERS, 317],
])('on a sample of the %s corpus', (_name, root, every) => {
  it('every document gets a verbatim lead; every excerpt is in the paragraph it cites; messages fit', async () => {
    const docs = await sample(root, every, 60);
    expect(docs.length).toBeGreaterThanOrEqual(50);
    let withLead = 0;
    for (const d of docs) {
      const lead = leadOf(d);
      if (!lead) continue;
      withLead++;
      expect(d.paragraphs[lead.paragraph - 1].text).toContain(lead.text);
      expect(lead.text.toLowerCase()).not.toBe(d.meta.title.toLowerCase());
      // Earnings tables lead with a line such as "Shr 22 cts vs 12 cts": short, but the real first line.
      expect(lead.text.length).toBeGreaterThan(10);
    }
    expect(withLead / docs.length).toBeGreaterThanOrEqual(0.95);

    const digest = composeDigest({ docs, total: docs.length, from: FROM, to: TO });
    for (const p of digest.people)
      expect(paragraphText(docs, { docId: p.citation.docId, paragraph: p.citation.paragraph })).toContain(p.excerpt);
    for (const e of digest.events)
      expect(paragraphText(docs, { docId: e.citation.docId, paragraph: e.citation.paragraph })).toContain(e.excerpt);
    if (digest.quote) {
      expect(paragraphText(docs, { docId: digest.quote.citation.docId, paragraph: digest.quote.citation.paragraph })).toContain(
        digest.quote.excerpt,
      );
    }
    expect(digest.events.length).toBeLessThanOrEqual(DIGEST_LIMITS.events);
    expect(digest.people.length).toBeLessThanOrEqual(DIGEST_LIMITS.people);
    digestMessages(digest, 'America/New_York').forEach(expectWithinLimits);
  });
});
