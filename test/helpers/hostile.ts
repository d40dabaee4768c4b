/**
 * Hostile input for the hardening tests: the strings people (and documents) throw at a bot,
 * fast-check generators of queries and of whole documents built from them, and the checks
 * every answer and every rendered reply must pass, whatever went in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import type { CommandContext } from '../../src/commands/types.js';
import type { Corpus } from '../../src/index/corpus.js';
import { renderDiscord, type DiscordReply } from '../../src/render/discord.js';
import { renderJson } from '../../src/render/json.js';
import { replyViolations } from '../../src/render/limits.js';
import { renderText } from '../../src/render/text.js';
import { corpusOf, DATA, tempCorpus } from './corpus.js';
import { contextFor } from '../../src/commands/context.js';

/** What people paste into a chat box to break, ping, format or confuse a bot. */
export const HOSTILE_TOKENS: readonly string[] = [
  '@everyone',
  '@here',
  '@EveryOne',
  '@@here',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&223456789012345678>',
  '<#323456789012345678>',
  '</who:423456789012345678>',
  '<:pepe:523456789012345678>',
  '<a:dance:623456789012345678>',
  '<t:1700000000:R>',
  '<id:customize>',
  '**bold**',
  '__under__',
  '*it*',
  '_it_',
  '~~strike~~',
  '||spoiler||',
  '`code`',
  '```js\nevil()\n```',
  '> quoted',
  '>>> all quoted',
  '# Heading',
  '## Sub',
  '-# subtext',
  '- item',
  '* item',
  '1. item',
  '[click here](https://evil.test/x)',
  '<https://evil.test>',
  'https://evil.test/path?q=1&r=2',
  'javascript:alert(1)',
  '.*+?^${}()|[]\\',
  '(?:a+)+$',
  '(a|a)*b',
  '\\',
  '\\\\',
  '\\*',
  '😀',
  '👍🏽',
  '🏳️‍🌈',
  '\u202eevil\u202c',
  'مرحبا بالعالم',
  'שלום עולם',
  '\u200b',
  '\u200c\u200d\ufeff',
  '\u2028',
  '\u0000',
  '\u0007',
  '\r\n',
  '\t',
  '%s%n%d',
  "'; DROP TABLE x; --",
  '<script>alert(1)</script>',
  '&amp;&lt;&#64;',
  'ｆｕｌｌｗｉｄｔｈ',
  'Z̴̡̛a̷l̸g̶o̵',
  '\ud800',
  'order:date',
  'name:',
  ':',
  '/who',
];

/** Words the test corpora contain, so that hostile queries also reach results, not just errors. */
export const VOCABULARY: readonly string[] = [
  'border',
  'security',
  'minister',
  'Pakistan',
  'Iran',
  'talks',
  'harbour',
  'storm',
  'said',
  'January',
  '2022',
  'attack',
  'Vahidi',
  'Munir',
  'president',
  'government',
  'reporters',
  'bridge',
  'Marlow',
  'Okafor',
  'council',
  'spokesperson',
];

/** 6,000 characters and more: what a paste of a whole article looks like. */
export const LONG_INPUTS: readonly string[] = [
  'a'.repeat(6000),
  'border security '.repeat(400),
  '@everyone '.repeat(700),
  '**'.repeat(3100),
  '😀'.repeat(3000),
  '\\'.repeat(6001),
  '<@123456789012345678>'.repeat(300),
  `${'[x](https://evil.test) '.repeat(200)}`,
];

export const EMPTY_INPUTS: readonly string[] = ['', ' ', '\t', '\n', '\u200b', '\u200b\u200c\ufeff', '   \n  '];

