/**
 * The Discord renderer on its own: every reply within Discord's limits and inert, whatever the
 * documents and queries hold (property-based, fixed seed), and its round trips (paging reads the
 * question back from the message).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Result } from '../../src/answer/types.js';
import { commands } from '../../src/commands/index.js';
import { decodeInert, inert, plain } from '../../src/render/escape.js';
import {
  mentionFromContent,
  pageCount,
  parsePageCustomId,
  questionFromContent,
  renderChoices,
  renderDiscord,
  renderFailure,
  RESULTS_PER_PAGE,
} from '../../src/render/discord.js';
import { LIMITS, MARKS, replyViolations } from '../../src/render/limits.js';
import { Cooldown } from '../../src/send/discord/cooldown.js';
import { commandJson, commandProblems, commandsJson } from '../../src/send/discord/definitions.js';

const RUNS = { seed: 20261122, numRuns: 1000 };

/** Text built to break things: mentions, markdown, links, escapes, control and wide characters. */
const hostilePiece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('@everyone', '@here', '<@123>', '<@!456>', '<@&789>', '<#1011>', '</cmd:1>', '<t:1700000000:R>', '<:e:1>', '<a:e:1>'),
  fc.constantFrom(
    '**',
    '__',
    '*',
    '_',
    '`',
    '```',
    '~~',
    '||',
    '> ',
    '>>> ',
    '# ',
    '-# ',
    '1. ',
    '- ',
    '\\',
    '\n',
    '[x](https://e.vil)',
    'https://x.y/z',
    '😀',
    '\u200b',
    '\u202e',
  ),
);
const hostile = (max: number) => fc.array(hostilePiece, { maxLength: max }).map((a) => a.join(''));
const snowflake = fc.bigInt({ min: 1n, max: 2n ** 63n }).map(String);

const result: fc.Arbitrary<Result> = fc.record({
  answer: hostile(30),
  excerpt: hostile(60),
  citation: fc.record(
    {
      docId: hostile(10),
      title: hostile(20),
      source: hostile(5),
      url: fc.oneof(fc.webUrl(), hostile(5)),
      published: hostile(3),
      paragraph: fc.integer({ min: 1, max: 10_000 }),
    },
    { requiredKeys: ['docId', 'title', 'paragraph'] },
  ),
  name: fc.option(hostile(5), { nil: undefined }),
  speaker: fc.option(hostile(5), { nil: undefined }),
  dateText: fc.option(hostile(5), { nil: undefined }),
});

// Shapes outside the Answer union too (an error beside results): the renderer must survive any of them.
const answer: fc.Arbitrary<Answer> = fc
  .record(
    {
      command: fc.constantFrom('search', 'who', 'when', 'quote', 'timeline', 'about'),
      query: hostile(40),
      results: fc.array(result, { maxLength: 12 }),
      error: hostile(20),
      message: hostile(10),
      suggestions: fc.array(hostile(5), { maxLength: 6 }),
      heading: hostile(10),
      lines: fc.array(hostile(10), { maxLength: 30 }),
    },
    { requiredKeys: ['command', 'query'] },
  )
  .map((a) => a as Answer);

/** Raw mention tokens that would resolve in a message (our pointer excepted). */
const LIVE_MENTION = /@everyone|@here|<@[!&]?\d|<#\d|<\/\w|<t:\d|<a?:\w/i;

