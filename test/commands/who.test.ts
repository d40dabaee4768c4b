/** /who and the people index: roles with citations, surnames, typos, unknown names, autocomplete. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { who } from '../../src/answer/who.js';
import { whoCommand } from '../../src/commands/who.js';
import type { Corpus } from '../../src/index/corpus.js';
import { AL_MONITOR, ROOT, SEED_2025, corpusOf, seeds, tempCorpus } from '../helpers/corpus.js';
import { contextFor } from '../../src/commands/context.js';
import { memoryStore } from '../../src/corpus/memory.js';

const ctx = (corpus: Corpus) => contextFor(corpus);

describe('/who on the seeds', () => {
  const cases: [string, string, string, string][] = [
    // query, name, a role it must answer with, the document that states it
    ['Ahmad Vahidi', 'Ahmad Vahidi', 'Iranian Interior Minister', AL_MONITOR],
    ['Sheikh Rasheed Ahmed', 'Sheikh Rasheed Ahmed', 'Pakistan’s Interior Minister', AL_MONITOR],
    ['Qamar Javed Bajwa', 'Qamar Javed Bajwa', 'Pakistan’s army chief', AL_MONITOR],
    ['Ahmad Ali Goudarzi', 'Ahmad Ali Goudarzi', 'commander of the Iranian border guards', AL_MONITOR],
    ['Mohammad Ali Hosseini', 'Mohammad Ali Hosseini', 'Iranian Ambassador', AL_MONITOR],
    ['Mostafa Ghanbarpour', 'Mostafa Ghanbarpour', 'the Iranian military attache', AL_MONITOR],
    ['Abdulaziz bin Saud', 'Prince Abdulaziz bin Saud bin Naif', 'Saudi Interior Minister', AL_MONITOR],
    ['Michael Kugelman', 'Michael Kugelman', 'deputy director of the Asia Program at the Wilson Center in Washington', AL_MONITOR],
    ['Zeeshan Shah', 'Zeeshan Shah', 'financial analyst in Washington at the Finra Foundation', AL_MONITOR],
    ['Alex Vatanka', 'Alex Vatanka', 'director of the Iran Program at the Middle East Institute in Washington', AL_MONITOR],
    ['Asim Munir', 'Asim Munir', 'Pakistan’s Chief of Army Staff', SEED_2025],
    ['Abdolrahim Mousavi', 'Abdolrahim Mousavi', 'Iran’s Chief of Staff of the Armed Forces', SEED_2025],
    ['Masoud Pezeshkian', 'Masoud Pezeshkian', 'Iranian President', SEED_2025],
  ];
  it.each(cases)('%s → %s, %s, cited with the sentence that says so', async (q, name, role, docId) => {
    const c = await seeds();
    const a = await who(memoryStore(c), q);
    expect(a.error).toBeUndefined();
    const r = a.results!.find((x) => x.answer === role);
    expect(r, `${q}: ${a.results!.map((x) => x.answer).join(' | ')}`).toBeDefined();
    expect(r!.name).toBe(name);
    expect(r!.kind).toBe('person');
    expect(r!.citation.docId).toBe(docId);
    expect(r!.documents).toBe(1);
    // The excerpt is verbatim text of the cited paragraph and contains the role.
    const p = c.paragraph(c.docIndex(docId)!, r!.citation.paragraph);
    expect(p.text).toContain(r!.excerpt);
    expect(r!.excerpt).toContain(role);
    expect(r!.excerpt).toContain(name.split(' ').pop()!);
  });

  it('answers every role of a person, described roles before a bare rank', async () => {
    const a = await who(memoryStore(await seeds()), 'Goudarzi');
    expect(a.results!.map((r) => r.answer)).toEqual(['commander of the Iranian border guards', 'Brig. Gen.']);
    const v = await who(memoryStore(await seeds()), 'Vahidi');
    expect(v.results!.map((r) => r.answer)).toEqual(['Iranian Interior Minister', 'a former commander of the Quds Force']);
    expect(v.results![0].mentions).toBe(6);
  });

  it('finds people by surname, by partial name, by prefix and with a typo', async () => {
    const c = await seeds();
    expect((await who(memoryStore(c), 'Kugelmann')).results![0].name).toBe('Michael Kugelman');
    expect((await who(memoryStore(c), 'Vatanka')).results![0].name).toBe('Alex Vatanka');
    expect((await who(memoryStore(c), 'Ahmed')).results![0].name).toBe('Sheikh Rasheed Ahmed');
    expect((await who(memoryStore(c), 'Pezeshkian')).results![0].name).toBe('Masoud Pezeshkian');
    expect((await who(memoryStore(c), 'Pezeshk')).results![0].name).toBe('Masoud Pezeshkian');
    expect((await who(memoryStore(c), 'Ghanbarpur')).results![0].name).toBe('Mostafa Ghanbarpour');
    expect((await who(memoryStore(c), 'asim  MUNIR')).results![0].name).toBe('Asim Munir');
  });

  it('groups: one entry for Baloch/Balochistan Liberation Army and BLA across both documents; Jundallah finds Jaish al-Adl', async () => {
    const c = await seeds();
    for (const q of ['BLA', 'Balochistan Liberation Army', 'Baloch Liberation Army']) {
      const a = await who(memoryStore(c), q);
      const r = a.results![0];
      expect(r.kind, q).toBe('group');
      expect(r.documents, q).toBe(2);
      expect([r.name, ...r.aliases].sort(), q).toEqual(['BLA', 'Baloch Liberation Army', 'Balochistan Liberation Army']);
    }
    const j = (await who(memoryStore(c), 'Jundallah')).results![0];
    expect(j.name).toBe('Jaish al-Adl');
    expect(j.aliases).toEqual(['Jundallah']);
    // No role is stated: the answer is the cited sentence that names the group.
    expect(j.excerpt).toContain('Jaish al-Adl (formerly Jundallah)');
    expect(j.citation.docId).toBe(SEED_2025);
  });

  it('an unknown name is not in the corpus, with real names as suggestions and never a guess', async () => {
    const c = await seeds();
    const a = await who(memoryStore(c), 'Vladimir Putin');
    expect(a.results).toEqual([]);
    expect(a.message).toBe('“Vladimir Putin” is not in the corpus.');
    const near = await who(memoryStore(c), 'Ahmad Vahid Khan');
    expect(near.results).toEqual([]);
    expect(near.suggestions).toContain('Ahmad Vahidi');
    for (const s of [...(a.suggestions ?? []), ...(near.suggestions ?? [])])
      expect((await who(memoryStore(c), s)).results!.length, s).toBeGreaterThan(0);
  });

  it('not-people are not answered as people', async () => {
    const c = await seeds();
    for (const q of ['Al-Monitor', 'Meanwhile', 'Major', 'Pakistan', 'Recent']) {
      const a = await who(memoryStore(c), q);
      for (const r of a.results ?? []) expect(r.name.toLowerCase(), q).not.toBe(q.toLowerCase());
    }
    expect((await who(memoryStore(c), 'Al-Monitor')).results).toEqual([]);
  });

  it('empty or letterless names get a clear error', async () => {
    const c = await seeds();
    expect((await who(memoryStore(c), '   ')).error).toMatch(/Type a name/);
    expect((await who(memoryStore(c), '!!! ???')).error).toMatch(/letters/);
  });
});

describe('people index across documents', () => {
  const dir = tempCorpus({
    'a.md': '---\ntitle: A\n---\n\nFinance Minister Laila Haddad presented the budget. Haddad said it was balanced.\n',
    'b.md': '---\ntitle: B\n---\n\nLaila Haddad, a former central bank economist, spoke in Beirut. Haddad told reporters she would stay.\n',
    'c.md': '---\ntitle: C\n---\n\nOpposition leader Karim Haddad criticised the plan. Mr Haddad said it would fail.\n',
    'd.md': '---\ntitle: D\n---\n\nFighters of the Ogaden National Liberation Front (ONLF) withdrew.\n',
    'e.md': '---\ntitle: E\n---\n\nThe Ogadeni National Liberation Front denied the report.\n',
  });

  it('merges one person across documents and keeps two people with the same surname apart', async () => {
    const c = await corpusOf(dir);
    const a = await who(memoryStore(c), 'Laila Haddad');
    expect(a.results!.map((r) => r.answer).sort()).toEqual(['Finance Minister', 'a former central bank economist'].sort());
    expect(a.results![0].documents).toBe(2);
    expect(new Set(a.results!.map((r) => r.citation.docId))).toEqual(new Set(['a', 'b']));
    const k = await who(memoryStore(c), 'Karim Haddad');
    expect(k.results!.map((r) => r.answer)).toEqual(['Opposition leader']);
    expect(k.results![0].documents).toBe(1);
    // A bare surname shared by two people: the most mentioned answers, the other is offered.
    const h = await who(memoryStore(c), 'Haddad');
    expect(h.results![0].name).toBe('Laila Haddad');
    expect(h.suggestions).toContain('Karim Haddad');
  });

  it('merges spelling variants of a group and finds it by acronym', async () => {
    const c = await corpusOf(dir);
    const r = (await who(memoryStore(c), 'ONLF')).results![0];
    expect(r.kind).toBe('group');
    expect(r.documents).toBe(2);
  });

  it('resolve(): a speaker string in a document → that document’s person; forDocs() lists who is new', async () => {
    const c = await corpusOf(dir);
    expect(c.people.resolve('Haddad', 'a')?.name).toBe('Laila Haddad');
    expect(c.people.resolve('Haddad', 'c')?.name).toBe('Karim Haddad');
    expect(c.people.resolve('Mr Haddad', 'c')?.name).toBe('Karim Haddad');
    expect(c.people.resolve('Nobody Here', 'a')).toBeUndefined();
    const fd = c.people.forDocs(['c']);
    expect(fd.map((x) => [x.entry.name, x.isNew])).toEqual([['Karim Haddad', true]]);
    expect(c.people.forDocs(['a']).find((x) => x.entry.name === 'Laila Haddad')?.isNew).toBe(false);
  });
});

describe('a lone surname across documents', () => {
  it('joins the full name that dominates the corpus, and stays apart when no name does', async () => {
    const dir = tempCorpus({
      'a.md': '---\ntitle: A\n---\n\nPresident Ronald Keller spoke on Monday. Keller said taxes would fall.\n',
      'b.md': '---\ntitle: B\n---\n\nRonald Keller, the president, met unions. Keller told them wages would rise. Keller left early.\n',
      'c.md': '---\ntitle: C\n---\n\nPresident Keller said Tuesday the budget was final.\n',
      'd.md': '---\ntitle: D\n---\n\nFirst lady Nancy Keller opened a school.\n',
      'e.md': '---\ntitle: E\n---\n\nSenator Mills said no. Mills voted against.\n',
      'f.md': '---\ntitle: F\n---\n\nGovernor Ann Mills said yes. Ann Mills then left.\n',
      'g.md': '---\ntitle: G\n---\n\nJudge Peter Mills said maybe. Peter Mills then left.\n',
    });
    const c = await corpusOf(dir);
    const r = (await who(memoryStore(c), 'Ronald Keller')).results!;
    expect(r[0].documents).toBe(3);
    // "President" (a, c) and "the president" (b) are one role, stated three times.
    expect(r.map((x) => [x.answer, x.stated])).toEqual([['President', 3]]);
    expect(r[0].citation.docId).toBe('a');
    expect((await who(memoryStore(c), 'Nancy Keller')).results![0].documents).toBe(1);
    // Two Mills with as many mentions: the lone "Senator Mills" is its own entry, never a guess.
    expect((await who(memoryStore(c), 'Ann Mills')).results![0].documents).toBe(1);
    expect((await who(memoryStore(c), 'Peter Mills')).results![0].documents).toBe(1);
  });
});

describe('autocomplete', () => {
  it('offers names by prefix (of any word), most mentioned first', async () => {
    const c = await seeds();
    const names = c.people.autocomplete('Ah').map((e) => e.name);
    expect(names[0]).toBe('Ahmad Vahidi');
    expect(names).toContain('Ahmad Ali Goudarzi');
    expect(names).toContain('Sheikh Rasheed Ahmed');
    expect(c.people.autocomplete('mun').map((e) => e.name)).toContain('Asim Munir');
    expect(c.people.autocomplete('kugel').map((e) => e.name)).toEqual(['Michael Kugelman']);
    expect(c.people.autocomplete('zzzz')).toEqual([]);
    const all = c.people.autocomplete('');
    for (let i = 1; i < all.length; i++) expect(all[i - 1].mentionCount).toBeGreaterThanOrEqual(all[i].mentionCount);
  });

  it('returns at most 25 choices of at most 100 characters, through the command', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++)
      files[`d${i}.md`] =
        `---\ntitle: D${i}\n---\n\nSenator Marlow${String.fromCharCode(97 + (i % 26))}${i} Quint said no. Quint${i} left.\n`;
    files['long.md'] = `---\ntitle: L\n---\n\nThe ${'Very '.repeat(30)}Long Name Association met.\n`;
    const c = await corpusOf(tempCorpus(files));
    const choices = await whoCommand.autocomplete!(ctx(c), 'name', 'Marlow');
    expect(choices).toHaveLength(25);
    for (const ch of await whoCommand.autocomplete!(ctx(c), 'name', '')) {
      expect(ch.name.length).toBeLessThanOrEqual(100);
      expect(ch.value.length).toBeLessThanOrEqual(100);
    }
    expect(await whoCommand.autocomplete!(ctx(c), 'other', 'M')).toEqual([]);
  });
});

describe('/who through the command line', () => {
  it('npm run -s ask -- --json who "Asim Munir"', () => {
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/ask.ts', '--json', 'who', 'Asim Munir'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const a = JSON.parse(out.trim().split('\n')[0]);
    expect(a.command).toBe('who');
    expect(a.query).toBe('Asim Munir');
    const r = a.results[0];
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining(['answer', 'excerpt', 'citation', 'name', 'aliases', 'kind', 'documents', 'mentions']),
    );
    expect(r.name).toBe('Asim Munir');
    expect(a.results.map((x: { answer: string }) => x.answer)).toContain('Pakistan’s Chief of Army Staff');
    expect(r.citation).toMatchObject({ docId: SEED_2025, paragraph: 3 });
  });
});

describe('/who on a person stated many times (BBC corpus)', { timeout: 180_000 }, () => {
  it('answers the roles newest source first, each once with how often it is stated and its source’s date, and counts every distinct role', async () => {
    const { BBC, corpusOf: load } = await import('../helpers/corpus.js');
    const c = await load(BBC);
    // The people with the most role statements: the answer must not depend on reading them all at query time.
    const busy = [...c.people.entries].sort((a, b) => b.roles.length - a.roles.length).slice(0, 5);
    expect(busy[0].roles.length).toBeGreaterThan(20);
    const key = (r: string) =>
      r
        .toLowerCase()
        .replace(/[’‘]/g, "'")
        .replace(/^(?:the|a|an)\s+/, '')
        .replace(/\s+/g, ' ');
    const date = (doc: number) => c.docs[doc].meta.published ?? '';
    for (const e of busy) {
      const counts = new Map<string, number>();
      const newest = new Map<string, string>();
      for (const r of e.roles) {
        counts.set(key(r.role), (counts.get(key(r.role)) ?? 0) + 1);
        if (!newest.has(key(r.role)) || date(r.doc) > newest.get(key(r.role))!) newest.set(key(r.role), date(r.doc));
      }
      const a = await who(memoryStore(c), e.name);
      expect(a.results?.[0]?.name, e.name).toBe(e.name);
      const rs = a.results!;
      expect(a.total, e.name).toBe(counts.size);
      expect(rs.length, e.name).toBe(Math.min(10, counts.size));
      expect(new Set(rs.map((r) => key(r.answer))).size, e.name).toBe(rs.length);
      for (const r of rs) {
        expect(r.stated, `${e.name}: ${r.answer}`).toBe(counts.get(key(r.answer)));
        // Each role cites its newest source, and says that source's date.
        expect(r.citation.published ?? '', `${e.name}: ${r.answer}`).toBe(newest.get(key(r.answer)));
        expect(r.published).toBe(r.citation.published);
      }
      const dates = rs.map((r) => r.citation.published ?? '');
      expect(dates, e.name).toEqual([...dates].sort().reverse());
      // The newest role of all is the first answer.
      expect(dates[0], e.name).toBe([...newest.values()].sort().pop());
    }
  });
});

describe('/who lists roles over time (issue #16)', () => {
  it('newest source first, each with its date, and roles the text calls former are marked', async () => {
    const dir = tempCorpus({
      'a.md': '---\ntitle: A\npublished: 2019-05-01\n---\n\nInterior Minister Farida Olumide opened the session.\n',
      'b.md': '---\ntitle: B\npublished: 2023-01-10\n---\n\nFarida Olumide, a former interior minister, launched a charity.\n',
      'c.md': '---\ntitle: C\npublished: 2021-07-02\n---\n\nFarida Olumide, the party chairwoman, spoke at the rally.\n',
    });
    const c = await corpusOf(dir);
    const rs = (await who(memoryStore(c), 'Farida Olumide')).results!;
    expect(rs.map((r) => [r.answer, r.published, r.former ?? false])).toEqual([
      ['a former interior minister', '2023-01-10', true],
      ['the party chairwoman', '2021-07-02', false],
      ['Interior Minister', '2019-05-01', false],
    ]);
  });
});

describe('/who for people named without a role (issue #16)', () => {
  const dir = tempCorpus({
    'a.md': '---\ntitle: A\npublished: 2024-03-01\n---\n\nThe match turned when Benedikt Loewy scored twice after the break.\n',
    'b.md': '---\ntitle: B\npublished: 2024-03-08\n---\n\nA week later Benedikt Loewy was rested. Loewy watched from the stand.\n',
    'c.md': '---\ntitle: C\npublished: 2024-03-09\n---\n\nCarlos Ibarguen, a winger, signed for the club.\n',
  });

  it('answers "named, no role stated" with the naming sentence of each document, cited', async () => {
    const c = await corpusOf(dir);
    const a = await who(memoryStore(c), 'Benedikt Loewy');
    expect(a.message).toBe('The sources name Benedikt Loewy but state no role.');
    expect(a.results!.map((r) => r.citation.docId)).toEqual(['a', 'b']);
    expect(a.results![0].excerpt).toContain('Benedikt Loewy scored twice');
    expect(a.results![1].excerpt).toContain('Benedikt Loewy was rested');
    expect(a.results![0].kind).toBe('person');
  });

  it('a one-word query that is a given name does not answer with a longer name it starts', async () => {
    const c = await corpusOf(dir);
    expect((await who(memoryStore(c), 'Carl')).results).toEqual([]);
    expect((await who(memoryStore(c), 'Carlos')).results![0].name).toBe('Carlos Ibarguen');
    // A surname's start still completes ("Ibarg" → Carlos Ibarguen).
    expect((await who(memoryStore(c), 'Ibarg')).results![0].name).toBe('Carlos Ibarguen');
  });
});