const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TOKENS) },
  { weight: 3, arbitrary: fc.constantFrom(...VOCABULARY) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

/** A query: empty, long, or a mix of hostile tokens, real words and random Unicode. */
export const queryArb: fc.Arbitrary<string> = fc.oneof(
  // Real words with something hostile around them: these reach results.
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom(...HOSTILE_TOKENS), { nil: '' }),
        fc.nat(3),
      )
      .map(([words, h, at]) => [...words.slice(0, at), h, ...words.slice(at)].join(' ')),
  },
  {
    weight: 8,
    arbitrary: fc
      .array(fragment, { minLength: 1, maxLength: 8 })
      .chain((parts) => fc.constantFrom(parts.join(' '), parts.join(''), parts.join('\n'))),
  },
  { weight: 1, arbitrary: fc.constantFrom(...EMPTY_INPUTS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fragment, fc.integer({ min: 300, max: 6500 }))
      .map(([f, n]) => (f || 'x').repeat(Math.ceil(n / Math.max(1, (f || 'x').length))).slice(0, n)),
  },
);

// ——— documents ———

/** Documents that carry mentions, markdown and links in every field a reply shows. */
export const HOSTILE_DOCS: Record<string, string> = {
  'hostile/breaking.md': `---
title: "**Breaking** @everyone <@123456789012345678> [click](https://evil.test)"
source: "<@&223456789012345678> Daily"
url: "https://evil.test/@here"
published: 2023-05-06
---

Leila Haddad, the @everyone coordinator of the **Eastport** council, said on Jan. 25 that the harbour would reopen.

"We will never let ||spoilers|| or \`code\` stop the harbour," Haddad said on Monday.

# Heading with <#323456789012345678>

Kemal Novak, the spokesperson for [the council](https://evil.test), told reporters: "@here the bridge is closed until March 2024."
`,
  'hostile/plain.txt': `> Quote-block headline @here
1. Numbered line that is not a list of ours
-# Omar Baig, the ~~former~~ mayor of Eastport, said in 2015 that __nothing__ would change. <t:1700000000:R> <:pepe:523456789012345678>

“Trust me: *all* of it is fine,” Omar Baig said last week. \u202eReversed text\u202c and zero\u200bwidth and 👍🏽 emoji.
`,
};

const FIRST = [
  'Amara',
  'Bilal',
  'Chen',
  'Dara',
  'Elif',
  'Farid',
  'Greta',
  'Hamid',
  'Ines',
  'Jonas',
  'Kemal',
  'Leila',
  'Mateo',
  'Nadia',
  'Omar',
];
const LAST = ['Okafor', 'Marlow', 'Qureshi', 'Lindqvist', 'Haddad', 'Moreau', 'Tanaka', 'Rahimi', 'Castillo', 'Novak', 'Baig', 'Farrow'];
const ROLES = [
  'interior minister',
  'foreign minister',
  'army spokesperson',
  'chief executive of Harlow Freight',
  'mayor of Eastport',
  'senior analyst at the Rowan Institute',
  'president',
  'police chief',
];
const NOUNS = ['border', 'harbour', 'bridge', 'budget', 'election', 'pipeline', 'treaty', 'factory', 'ceasefire', 'railway'];
const VERBS = ['reopen', 'close', 'expand', 'collapse', 'resume', 'stall', 'be reviewed', 'be funded'];
const DATES = [
  'on Monday',
  'on Jan. 25',
  'on 25 January 2022',
  'in March 2019',
  'last week',
  'in 2015',
  'between August 2023 and August 2025',
  'on Feb 3, 2021',
  'a week before the vote',
  'yesterday',
];
const ORGS = ['the Harbour Authority', 'Harlow Freight', 'the Rowan Institute', 'the Eastport Council', 'the United Nations'];

export const nameArb = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([f, l]) => `${f} ${l}`) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.stringMatching(/^[A-Z][a-z]{2,7}$/), fc.stringMatching(/^[A-Z][a-z]{3,9}$/)).map(([f, l]) => `${f} ${l}`),
  },
);

const hostileArb = fc.constantFrom(...HOSTILE_TOKENS);
const freeArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 });