function texts(r: ReturnType<typeof renderDiscord>): string[] {
  return [
    r.content.replace(new RegExp(`^${MARKS.pointer} <@\\d+>\\n?`), ''),
    ...r.embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      e.footer?.text ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
}

describe('renderDiscord', () => {
  it('keeps every reply inside Discord limits, inert and pinging only the named user', () => {
    fc.assert(
      fc.property(answer, fc.nat(5), fc.option(snowflake, { nil: undefined }), hostile(200), (a, page, mention, question) => {
        const r = renderDiscord(a, { page, mention, question: `/${a.command} ${question}` });
        expect(replyViolations(r)).toEqual([]);
        expect(r.allowedMentions.parse).toEqual([]);
        expect(r.allowedMentions.users ?? []).toEqual(mention && a.error === undefined ? [mention] : []);
        for (const t of texts(r)) expect(t).not.toMatch(LIVE_MENTION);
        for (const e of r.embeds) if (e.url) expect(e.url).toMatch(/^https?:\/\//);
        for (const row of r.components) for (const b of row.components) expect(parsePageCustomId(b.custom_id)?.command).toBe(a.command);
      }),
      RUNS,
    );
  });

  it('shows each excerpt verbatim (escaped, never formatted) unless it had to be cut', () => {
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 3 }), (results) => {
        const r = renderDiscord({ command: 'search', query: 'q', results });
        r.embeds.forEach((e, i) => {
          const quote = e.description!.split('\n').find((l) => l.startsWith('> '))!;
          // Outside our own bold markers every markdown character is escaped.
          const ours = quote.slice(2).replace(/(?<!\\)\*\*/g, '');
          expect(ours.replace(/\\[\s\S]/g, '')).not.toMatch(/[*_`~|>[\]()#]/);
          const shown = decodeInert(ours);
          const want = results[i].excerpt
            .replace(/\s+/g, ' ')
            .trim()
            .replace(/\u200b/g, '');
          if (shown.endsWith('…') && shown !== want) expect(want.startsWith(shown.slice(0, -1).trimEnd())).toBe(true);
          else expect(shown).toBe(want);
        });
      }),
      RUNS,
    );
  });

  it('pages through results and reads the question and the pointer back from its own message', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 12 }), fc.string({ maxLength: 80 }), snowflake, (results, q, mention) => {
        const clean = q
          .replace(/\u200b/g, '')
          .replace(/\s+/g, ' ')
          .trim();
        const a: Answer = { command: 'search', query: q, results };
        const pages = pageCount(a);
        const last = renderDiscord(a, { page: 99, question: `/search ${q}`, mention });
        expect(last.embeds).toHaveLength(results.length - (pages - 1) * RESULTS_PER_PAGE);
        expect(questionFromContent(last.content)).toBe(`/search ${clean}`.trim());
        expect(mentionFromContent(last.content)).toBe(mention);
        if (pages > 1) {
          const [prev, next] = last.components[0].components;
          expect(parsePageCustomId(prev.custom_id)).toEqual({ command: 'search', page: pages - 2 });
          expect(next.disabled).toBe(true);
        } else expect(last.components).toEqual([]);
      }),
      RUNS,
    );
  });

  it('points at nobody from a reply only the asker sees', () => {
    const r = renderDiscord({ command: 'search', query: 'q', results: [] }, { mention: '123', ephemeral: true });
    expect(r.allowedMentions).toEqual({ parse: [] });
    expect(r.content).not.toContain('<@123>');
    expect(renderDiscord({ command: 'search', query: 'q', results: [] }, { mention: '123' }).allowedMentions).toEqual({
      parse: [],
      users: ['123'],
    });
  });

  it('links the title only to http(s) URLs', () => {
    const base: Result = { answer: 'a', excerpt: 'a', citation: { docId: 'd', title: 't', paragraph: 1 } };
    const url = (u: string) =>
      renderDiscord({ command: 'search', query: 'q', results: [{ ...base, citation: { ...base.citation, url: u } }] }).embeds[0].url;
    expect(url('https://example.com/a')).toBe('https://example.com/a');
    expect(url('javascript:alert(1)')).toBeUndefined();
    expect(url('not a url')).toBeUndefined();
  });

  it('renders a bad query as an ephemeral ❌ that points at nobody, and an exception with its error id only', () => {
    const r = renderDiscord({ command: 'search', query: 'x', error: 'Type some words @everyone' }, { mention: '123' });
    expect(r.ephemeral).toBe(true);
    expect(r.content).toContain(`${MARKS.error} Type some words @\u200beveryone`);
    expect(r.allowedMentions).toEqual({ parse: [] });
    const f = renderFailure('ab12cd34');
    expect(f.ephemeral).toBe(true);
    expect(f.content).toMatch(/^❌ .*`ab12cd34`/);
  });
});

describe('escape round trips', () => {
  it('decodeInert undoes inert, and plain stays on one line', () => {
    fc.assert(
      fc.property(hostile(30), (s) => {
        const t = s.replace(/\u200b/g, '');
        expect(decodeInert(inert(t))).toBe(t);
        expect(plain(s)).not.toMatch(/[\n\r\u0000-\u001f]/);
        expect(plain(s)).not.toMatch(LIVE_MENTION);
      }),
      RUNS,
    );
  });
});

describe('autocomplete choices', () => {
  it('are at most 25, named 1–100 characters, with values that were never cut', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: hostile(30), value: fc.string({ maxLength: 150 }) }), { maxLength: 60 }), (choices) => {
        const out = renderChoices(choices);
        expect(out.length).toBeLessThanOrEqual(LIMITS.autocompleteChoices);
        for (const c of out) {
          expect(c.name.length).toBeGreaterThanOrEqual(1);
          expect(c.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
          expect(c.value.length).toBeLessThanOrEqual(LIMITS.choiceValue);
          expect(choices.some((x) => x.value === c.value)).toBe(true);
        }
        expect(new Set(out.map((c) => c.value)).size).toBe(out.length);
      }),
      RUNS,
    );
  });
});

describe('command JSON', () => {
  it('is valid for every command of the registry, with hide and mention on answering commands', () => {
    const all = commandsJson(commands);
    expect(all.flatMap(commandProblems)).toEqual([]);
    for (const j of all) {
      const def = commands.find((c) => c.definition.name === j.name)!.definition;
      const names = def.subcommands?.length ? j.options.flatMap((s) => (s.options ?? []).map((o) => o.name)) : j.options.map((o) => o.name);
      expect(names.includes('hide')).toBe(Boolean(def.answers));
      expect(names.includes('mention')).toBe(Boolean(def.answers));
    }
  });

  it('maps every kind of option, subcommands and the member permission', () => {
    const j = commandJson({
      name: 'digest',
      description: 'x',
      usage: '/digest',
      memberPermission: 'ManageGuild',
      subcommands: [
        {
          name: 'setup',
          description: 'set up',
          options: [
            { name: 'time', description: 't', type: 'string', choices: [{ name: 'a', value: 'a' }], autocomplete: true },
            { name: 'channel', description: 'c', type: 'channel', required: true },
            { name: 'days', description: 'd', type: 'integer', minValue: 1, maxValue: 7 },
            { name: 'quiet', description: 'q', type: 'boolean' },
            { name: 'who', description: 'w', type: 'user' },
          ],
        },
        { name: 'off', description: 'off' },
      ],
    });
    expect(j.default_member_permissions).toBe('32');
    const setup = j.options[0];
    expect(setup.type).toBe(1);
    // Required first; choices win over autocomplete.
    expect(setup.options!.map((o) => [o.name, o.type])).toEqual([
      ['channel', 7],
      ['time', 3],
      ['days', 4],
      ['quiet', 5],
      ['who', 6],
    ]);
    expect(setup.options![1].autocomplete).toBeUndefined();
    expect(setup.options![2]).toMatchObject({ min_value: 1, max_value: 7 });
    expect(commandProblems(j)).toEqual([]);
    expect(commandProblems({ ...j, name: 'Bad Name' })).not.toEqual([]);
  });
});

describe('cooldown', () => {
  it('lets a user through once per period, tells how long to wait, and forgets idle users', () => {
    let now = 0;
    const c = new Cooldown(2, () => now, 3);
    expect(c.take('a')).toBe(0);
    now = 500;
    expect(c.take('a')).toBe(1500);
    expect(c.take('b')).toBe(0);
    now = 2000;
    expect(c.take('a')).toBe(0);
    now = 10_000;
    c.take('c');
    c.take('d');
    expect(c.size).toBeLessThanOrEqual(3);
    expect(new Cooldown(0).take('a')).toBe(0);
  });
});
