/** extractPeople: the seed people and groups, and the same structures with other names. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPeople } from '../../src/extract/people/index.js';
import type { PersonFact } from '../../src/extract/types.js';
import { ingestDirectory, type IngestedDoc } from '../../src/ingest/index.js';
import { splitSentences } from '../../src/split/index.js';
import type { ParsedDoc } from '../../src/types.js';
import { AL_MONITOR, DATA, SEED_2025 } from '../helpers/corpus.js';

/** A document from paragraphs; a paragraph starting with "# " is a heading. */
function doc(paragraphs: string[], source?: string): ParsedDoc {
  return {
    meta: { id: 't', file: 't.md', title: 'T', source, metadata: {}, hash: 'x', format: 'md' },
    paragraphs: paragraphs.map((p, i) => {
      const heading = p.startsWith('# ');
      const text = heading ? p.slice(2) : p;
      return { n: i + 1, text, heading, sentences: heading ? [{ start: 0, end: text.length }] : splitSentences(text) };
    }),
  };
}

const byName = (people: PersonFact[], name: string) => people.find((p) => p.name === name);
const roles = (p?: PersonFact) => (p?.roles ?? []).map((r) => r.role);

let seedsCache: Promise<Map<string, IngestedDoc>> | undefined;
function seedDocs(): Promise<Map<string, IngestedDoc>> {
  seedsCache ??= ingestDirectory(DATA, { maxBytes: 5e6 }).then(({ docs }) => new Map(docs.map((d) => [d.meta.id, d])));
  return seedsCache;
}

/** The sentence a role or mention was found in. */
function sentenceOf(d: ParsedDoc, paragraph: number, sentence: number): string {
  const p = d.paragraphs[paragraph - 1];
  const s = p.sentences[sentence];
  return p.text.slice(s.start, s.end);
}

describe('extractPeople on the seeds', () => {
  const expected: [string, string, string[], string][] = [
    // doc, name, roles (each must be found), words of the sentence the first role is cited from
    [AL_MONITOR, 'Ahmad Vahidi', ['Iranian Interior Minister', 'a former commander of the Quds Force'], 'traveled to Islamabad last week'],
    [AL_MONITOR, 'Sheikh Rasheed Ahmed', ['Pakistan’s Interior Minister'], 'invited his counterpart Vahidi'],
    [AL_MONITOR, 'Qamar Javed Bajwa', ['Pakistan’s army chief', 'Gen.'], 'collective efforts were needed'],
    [AL_MONITOR, 'Ahmad Ali Goudarzi', ['Brig. Gen.', 'commander of the Iranian border guards'], 'Also present at the meetings'],
    [AL_MONITOR, 'Mohammad Ali Hosseini', ['Iranian Ambassador'], 'Also present at the meetings'],
    [AL_MONITOR, 'Mostafa Ghanbarpour', ['the Iranian military attache', 'Col.'], 'Also present at the meetings'],
    [AL_MONITOR, 'Prince Abdulaziz bin Saud bin Naif', ['Saudi Interior Minister'], 'was also invited to Islamabad'],
    [AL_MONITOR, 'Michael Kugelman', ['deputy director of the Asia Program at the Wilson Center in Washington'], 'told Al-Monitor'],
    [AL_MONITOR, 'Zeeshan Shah', ['political observer', 'financial analyst in Washington at the Finra Foundation'], 'told Al-Monitor'],
    [
      AL_MONITOR,
      'Alex Vatanka',
      ['director of the Iran Program at the Middle East Institute in Washington', 'author of a book on Iran-Pakistan ties'],
      'told Al-Monitor',
    ],
    [SEED_2025, 'Asim Munir', ['Pakistan’s Chief of Army Staff', 'Field Marshal'], 'telephone conversation'],
    [SEED_2025, 'Abdolrahim Mousavi', ['Iran’s Chief of Staff of the Armed Forces', 'Major General'], 'telephone conversation'],
    [SEED_2025, 'Masoud Pezeshkian', ['Iranian President'], 'two-day official trip'],
  ];
  it.each(expected)('%s: %s with every role, cited by paragraph and sentence', async (id, name, want, words) => {
    const d = (await seedDocs()).get(id)!;
    const p = byName(d.facts.people, name);
    expect(p, name).toBeDefined();
    expect(p!.kind).toBe('person');
    expect(roles(p).sort()).toEqual([...want].sort());
    const first = p!.roles.find((r) => r.role === want[0])!;
    const sentence = sentenceOf(d, first.paragraph, first.sentence);
    expect(sentence).toContain(words);
    expect(sentence).toContain(want[0]);
  });

  it('finds exactly the 13 people of the seeds, nobody else', async () => {
    const all = [...(await seedDocs()).values()].flatMap((d) => d.facts.people.filter((p) => p.kind === 'person').map((p) => p.name));
    expect(all.sort()).toEqual(expected.map((e) => e[1]).sort());
  });

  it('links surnames and partial names to the full name, with offsets into the paragraph', async () => {
    const d = (await seedDocs()).get(AL_MONITOR)!;
    const vahidi = byName(d.facts.people, 'Ahmad Vahidi')!;
    expect(vahidi.mentions.map((m) => m.surface)).toEqual(['Ahmad Vahidi', 'Vahidi', 'Vahidi', 'Vahidi', 'Vahidi', 'Vahidi']);
    expect(byName(d.facts.people, 'Sheikh Rasheed Ahmed')!.mentions.map((m) => m.surface)).toEqual(['Sheikh Rasheed Ahmed', 'Ahmed']);
    expect(byName(d.facts.people, 'Michael Kugelman')!.mentions.map((m) => m.surface)).toEqual(['Michael Kugelman', 'Kugelman']);
    for (const p of d.facts.people) {
      for (const m of p.mentions) expect(d.paragraphs[m.paragraph - 1].text.slice(m.start, m.end)).toBe(m.surface);
    }
  });

  it('finds the groups with their aliases', async () => {
    const docs = await seedDocs();
    const bla = byName(docs.get(SEED_2025)!.facts.people, 'Balochistan Liberation Army')!;
    expect(bla.kind).toBe('group');
    expect(bla.aliases).toContain('BLA');
    const jaish = byName(docs.get(SEED_2025)!.facts.people, 'Jaish al-Adl')!;
    expect(jaish.kind).toBe('group');
    expect(jaish.aliases).toEqual(['Jundallah']);
    const baloch = byName(docs.get(AL_MONITOR)!.facts.people, 'Baloch Liberation Army')!;
    expect(baloch.kind).toBe('group');
    expect(baloch.mentions).toHaveLength(2);
    for (const g of ['Wilson Center', 'Middle East Institute', 'Quds Force', 'Pakistani Taliban', 'Islamic Revolutionary Guard Corps']) {
      expect(byName(docs.get(AL_MONITOR)!.facts.people, g)?.kind, g).toBe('group');
    }
  });

  it('takes no outlet, heading, sentence opener, rank alone, country or place for a person or group', async () => {
    const names = [...(await seedDocs()).values()].flatMap((d) =>
      d.facts.people.flatMap((p) => [p.name, ...p.mentions.map((m) => m.surface)]),
    );
    for (const bad of [
      'Al-Monitor',
      'Meanwhile',
      'Recent',
      'Major',
      'Pakistan',
      'Iran',
      'Islamabad',
      'Tehran',
      'Riyadh',
      'Baluchistan',
      'Military Leadership Engagement',
      'Key Challenges',
      'Saudi Arabia',
      'Afghanistan',
    ]) {
      expect(names, bad).not.toContain(bad);
    }
  });
});