/** One sentence of news-like text, with names, roles, dates, quotations, and hostile fragments. */
function sentenceArb(names: string[]): fc.Arbitrary<string> {
  const name = fc.constantFrom(...names);
  const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
  return fc.oneof(
    fc
      .tuple(name, pick(ROLES), pick(DATES), pick(NOUNS), pick(VERBS))
      .map(([n, r, d, o, v]) => `${n}, the ${r}, said ${d} that the ${o} would ${v}.`),
    fc.tuple(name, pick(NOUNS), hostileArb, pick(VERBS)).map(([n, o, h, v]) => `“The ${o} will ${v} ${h},” ${n} said.`),
    fc
      .tuple(name, pick(ROLES), pick(NOUNS), hostileArb)
      .map(([n, r, o, h]) => `${r[0].toUpperCase()}${r.slice(1)} ${n} told reporters: "We will not let the ${o} ${h} fail."`),
    fc
      .tuple(pick(DATES), pick(ORGS), hostileArb, pick(NOUNS))
      .map(([d, g, h, o]) => `${d[0].toUpperCase()}${d.slice(1)}, ${g} announced ${h} a new ${o} plan.`),
    fc.tuple(name, pick(ORGS), pick(DATES)).map(([n, g, d]) => `${n} of ${g} was appointed ${d}.`),
    fc.tuple(hostileArb, freeArb, hostileArb).map(([a, f, b]) => `${a} ${f} ${b}.`),
    fc.tuple(freeArb, pick(NOUNS)).map(([f, o]) => `The ${o} report said ${f}.`),
  );
}

export interface GeneratedDoc {
  /** Relative path with extension. */
  file: string;
  content: string;
  /** The names used in it (for queries). */
  names: string[];
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A document: front matter or not, md/txt/html, paragraphs of generated sentences, headings and lists. */
export const docArb: fc.Arbitrary<Omit<GeneratedDoc, 'file'> & { ext: 'md' | 'txt' | 'html' }> = fc
  .array(nameArb, { minLength: 1, maxLength: 3 })
  .chain((names) =>
    fc.record({
      names: fc.constant(names),
      // HTML costs most to read (a DOM and Readability); it is one document in five.
      ext: fc.oneof(
        { weight: 2, arbitrary: fc.constant('md' as const) },
        { weight: 2, arbitrary: fc.constant('txt' as const) },
        { weight: 1, arbitrary: fc.constant('html' as const) },
      ),
      frontMatter: fc.boolean(),
      title: fc.oneof(
        fc.tuple(fc.constantFrom(...NOUNS), fc.constantFrom(...VERBS)).map(([o, v]) => `The ${o} will ${v}`),
        fc.tuple(hostileArb, freeArb).map(([h, f]) => `${h} ${f}`),
      ),
      source: fc.option(fc.oneof(fc.constantFrom('Wire', 'Daily Ledger'), hostileArb), { nil: undefined }),
      published: fc.option(
        fc.oneof(
          fc.constantFrom('2022', '2022-02', '2022-02-14', '1987-02-26T15:01:01Z', 'soon', '2022-13-40'),
          fc
            .date({ min: new Date('1990-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10)),
        ),
        { nil: undefined },
      ),
      url: fc.option(fc.constantFrom('https://news.test/a?b=1', 'javascript:alert(1)', 'not a url', 'https://evil.test/@everyone'), {
        nil: undefined,
      }),
      blocks: fc.array(
        fc.oneof(
          {
            weight: 6,
            arbitrary: fc.array(sentenceArb(names), { minLength: 1, maxLength: 3 }).map((s) => ({ kind: 'p' as const, text: s.join(' ') })),
          },
          {
            weight: 1,
            arbitrary: fc.tuple(fc.constantFrom(...NOUNS), hostileArb).map(([o, h]) => ({ kind: 'h' as const, text: `The ${o} ${h}` })),
          },
          {
            weight: 1,
            arbitrary: fc.array(sentenceArb(names), { minLength: 1, maxLength: 3 }).map((items) => ({ kind: 'li' as const, items })),
          },
        ),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  )
  .map((d) => {
    let content: string;
    if (d.ext === 'html') {
      const body = d.blocks
        .map((b) =>
          b.kind === 'p'
            ? `<p>${escapeHtml(b.text)}</p>`
            : b.kind === 'h'
              ? `<h2>${escapeHtml(b.text)}</h2>`
              : `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
        )
        .join('\n');
      const meta = [
        d.published ? `<meta property="article:published_time" content="${escapeHtml(d.published)}">` : '',
        d.source ? `<meta property="og:site_name" content="${escapeHtml(d.source)}">` : '',
      ].join('');
      content = `<!doctype html><html><head><title>${escapeHtml(d.title)}</title>${meta}<script>window.x = "@everyone"</script></head><body><article><h1>${escapeHtml(d.title)}</h1>\n${body}</article></body></html>`;
    } else {
      const body = d.blocks
        .map((b) => (b.kind === 'p' ? b.text : b.kind === 'h' ? `# ${b.text}` : b.items.map((i) => `- ${i}`).join('\n')))
        .join('\n\n');
      if (d.frontMatter) {
        const fm = [`title: ${yamlString(d.title)}`];
        if (d.source) fm.push(`source: ${yamlString(d.source)}`);
        if (d.published) fm.push(`published: ${yamlString(d.published)}`);
        if (d.url) fm.push(`url: ${yamlString(d.url)}`);
        content = `---\n${fm.join('\n')}\n---\n\n${body}\n`;
      } else {
        content = `${d.title.replace(/\n/g, ' ')}\n\n${body}\n`;
      }
    }
    return { content, names: d.names, ext: d.ext };
  });

// ——— checks ———

const ws = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The cleaned text of a document, paragraphs joined, whitespace folded. */
const docTextCache = new WeakMap<object, string>();
function docText(corpus: Corpus, doc: number): string {
  const d = corpus.docs[doc];
  let t = docTextCache.get(d);
  if (t === undefined) {
    t = ws(d.paragraphs.map((p) => p.text).join(' '));
    docTextCache.set(d, t);
  }
  return t;
}

/**
 * An answer is well formed and every result is a verbatim passage of a document of this corpus,
 * cited by the document's own title and a paragraph it has.
 */
export function checkAnswer(corpus: Corpus, a: Answer): void {
  expect(typeof a.command).toBe('string');
  expect(typeof a.query).toBe('string');
  if (a.error !== undefined) {
    expect(typeof a.error).toBe('string');
    expect(a.error.trim().length).toBeGreaterThan(0);
    expect(a.results).toBeUndefined();
    return;
  }
  // Read as unchecked data: the union's types say results are there; the run must show it too.
  const shape: { results?: unknown; lines?: unknown } = a;
  expect(shape.results !== undefined || shape.lines !== undefined).toBe(true);
  for (const r of a.results ?? []) {
    expect(typeof r.answer).toBe('string');
    expect(typeof r.excerpt).toBe('string');
    const c = r.citation;
    const doc = corpus.docIndex(c.docId);
    expect(doc, `citation of a document not in the corpus: ${c.docId}`).toBeDefined();
    const d = corpus.docs[doc!];
    expect(c.title).toBe(d.meta.title);
    expect(
      Number.isInteger(c.paragraph) && c.paragraph >= 1 && c.paragraph <= d.paragraphs.length,
      `paragraph ${c.paragraph} of ${c.docId}`,
    ).toBe(true);
    const text = docText(corpus, doc!);
    // Long excerpts may be shortened with an ellipsis between verbatim pieces.
    for (const piece of r.excerpt
      .split(/\s*…\s*/)
      .map(ws)
      .filter(Boolean)) {
      expect(text.includes(piece), `excerpt not verbatim in ${c.docId}: ${JSON.stringify(piece.slice(0, 200))}`).toBe(true);
    }
  }
}

/** JSON output parses back to the same command, query, error and results. */
export function checkJson(a: Answer): void {
  const line = renderJson(a);
  expect(line.includes('\n')).toBe(false);
  const back = JSON.parse(line);
  expect(back.command).toBe(a.command);
  expect(back.query).toBe(JSON.parse(JSON.stringify(a.query)));
  if (a.error !== undefined) expect(back.error).toBe(JSON.parse(JSON.stringify(a.error)));
  else expect(back.results).toHaveLength(a.results?.length ?? 0);
}

const MENTION = /@(everyone|here)|<(@[!&]?|#|\/|a?:\w|t:-?\d|id:)/i;

/** Every surface of a reply, and whether Discord renders markdown there. */
function surfaces(r: DiscordReply): { where: string; text: string; markdown: boolean }[] {
  const out = [{ where: 'content', text: r.content, markdown: true }];
  r.embeds.forEach((e, i) => {
    if (e.title) out.push({ where: `embed ${i} title`, text: e.title, markdown: true });
    if (e.description) out.push({ where: `embed ${i} description`, text: e.description, markdown: true });
    for (const f of e.fields ?? []) {
      out.push({ where: `embed ${i} field name`, text: f.name, markdown: true });
      out.push({ where: `embed ${i} field value`, text: f.value, markdown: true });
    }
    if (e.footer) out.push({ where: `embed ${i} footer`, text: e.footer.text, markdown: false });
  });
  for (const row of r.components) for (const c of row.components) out.push({ where: 'button label', text: c.label, markdown: false });
  return out;
}

/**
 * Markdown that could only have come from document or user text: any unescaped `_ ~ | \` [ ] ( ) # -`,
 * a `*` not part of a `**` pair of ours, a `>` that is not our quote block, a link, a numbered
 * list. Returns what was found, or undefined when the text is clean.
 */
export function rawMarkdown(text: string): string | undefined {
  let bold = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if ('_~|`[]()#-'.includes(c)) return `unescaped ${c} at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 30), i + 30))}`;
    if (c === '*') {
      if (text[i + 1] !== '*') return `lone * at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 30), i + 30))}`;
      bold++;
      i++;
      continue;
    }
    if (c === '>' && !((i === 0 || text[i - 1] === '\n') && text[i + 1] === ' '))
      return `unescaped > at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 30), i + 30))}`;
    if (c === ':' && text.startsWith('//', i + 1)) return `a link at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 30), i + 30))}`;
  }
  if (bold % 2 !== 0) return `unbalanced ** in ${JSON.stringify(text.slice(0, 80))}`;
  const list = /^[ \t]*\d+\.(?:[ \t]|$)/m.exec(text);
  if (list) return `a numbered list: ${JSON.stringify(list[0])}`;
  return undefined;
}

/**
 * A Discord reply is inside every limit, pings nobody (or only the user it was asked to point
 * at), and shows no markdown, mention or link that came from document or user text.
 */
export function checkDiscord(r: DiscordReply, mention?: string): void {
  expect(replyViolations(r)).toEqual([]);
  expect(r.allowedMentions.parse).toEqual([]);
  expect(r.allowedMentions.users ?? []).toEqual(mention ? [mention] : []);
  for (const s of surfaces(r)) {
    let text = s.text;
    if (mention && s.where === 'content') {
      // The one pointer line of ours; anything else shaped like a mention is a fault.
      expect(text.split(`<@${mention}>`).length - 1).toBe(1);
      text = text.replace(`<@${mention}>`, '');
    }
    const m = MENTION.exec(text);
    expect(m, `${s.where} would ping or resolve ${m?.[0]}: ${JSON.stringify(text.slice(0, 200))}`).toBeNull();
    if (s.markdown) expect(rawMarkdown(text), `${s.where}`).toBeUndefined();
    else expect(/[\u0000-\u001f]/.test(text), `${s.where} has control characters`).toBe(false);
  }
}

/** Every renderer on one answer: text, JSON, Discord on its first and last page, with and without a mention. */
export function checkRendered(a: Answer, question: string): void {
  expect(typeof renderText(a)).toBe('string');
  checkJson(a);
  checkDiscord(renderDiscord(a, { question }));
  checkDiscord(
    renderDiscord(a, { question, page: 1e6, mention: '987654321098765432' }),
    a.error === undefined ? '987654321098765432' : undefined,
  );
}

/** The seeds plus the hostile documents as a corpus, and a console-like context over it. */
export async function hostileContext(): Promise<{ corpus: Corpus; ctx: CommandContext }> {
  const files: Record<string, string> = { ...HOSTILE_DOCS };
  for (const f of readdirSync(DATA)) files[f] = readFileSync(path.join(DATA, f), 'utf8');
  const corpus = await corpusOf(tempCorpus(files));
  const ctx = contextFor(corpus, { now: () => new Date('2025-06-01T00:00:00Z') });
  return { corpus, ctx };
}