describe('extractPeople generalises to other names in the same structures', () => {
  it('titles before a name, with a possessor or a nationality', () => {
    const people = extractPeople(
      doc([
        'Brazilian Foreign Minister Carlos Almeida arrived in Lisbon on Monday. Kenya’s Finance Minister Njeri Otieno met him there.',
        'Almeida said the talks went well, and Otieno agreed.',
      ]),
    );
    expect(roles(byName(people, 'Carlos Almeida'))).toEqual(['Brazilian Foreign Minister']);
    expect(roles(byName(people, 'Njeri Otieno'))).toEqual(['Kenya’s Finance Minister']);
    expect(byName(people, 'Carlos Almeida')!.mentions).toHaveLength(2);
    expect(byName(people, 'Njeri Otieno')!.mentions.map((m) => m.surface)).toEqual(['Njeri Otieno', 'Otieno']);
  });

  it('a role after the name between commas, with coordinated roles split', () => {
    const people = extractPeople(
      doc(
        [
          'Laura Bennett, senior fellow at the Brookings Institution in Washington, told Reuters the deal was fragile.',
          'Tom Reyes, economic historian and senior lecturer at the University of Leeds, said prices would rise.',
        ],
        'Reuters',
      ),
    );
    expect(roles(byName(people, 'Laura Bennett'))).toEqual(['senior fellow at the Brookings Institution in Washington']);
    expect(roles(byName(people, 'Tom Reyes'))).toEqual(['economic historian', 'senior lecturer at the University of Leeds']);
    expect(people.map((p) => p.name)).not.toContain('Reuters');
    expect(byName(people, 'Brookings Institution')?.kind).toBe('group');
  });

  it('a semicolon list of titled people, a role before a name with a comma, and ranks', () => {
    const people = extractPeople(
      doc([
        'Attending were Lt. Gen. Hamid Karimi, head of the national guard; Turkish Ambassador Selim Aydin; and the French defence attache, Col. Pierre Lambert.',
      ]),
    );
    expect(roles(byName(people, 'Hamid Karimi')).sort()).toEqual(['Lt. Gen.', 'head of the national guard'].sort());
    expect(roles(byName(people, 'Selim Aydin'))).toEqual(['Turkish Ambassador']);
    expect(roles(byName(people, 'Pierre Lambert')).sort()).toEqual(['Col.', 'the French defence attache'].sort());
  });

  it('a role in dashes, given by surname, links to the full name', () => {
    const people = extractPeople(
      doc([
        'Central Bank Governor Peter Okafor resigned on Friday.',
        'Observers noted that Okafor — a former head of the treasury — had clashed with the cabinet.',
      ]),
    );
    const p = byName(people, 'Peter Okafor')!;
    expect(roles(p)).toEqual(['Central Bank Governor', 'a former head of the treasury']);
    expect(p.roles[1].paragraph).toBe(2);
  });

  it('a possessive role before a rank and a name', () => {
    const people = extractPeople(
      doc([
        'Egypt’s army chief, Gen. Tarek Saleh, and Jordan’s Chief of Staff of the Armed Forces, Major General Omar Haddad, spoke by phone.',
      ]),
    );
    expect(roles(byName(people, 'Tarek Saleh')).sort()).toEqual(['Egypt’s army chief', 'Gen.'].sort());
    expect(roles(byName(people, 'Omar Haddad')).sort()).toEqual(['Jordan’s Chief of Staff of the Armed Forces', 'Major General'].sort());
    expect(people.map((p) => p.name)).not.toContain('Major');
  });

  it('lower-case titles before a name (news style) and forms of address', () => {
    const people = extractPeople(
      doc([
        'Liberal leader Anna Fischer attacked the plan. Mr Dunmore, who chairs the committee, disagreed.',
        'Chelsea boss Marco Rossi said his side would recover.',
      ]),
    );
    expect(roles(byName(people, 'Anna Fischer'))).toEqual(['Liberal leader']);
    expect(roles(byName(people, 'Marco Rossi'))).toEqual(['Chelsea boss']);
    expect(byName(people, 'Dunmore')?.kind).toBe('person');
  });

  it('groups with an acronym or a former name, and "Sheikh"/"Prince" kept in the name', () => {
    const people = extractPeople(
      doc([
        'Fighters of the Kurdistan Workers Party (PKK) and of Hayat Tahrir al-Sham (formerly Nusra Front) were seen. The PKK denied it.',
        'Qatar’s Emir Sheikh Tamim Hamad met Interior Minister Prince Faisal bin Turki bin Abdullah. Hamad spoke first.',
      ]),
    );
    const pkk = byName(people, 'Kurdistan Workers Party')!;
    expect(pkk.kind).toBe('group');
    expect(pkk.aliases).toEqual(['PKK']);
    expect(pkk.mentions.map((m) => m.surface)).toEqual(['Kurdistan Workers Party', 'PKK', 'PKK']);
    expect(byName(people, 'Hayat Tahrir al-Sham')?.aliases).toEqual(['Nusra Front']);
    expect(roles(byName(people, 'Sheikh Tamim Hamad'))).toEqual(['Qatar’s Emir']);
    expect(byName(people, 'Sheikh Tamim Hamad')!.mentions).toHaveLength(2);
    expect(roles(byName(people, 'Prince Faisal bin Turki bin Abdullah'))).toEqual(['Interior Minister']);
  });

  it('no person from openers, headings, places, outlets, ranks alone or companies that speak', () => {
    const people = extractPeople(
      doc(
        [
          '# Regional Security Outlook',
          'Meanwhile, Sarah Connor said the border was quiet. Recent storms hit Spain and Portugal.',
          'Elsewhere, prices rose. Major roads were closed in New Delhi, the Daily Planet reported.',
          'Time Warner said profits rose; time will tell, said one analyst. Speaking to Daily Planet, Connor added more.',
        ],
        'Daily Planet',
      ),
    );
    const names = people.map((p) => p.name);
    expect(names).toContain('Sarah Connor');
    expect(byName(people, 'Sarah Connor')!.mentions).toHaveLength(2);
    for (const bad of [
      'Meanwhile',
      'Recent',
      'Spain',
      'Portugal',
      'Elsewhere',
      'Major',
      'New Delhi',
      'Daily Planet',
      'Regional Security Outlook',
      'Time Warner',
    ]) {
      expect(names, bad).not.toContain(bad);
    }
  });

  it('failure kinds found in the BBC sample, on sentences written for the test', () => {
    const people = extractPeople(
      doc([
        'The squad: Adams, Baker, Prince, Quayle, Roberts, Stone.',
        '"Profits held up," said Maria Vance, head of research at Norland Bank which advised the buyer.',
        'Danish Re said claims were modest. Later, the Northern Opera Company told reporters it would tour. Southern Plains states were flooded.',
        'Labour backbencher Ian Corbett and 2002 Italian Open champion Luca Ferri were there.',
      ]),
    );
    expect(roles(byName(people, 'Quayle'))).toEqual([]);
    expect(roles(byName(people, 'Maria Vance'))).toEqual(['head of research at Norland Bank']);
    const names = people.filter((p) => p.kind === 'person').map((p) => p.name);
    for (const bad of ['Danish Re', 'Northern Opera Company', 'Southern Plains']) expect(names, bad).not.toContain(bad);
    expect(roles(byName(people, 'Ian Corbett'))).toEqual(['Labour backbencher']);
    expect(roles(byName(people, 'Luca Ferri'))).toEqual(['Italian Open champion']);
  });

  it('more failure kinds from a second BBC sample: honorific alone, a pronoun after a comma, a sentence-initial noun before a name', () => {
    const people = extractPeople(
      doc([
        'Made a Dame, she went on to teach. Morgan, you are the best, he said.',
        'Goalkeeper Tomas Berg kept a clean sheet. The club praised Tomas Berg afterwards.',
        'Veteran film critic Ann Hale and investment chief Omar Said spoke.',
      ]),
    );
    expect(people.map((p) => p.name)).not.toContain('Dame');
    expect(roles(byName(people, 'Morgan'))).toEqual([]);
    expect(byName(people, 'Tomas Berg')?.mentions).toHaveLength(2);
    expect(people.map((p) => p.name)).not.toContain('Goalkeeper Tomas Berg');
    expect(roles(byName(people, 'Ann Hale'))).toEqual(['Veteran film critic']);
    expect(roles(byName(people, 'Omar Said'))).toEqual(['investment chief']);
  });

  it('failure kinds from the final BBC sample: employer before a role, "Bill" as a first name, parties, storms, all-caps companies', () => {
    const people = extractPeople(
      doc([
        'Sara Lind, Northbank chief economist, said rates would hold. Bill Hargreave, head of sales at the firm, agreed.',
        'The Social Democrats said the plan failed. Relief came after Hurricane Flora. ZQ Netlink told reporters it was secure.',
      ]),
    );
    expect(roles(byName(people, 'Sara Lind'))).toEqual(['Northbank chief economist']);
    expect(roles(byName(people, 'Bill Hargreave'))).toEqual(['head of sales at the firm']);
    expect(byName(people, 'Social Democrats')?.kind).toBe('group');
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Bill Hargreave', 'Sara Lind']);
    const more = extractPeople(
      doc([
        'Rhona Bell, spokeswoman for the Flood Relief Committee said it had acted. MPs on the Office of the Deputy Prime Minister committee met.',
      ]),
    );
    expect(more.map((p) => p.name)).not.toContain('Prime Minister');
    expect(roles(byName(more, 'Rhona Bell'))).toEqual(['spokeswoman for the Flood Relief Committee']);
  });

  it('a lower-case title widens over unknown words only where a noun phrase surely starts', () => {
    const people = extractPeople(
      doc([
        'Nothing was agreed, said ITV transport affairs editor Joan Pike. Talks were led by jazz trumpet player Leo Grant.',
        'Markets rose, said Delta’s chief operating officer Ravi Shah. The firm met sales director Anna Berg. He wanted to support prime minister Ivo Lind.',
      ]),
    );
    expect(roles(byName(people, 'Joan Pike'))).toEqual(['ITV transport affairs editor']);
    expect(roles(byName(people, 'Leo Grant'))).toEqual(['jazz trumpet player']);
    expect(roles(byName(people, 'Ravi Shah'))).toEqual(['Delta’s chief operating officer']);
    expect(roles(byName(people, 'Anna Berg'))).toEqual(['sales director']);
    expect(roles(byName(people, 'Ivo Lind'))).toEqual(['prime minister']);
    const more = extractPeople(
      doc([
        'After the deal with Kenya Mr Odhiambo spoke. The firm became Zeta Inc. Former Zeta chief executive Lars Holm will face trial.',
      ]),
    );
    expect(roles(byName(more, 'Odhiambo'))).toEqual([]);
    expect(roles(byName(more, 'Lars Holm'))).toEqual(['Former Zeta chief executive']);
    const plural = extractPeople(
      doc(["Nadia Ross' lawyer Tom Pratt said so, as did Wales' team physiotherapist Ann Lee. Ross stayed silent."]),
    );
    expect(roles(byName(plural, 'Tom Pratt'))).toEqual(["Nadia Ross' lawyer"]);
    expect(roles(byName(plural, 'Ann Lee'))).toEqual(["Wales' team physiotherapist"]);
    expect(byName(plural, 'Nadia Ross')!.mentions.map((m) => m.surface)).toEqual(['Nadia Ross', 'Ross']);
    const bracket = extractPeople(
      doc(['Rosa Diaz, Director General of the Port Traders Association (PTA), said trade slowed. Harbour Lights Limited said it agreed.']),
    );
    expect(roles(byName(bracket, 'Rosa Diaz'))).toEqual(['Director General of the Port Traders Association']);
    expect(byName(bracket, 'Harbour Lights Limited')?.kind).toBe('group');
  });

  it('companies that speak are groups, not people (Reuters style)', () => {
    const people = extractPeople(
      doc([
        'Harbor Freight Lines Inc said it would cut fares. Harbor Freight Lines said the cuts start Monday.',
        'Coastal Oil said profits fell. QRX, a maker of pumps, said orders rose.',
        'Spanish trade minister Ramon de la Fuente said Spain objected.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons).toEqual(['Ramon de la Fuente']);
    expect(roles(byName(people, 'Ramon de la Fuente'))).toEqual(['Spanish trade minister']);
    const harbor = byName(people, 'Harbor Freight Lines Inc')!;
    expect(harbor.kind).toBe('group');
    expect(harbor.mentions.map((m) => m.surface)).toEqual(['Harbor Freight Lines Inc', 'Harbor Freight Lines']);
  });

  it('handles odd input without throwing: empty, punctuation only, very long runs of capitals', () => {
    expect(extractPeople(doc([]))).toEqual([]);
    expect(extractPeople(doc(['—— ;; ,, “” ()']))).toEqual([]);
    const long = Array.from({ length: 400 }, (_, i) => `Word${i}`).join(' ');
    expect(() => extractPeople(doc([long, 'A B C D. E, F, G.']))).not.toThrow();
  });
});

describe('extractPeople on a BBC article it was not tuned on', () => {
  it('finds the people of a known article with their roles', () => {
    const file = path.resolve(DATA, '../../shared/corpus/bbc/politics-400.txt');
    const text = readFileSync(file, 'utf8')
      .split(/\n\s*\n/)
      .slice(1)
      .map((s) => s.trim())
      .filter(Boolean);
    const people = extractPeople(doc(text));
    expect(roles(byName(people, 'Michael Howard'))).toContain('Tory leader');
    expect(roles(byName(people, 'Charles Kennedy'))).toContain('Liberal Democrat leader');
    expect(byName(people, 'Tony Blair')?.kind).toBe('person');
  });
});

describe('people named without a role (issue #16)', () => {
  it('a given name then a surname is a person, whatever the sentence says of them', () => {
    const people = extractPeople(
      doc([
        'Tomasz Wierzbicki made sure of the win with a late goal.',
        'The lead changed hands twice before Gwendolyn Okafor finished the job.',
        'Wierzbicki was substituted after the goal.',
      ]),
    );
    expect(byName(people, 'Tomasz Wierzbicki')?.kind).toBe('person');
    expect(byName(people, 'Tomasz Wierzbicki')?.mentions.map((m) => m.surface)).toEqual(['Tomasz Wierzbicki', 'Wierzbicki']);
    expect(byName(people, 'Gwendolyn Okafor')?.roles).toEqual([]);
  });

  it('results lines: initials with a surname, and a name with a country in brackets', () => {
    const people = extractPeople(
      doc([
        'Kent 301 (K. Oyelaran 88, T. Brannigan 41; Q. Mabaso 5-60).',
        '1. Ilinca Vorobeva (Romania) 12.91',
        '2. Xolani Dube (South Africa) 13.02',
      ]),
    );
    const names = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['K. Oyelaran', 'T. Brannigan', 'Q. Mabaso', 'Ilinca Vorobeva', 'Xolani Dube']));
    expect(names).not.toContain('Kent');
  });

  it('a given name at a sentence start that the text also writes as a word is no evidence; a contraction is no lower-case word', () => {
    const people = extractPeople(
      doc([
        'Grant Thornfield is a firm the grant went to.',
        'Don Ashcombe, a trader at the exchange, said prices fell.',
        "Traders don't expect more.",
      ]),
    );
    expect(byName(people, 'Grant Thornfield')).toBeUndefined();
    expect(byName(people, 'Don Ashcombe')?.kind).toBe('person');
  });

  it('words that are more often ordinary words are no given names, and places or organisations are no surnames', () => {
    const people = extractPeople(
      doc([
        'Fans of Port Harwick cheered as Red Oakhaven lost again.',
        'Supporters waved flags as Laura Manchester United fans sang.',
        'Ships sailed from Peter Street to the harbour.',
      ]),
    );
    const names = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(names).toEqual([]);
  });
});

describe('what a name is not (issue #16)', () => {
  it('a party or nationality before a given name is left out of the name', () => {
    const people = extractPeople(
      doc(['Republican Harold Brannock lost the vote.', 'The prize went to Moroccan Youssef Benali on Sunday.']),
    );
    const names = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Harold Brannock', 'Youssef Benali']));
    expect(names.some((n) => /Republican|Moroccan/.test(n))).toBe(false);
  });

  it('a name after "the", or alone in quotation marks, is no person', () => {
    const people = extractPeople(
      doc([
        'Morrow spent ten years with the Dallas Herons before he retired.',
        'The Herons let him go.',
        'She starred in "Dolores Ardent" and other films.',
      ]),
    );
    expect(people.filter((p) => p.kind === 'person').map((p) => p.name)).toEqual([]);
  });

  it('a firm by what frames it: "and Co", a ticker, a noun before it, or a role after it', () => {
    const people = extractPeople(
      doc([
        'Calvin Hargreave and Co said it would raise its dividend.',
        'Shares of <Norris Ebbing Inc> rose two dlrs.',
        'The offer is led by lead manager Warren Pellham, the bank said.',
        'Chemicals group Wallace Dorney said profits fell.',
        'Wallace Dorney said it would cut 200 jobs.',
        '"Demand is weak," said Gerald Ostby analyst Mira Kellner.',
        'Gerald Ostby said the shares were cheap.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons).toEqual(['Mira Kellner']);
    expect(byName(people, 'Wallace Dorney')?.kind).toBe('group');
  });

  it('a person the document gives a title keeps it, even where another sentence frames the name as a firm', () => {
    const people = extractPeople(
      doc(['Finance Minister Calvin Hargreave said rates would fall.', 'Staff at Calvin Hargreave analysts said little.']),
    );
    expect(byName(people, 'Calvin Hargreave')?.kind).toBe('person');
  });

  it('a title of a work after the noun of its kind, or named after "in", is no person; a list after "in" is', () => {
    const people = extractPeople(
      doc([
        'The film Rosa Whitlow opened on Friday.',
        'She won praise for her role in Rosa Whitlow.',
        'The team has two fine wingers in Owen Tallis and Reece Marlowe.',
        'The tests were held in Lorna Ridge last year.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Owen Tallis', 'Reece Marlowe']);
  });

  it('places whose first word is a given name, and US states before a name, are no people', () => {
    const people = extractPeople(
      doc([
        'The team flew from Tel Aviv to Abu Dhabi and then to Fort Worth.',
        'Prices of Indiana Crude rose while Ohio Sweet fell.',
        'The firm moved its offices from Buenos Aires.',
      ]),
    );
    expect(people.filter((p) => p.kind === 'person')).toEqual([]);
  });

  it('a nationality or description before a name is no part of it, however the name is introduced', () => {
    const people = extractPeople(
      doc([
        'Teenager Nadia Korvel won the title in style.',
        'She beat fellow Kenyan Agnes Mwirigi in the final.',
        'Treasurer Colin Brayfield said the budget was tight.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Agnes Mwirigi', 'Colin Brayfield', 'Nadia Korvel']);
  });

  it('a word the document writes in lower case is no name after a title, and one word needs a title to be a person', () => {
    const people = extractPeople(
      doc([
        'General Acquisition said the acquisition would close soon.',
        'Furthermore, the committee met Rep. Dorian Hale.',
        'Zeltronics, the chip maker, said sales rose.',
        'Economy minister Tamberlo said growth would slow.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Dorian Hale', 'Tamberlo']);
  });

  it('a capitalised word glued to a full name at a sentence start, and letters after a name, are no part of it', () => {
    const people = extractPeople(
      doc([
        'Prop Dermot Faulkes returns to the side.',
        'Bookmaker Gerald Ostby has made her the favourite.',
        'The case was argued by Helena Varga QC in the morning.',
        'Veteran Labour MP and former minister Colin Brayfield will stand down.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Colin Brayfield', 'Dermot Faulkes', 'Helena Varga']);
  });

  it('names that end in a club, label or firm word are no people', () => {
    const people = extractPeople(
      doc([
        'Dorian Hale said the deal with Lennox Music was signed.',
        'Fans of Corby United and Wendell Rovers met Lorna Interactive staff.',
      ]),
    );
    expect(people.filter((p) => p.kind === 'person').map((p) => p.name)).toEqual(['Dorian Hale']);
  });

  it('firms known to be named after people, participles before a name, and one firm word after a rank are no people', () => {
    const people = extractPeople(
      doc([
        'Analysts at Merrill Lynch and Goldman Sachs cut their forecasts, Dorian Hale said.',
        'Second-placed Wendell Rovers won again.',
        'General Electric said orders rose while General Dorvak inspected the troops.',
        'Lib Dem home affairs spokesman Dorian Hale agreed.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Dorian Hale', 'Dorvak']);
  });

  it('a title word after a form of address is the surname, and links to the full name', () => {
    const people = extractPeople(
      doc(['"It works," said Dorian King, a consultant at Zeltronics.', 'Criminals copy what works, said Mr King.']),
    );
    expect(people.filter((p) => p.kind === 'person').map((p) => p.name)).toEqual(['Dorian King']);
    expect(byName(people, 'Dorian King')?.mentions).toHaveLength(2);
  });

  it('a person before "of" is named apart from their employer or country', () => {
    const people = extractPeople(
      doc([
        '"Demand is firm," said Orla Brennick of Haverly Trust Inc. in Boston.',
        'Assembly President Tamsin Okoro of Ruritania said members agreed.',
        'Lord Pellham of Ashdown spoke against the bill.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Orla Brennick', 'Tamsin Okoro']);
    expect(roles(byName(people, 'Tamsin Okoro'))).toEqual(['Assembly President']);
    expect(byName(people, 'Haverly Trust Inc.')?.kind).toBe('group');
  });

  it('a title that names its office with "of" ends before the full name after it', () => {
    const people = extractPeople(
      doc([
        'Deputy Secretary of Commerce Howard Pellegrin met the delegation.',
        'The envoy to the Council for Trade and Development Marcus Ellery said talks went well; development aid was cut.',
        'The Deputy Comptroller of the Currency Agnes Mwirigi said banks were sound.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Agnes Mwirigi', 'Howard Pellegrin', 'Marcus Ellery']);
    expect(roles(byName(people, 'Howard Pellegrin'))).toEqual(['Deputy Secretary of Commerce']);
  });

  it('a place word that starts a name makes it no person, unless a full name follows', () => {
    const people = extractPeople(
      doc([
        'Tokyo is under pressure to buy a U.S. Plane for its air force.',
        'Deputy U.S. Comptroller said banks were sound.',
        'Sales rose, Nevada Micro Devices said.',
        "The bank is Ruritania Line's largest creditor, said Japan Shipping.",
        'Kenyan Agnes Moraa said she was delighted.',
        'The ships moored at Fleet Street, near the Borland Cricket Ground.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons).toEqual(['Agnes Moraa']);
  });

  it('an organisation after the office held in it, and a reporting clause after a name, make no person', () => {
    const people = extractPeople(
      doc([
        'Colin Brayfield, president and chief executive of Orville Fenwick, said the deal was good.',
        'Orville Fenwick said it was pleased.',
        'The minister spoke out against growing Farnley Protectionism, a ministry spokesman said.',
        '"Prices will rise," Dorian Hale, a trader, said.',
        'The album is a tribute to the band, said a critic of Dorian Hale.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Colin Brayfield', 'Dorian Hale']);
    expect(roles(byName(people, 'Dorian Hale'))).toEqual(['a trader']);
  });

  it('a possessive name after a comma is no apposition of the role before it, and a naming participle is no part of a name', () => {
    const people = extractPeople(
      doc([
        "The spokesman for the bank, Morwen Shipping's largest lender, said loans would be cut.",
        'Called Zorvex, the engine reads results aloud.',
      ]),
    );
    expect(people.filter((p) => p.kind === 'person')).toEqual([]);
  });

  it('a name the document writes after "the" stays a thing where "the" is left out, and club names are groups', () => {
    const people = extractPeople(
      doc([
        'The Silver Lanterns are given by the critics.',
        'The film took two Silver Lanterns and the Lanterns jury praised it.',
        'Dorian Hale scored twice as Real Corvino beat Sporting Valdez.',
        'Corvino were poor.',
      ]),
    );
    expect(people.filter((p) => p.kind === 'person').map((p) => p.name)).toEqual(['Dorian Hale']);
    expect(byName(people, 'Real Corvino')?.kind).toBe('group');
  });

  it('divisions, exchanges and banks named with a title-case word are no people', () => {
    const people = extractPeople(
      doc([
        'Dorian Hale was named president of Zeltronics General Products Division.',
        'The SEC asked the Boston and Ruritania Exchanges to wait, said Dorian Hale.',
        'Credit Marchand announced an offer to swap its bonds.',
        'Meanwhile, Societe Gerald Ostby said it returned to profit.',
        'Prices held up, according to housebuilder Gerald Ostby.',
      ]),
    );
    expect(people.filter((p) => p.kind === 'person').map((p) => p.name)).toEqual(['Dorian Hale']);
  });

  it('a name before the noun of an organisation is none, a Nordic firm ending marks a firm, and a particle keeps its given name', () => {
    const people = extractPeople(
      doc([
        'Prices fell, the official Xinmex news agency said.',
        'The Wendham government fell, said Dorian Wendham.',
        'Insulin maker Lovrin Industri A/S said its shares would be listed.',
        'Bram van Otterloo, chairman of the panel, met members.',
        'Sources said Van Otterloo was concerned.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Bram van Otterloo', 'Dorian Wendham']);
    expect(byName(people, 'Bram van Otterloo')?.mentions).toHaveLength(2);
  });

  it('a rank before an ordinary word, and a firm named after a lower-case role, are no people; a given name opening a sentence stays in the name', () => {
    const people = extractPeople(
      doc([
        'The rules came in late in the Criminal Justice Bill, and Mr Grant said so.',
        'Shares rose, said an analyst at fund manager Corvane Asset Advisors.',
        'Liberal leader Dorian Steel agreed.',
        'Marcus Delano Smith, the museum director, was pleased.',
        'Critics said Delano Smith had been right.',
        'She finished ahead of Scot Dermot Faulkes.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Dermot Faulkes', 'Dorian Steel', 'Grant', 'Marcus Delano Smith']);
  });

  it('brands, works after "like" or "such as", products a firm makes, a firm\'s unit and firms after firm-like roles are no people', () => {
    const people = extractPeople(
      doc([
        'The owner of brands such as Dairy Lorne sells abroad.',
        'In comparison, films like Rosa Whitlow took more money.',
        'Corvane, which makes Stella Verde, said profits rose.',
        'The group said Aker Vollan, a unit of Zeltronics, won a contract.',
        'Older voters matter, says Age Matters. The matters are real.',
        'London-based software developer Zorvex unveiled software, and minister Tamberlo praised it.',
        'Dorian Hale, a trader, said she was happy.',
      ]),
    );
    const persons = people.filter((p) => p.kind === 'person').map((p) => p.name);
    expect(persons.sort()).toEqual(['Dorian Hale', 'Tamberlo']);
  });
});

describe('names of things, firms and places with no word of their kind before them (issue #16, fourth session)', () => {
  const persons = (paragraphs: string[]) =>
    extractPeople(doc(paragraphs))
      .filter((p) => p.kind === 'person')
      .map((p) => p.name)
      .sort();

  it('a name before the noun of a thing named after it is none; before the noun of a work its artist is one', () => {
    expect(
      persons([
        'Fans of the Mabel Rapido series will have to wait.',
        'Mabel Rapido sold two million copies.',
        'It entered the Hot Kettle Sales chart at once. Sales rose.',
        'The new Clara Vendome album is out, and Clara Vendome said she was proud.',
        'Jerry Tolland, analyst with Conner Tolland division of Edward Viner and Co, said so.',
      ]),
    ).toEqual(['Clara Vendome', 'Jerry Tolland']);
  });

  it('a name given to a thing, a body or a place is none; given to a person, or after "named" as a verb, it is one', () => {
    expect(
      persons([
        'The attacks were claimed by a shadowy group known as Meibion Tarrw.',
        'Meibion Tarrw said nothing more.',
        'A man called Peter Quillby found the body, a horse named Mabel Ruby won.',
        'Mabel Ruby said nothing.',
        'The company named Colin Rasmer chief executive.',
      ]),
    ).toEqual(['Colin Rasmer', 'Peter Quillby']);
  });

  it('a product with its model number, a camel-cased firm and a name made an adjective are no people', () => {
    expect(
      persons([
        'The Mabel Stratos 300 was named the gadget of the year.',
        'Mabel Stratos sold out in a week.',
        'Colonial BancGroup said it bought the bank, and Leonardo DiCaprio said he was pleased.',
        'Voters rejected a Tony Blair-style campaign, while Kim Dae-jung was freed.',
      ]),
    ).toEqual(['Kim Dae-jung', 'Leonardo DiCaprio']);
  });

  it('a region after a town and a comma is no person; a person named there with a verb after is one', () => {
    expect(
      persons([
        'It bought Slater Engines Ltd, of Halbury, Nova Scotia, for undisclosed terms.',
        'A plant of Harlow, Quorra Vantis, for example, closed.',
        'Quorra Vantis said output fell.',
        "The paper's correspondent in Jakarta, Rachel Harvey, told the radio station it was calm.",
      ]),
    ).toEqual(['Rachel Harvey']);
  });

  it('an office or acronym after a title, even misspelt, belongs to the title, not the name', () => {
    const people = extractPeople(
      doc(['The nomination of Deputy NSA Dirctor Paul Granger was withdrawn.', 'Kent Chief Constable Mary Oakes said roads were closed.']),
    );
    expect(
      people
        .filter((p) => p.kind === 'person')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Mary Oakes', 'Paul Granger']);
    expect(roles(byName(people, 'Paul Granger'))).toEqual(['Deputy NSA Dirctor']);
    expect(roles(byName(people, 'Mary Oakes'))).toEqual(['Kent Chief Constable']);
  });

  it('a name shaped like a firm or a place takes no role, and a firm in a list takes no title from its name', () => {
    expect(
      persons([
        'Dalco UK, a member of Dalco Corp, drilled two wells.',
        'Velmar Associates, the broker, said so.',
        'It is a venture of Ridgeway General Contractors Inc, Hollis Associates and Bevan Ltd.',
        'David Steel, the party leader, spoke first.',
      ]),
    ).toEqual(['David Steel']);
  });

  it('foreign openers of firms, newspapers and plural role nouns after a name make no person', () => {
    expect(
      persons([
        'Deutsche Kredo said profits rose, and Usines Marcel cut jobs.',
        'The Hanover daily Hannoversche Allgemeine said Marcel Leclerc would resign.',
        'Actress Jane Roe beat fellow Silver Lake stars Ann Boyle and Meg Ward to the prize.',
        'Silver Lake said the series would return.',
      ]),
    ).toEqual(['Ann Boyle', 'Jane Roe', 'Marcel Leclerc', 'Meg Ward']);
  });

  it('an opening adverb or participle, a firm after "at" and a role, and two ordinary words after a given name are no part of a person', () => {
    expect(
      persons([
        'Usually Brompton customers complain.',
        'Excluding Halvex, sales rose.',
        'Jane Pillock, a director at analyst Zentrix, said so.',
        'The Morgan Freight Average rose. The average freight rate fell.',
        'Tim Ridley scored at Bryn Parade.',
        'Kelly Holmes won, and King Fahd spoke.',
      ]),
    ).toEqual(['Fahd', 'Jane Pillock', 'Kelly Holmes', 'Tim Ridley']);
  });

  it('a knight or dame named by the given name is the one full name of the document', () => {
    const people = extractPeople(
      doc(['Sir Alder Penrose, the business leader, warned the chancellor.', 'Sir Alder added: "He will not."']),
    );
    expect(people.filter((p) => p.kind === 'person').map((p) => p.name)).toEqual(['Sir Alder Penrose']);
    expect(byName(people, 'Sir Alder Penrose')?.mentions.map((m) => m.surface)).toEqual(['Sir Alder Penrose', 'Sir Alder']);
  });
});

describe('press, sites, cut firms and firms after a role (issue #16, fifth session)', () => {
  const persons = (paragraphs: string[]) =>
    extractPeople(doc(paragraphs))
      .filter((p) => p.kind === 'person')
      .map((p) => p.name)
      .sort();

  it('a name beside a press noun is the outlet; a person beside a press word in a role stays', () => {
    expect(
      persons([
        'The harvest was poor, the official daily Mirna Gazeta said on Monday.',
        'Tova Lin Bao, a Macau daily with close Beijing links, said the drought was severe.',
        'The Lisbon weekly Rosa Tinta reported the deal, and Rosa Tinta said more would follow.',
        'Helen Marrow, a newspaper editor, said the paper would appeal.',
        "Karl Denning, the newspaper's owner, declined to comment.",
        'Veteran broadcaster Jim Calloway has died, and Rita Vane, the grandmother of the agency, said so.',
      ]),
    ).toEqual(['Helen Marrow', 'Jim Calloway', 'Karl Denning', 'Rita Vane']);
  });

  it("a name in apposition with a firm's noun is the firm; with a role after the noun it is a person", () => {
    expect(
      persons([
        'Ginnie Lou, the federally chartered mortgage company, said it would sell notes.',
        'Ginnie Lou said its notes would mature in 1995.',
        'Martha Quell, a bank director in Ohio, said the notes sold well.',
        'Traders bought shares of Sallie Rue, and Sallie Rue said it would pay a dividend.',
        "Freddie Lou's mortgage subsidiary sold notes, Freddie Lou said.",
        "Norma Trent's shares in the firm were sold, Norma Trent said.",
      ]),
    ).toEqual(['Martha Quell', 'Norma Trent']);
  });

  it('a name beside the noun of a site is a place; a person at a site keeps the name', () => {
    expect(
      persons([
        "The zone will complement an expansion of Lima's Don Querido airport.",
        'Athens asked Washington to close its base at Nea Velos, north of the city.',
        'Troops landed at Don Pablo air base on Tuesday.',
        'Don Querido and Nea Velos were quiet.',
        'A worker at the plant, Anna Velos, said the base at the coast was closed.',
      ]),
    ).toEqual(['Anna Velos']);
  });

  it('a firm cut after "and" or after a title-like first word is none; a pair of people joined by "and" stays', () => {
    expect(
      persons([
        'The loans were questioned by auditor Brandt and Kessel Co.',
        'Its key business, General Cinnamon Beverages, had a record year, Harold Smith said.',
        'Maria Brandt and Otto Kessel said they were pleased.',
        'Transport Minister Quah Wei Hong opened the port.',
      ]),
    ).toEqual(['Harold Smith', 'Maria Brandt', 'Otto Kessel', 'Quah Wei Hong']);
  });

  it('one word after a lower-case role that the document names as a firm is the firm; after "Mr" it is a person', () => {
    const people = extractPeople(
      doc([
        'The banks wrote to Brazil through committee chairman Fundbank.',
        'Fundbank Corp holds the largest share of the debt.',
        'Mr Harlow, whose family founded Harlow Corp, said the talks were hard.',
      ]),
    );
    expect(people.filter((p) => p.kind === 'person').map((p) => p.name)).toEqual(['Harlow']);
    expect(byName(people, 'Fundbank')?.kind).not.toBe('person');
  });
});

describe('partner lists, firms in other languages, place lists and day-named papers (issue #16, i16k)', () => {
  const persons = (paragraphs: string[]) =>
    extractPeople(doc(paragraphs))
      .filter((p) => p.kind === 'person')
      .map((p) => p.name)
      .sort();

  it('three surnames joined by commas and "and" before a firm word, or after a deal role, are a firm; a plain list stays people', () => {
    expect(
      persons([
        'The bonds were sold through sole manager Varley, Dunn and Oakes Capital Markets Inc.',
        'The notes were led by co-manager Amberg, Tolle and Frisch.',
        'Jane Roe, Tom Vance and Peter Tiller lost the case.',
        'Roe, Vance and Tiller said they would appeal.',
      ]),
    ).toEqual(['Jane Roe', 'Peter Tiller', 'Tom Vance']);
  });

  it('"and Son" after a name, with or without a possessive, ends a firm', () => {
    expect(
      persons([
        'Buyers stocked up on Harold B. Fenwick and Son’s cider.',
        'Martin Osler and Son said sales rose.',
        'Jane Roe went home with her son Tom Roe.',
      ]),
    ).toEqual(['Jane Roe', 'Tom Roe']);
  });

  it('Turkish, Malay and Indonesian firm words end a firm name', () => {
    expect(
      persons([
        'Kemal Aydin, manager at Anadolu ve Deniz Bankasi, said rates would fall.',
        'Shares of Sinar Kota Berhad and Merapi Jaya Tbk rose.',
        'The ore goes by the Blue Mesa Pipeline to the coast.',
      ]),
    ).toEqual(['Kemal Aydin']);
  });

  it('names in a list that a plural place noun ends or introduces are places', () => {
    expect(
      persons([
        'Frost hit Alta Vera, Monte Rojo and Las Brisas provinces on Monday.',
        'Output fell in two regions -- Doral and Santa Velia.',
        'Governor Maria Ostby toured the districts of Nueva Cruz and Porto Brava.',
      ]),
    ).toEqual(['Maria Ostby']);
  });

  it('Daily, Sunday or Evening before a word that is no given name opens a paper; before a full name it is the day', () => {
    expect(
      persons([
        'A Daily Clarion reporter called him later. The Clarion ran a short piece.',
        'The Evening Courier said the mayor would stay.',
        'On Sunday Tom Vance said he would stay.',
      ]),
    ).toEqual(['Tom Vance']);
  });
});
