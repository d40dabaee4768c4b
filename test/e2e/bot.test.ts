/**
 * The bot end to end: the real discord.js client, connected to the fake Discord, answering
 * slash commands from the seed corpus. Assertions are on the REST bodies Discord would receive.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { commands } from '../../src/commands/index.js';
import { runLine } from '../../src/commands/parse.js';
import type { Command } from '../../src/commands/types.js';
import { decodeInert } from '../../src/render/escape.js';
import { renderJson } from '../../src/render/json.js';
import { MARKS, replyViolations } from '../../src/render/limits.js';
import { citationLine, renderText } from '../../src/render/text.js';
import { PERMISSIONS, type FakeMessage, type InteractionReply } from '../helpers/fake-discord.js';
import { startHarness, type Harness } from './harness.js';

const logLines: string[] = [];
const memoryLog = pino(
  { level: 'debug' },
  new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);

let h: Harness;

const testCommands: Command[] = [
  {
    definition: { name: 'boom', description: 'Always fails', usage: '/boom' },
    run() {
      throw new Error(`handler exploded while holding ${h.fake.token}`);
    },
  },
  {
    definition: {
      name: 'slow',
      description: 'Declared slow',
      usage: '/slow WORDS',
      defer: 'always',
      answers: true,
      options: [{ name: 'words', description: 'w', type: 'string', required: true }],
    },
    run(ctx, args) {
      return runLine(ctx, `/search ${String(args.words)}`);
    },
  },
  {
    definition: { name: 'lazy', description: 'Slower than it declares', usage: '/lazy', options: [] },
    async run() {
      await new Promise((r) => setTimeout(r, 300));
      return { command: 'lazy', query: '', lines: ['finally'], results: [] };
    },
  },
  {
    definition: { name: 'admin', description: 'Needs Manage Server', usage: '/admin', memberPermission: 'ManageGuild' },
    run() {
      return { command: 'admin', query: '', lines: ['configured'], results: [] };
    },
  },
  {
    definition: {
      name: 'suggest',
      description: 'Too many suggestions',
      usage: '/suggest NAME',
      options: [{ name: 'name', description: 'n', type: 'string', required: true, autocomplete: true }],
    },
    run(_ctx, args) {
      return { command: 'suggest', query: String(args.name), lines: [`got ${String(args.name)}`], results: [] };
    },
    autocomplete(_ctx, _option, value) {
      return Array.from({ length: 40 }, (_, i) => ({
        name: `${value} ${'long name '.repeat(i % 3 ? 1 : 20)}${i} @everyone`,
        value: i === 1 ? 'v'.repeat(150) : `${value}-${i}`,
      }));
    },
  },
];

beforeAll(async () => {
  const { App } = await import('../../src/app.js');
  const { DATA } = await import('../helpers/corpus.js');
  const app = await App.start({ dataDir: DATA, maxBytes: 5 * 1024 * 1024, workers: 0, commands: [...commands, ...testCommands] });
  h = await startHarness({ app, bot: { log: memoryLog, deferAfterMs: 100 } });
});

afterAll(async () => {
  await h?.stop();
});

/** What the console and JSON give for the same line. */
async function engine(line: string): Promise<Answer> {
  return runLine(h.app.context(), line);
}

/** The excerpt as the embed shows it, back to plain text: quote marker and our bold removed, escapes undone. */
function shownExcerpt(description: string): string {
  const quote = description.split('\n').find((l) => l.startsWith('> ')) ?? '';
  return decodeInert(quote.slice(2).replace(/(?<!\\)\*\*/g, ''));
}

function field(embed: { fields?: { name: string; value: string }[] }, name: string): string | undefined {
  return embed.fields?.find((f) => f.name === name)?.value;
}

function expectSafe(message: FakeMessage): void {
  expect(replyViolations(message as never)).toEqual([]);
  expect(message.allowed_mentions?.parse).toEqual([]);
}

describe('slash commands through the fake Discord', () => {
  it('answers /search at once with cited embeds and pings nobody', async () => {
    const reply = await h.fake.interact({ name: 'search', options: { words: 'border attacks' } });
    expect(reply.type).toBe(4);
    expect(reply.ephemeral).toBe(false);
    const m = reply.message;
    expectSafe(m);
    expect(m.allowed_mentions.users ?? []).toEqual([]);
    expect(m.content.split('\n')[0]).toBe('**/search** border attacks');
    const answer = await engine('/search border attacks');
    expect(answer.results!.length).toBeGreaterThan(0);
    expect(m.embeds.length).toBe(Math.min(3, answer.results!.length));
    m.embeds.forEach((e: any, i: number) => {
      const r = answer.results![i];
      expect(decodeInert(e.title)).toBe(r.citation.title);
      expect(e.url).toBe(r.citation.url);
      expect(field(e, 'Paragraph')).toBe(`¶${r.citation.paragraph}`);
      if (r.citation.source) expect(decodeInert(field(e, 'Outlet')!)).toBe(r.citation.source);
      if (r.citation.published) expect(decodeInert(field(e, 'Published')!)).toBe(r.citation.published);
      expect(e.footer.text).toBe(`${i + 1}/${answer.results!.length} · ${r.citation.docId}`);
      expect(shownExcerpt(e.description)).toBe(r.excerpt.replace(/\s+/g, ' ').trim());
    });
  });

  it('gives the same facts and citations in the console, in JSON and in Discord, for every answering command', async () => {
    const questions: Record<string, string> = {
      search: 'Vahidi Islamabad',
      who: 'Asim Munir',
      when: 'attack Kech',
      quote: 'Vahidi',
      timeline: 'border',
    };
    for (const c of commands.filter((c) => c.definition.answers)) {
      const name = c.definition.name;
      const q = questions[name] ?? 'border';
      const line = `/${name} ${q}`;
      const answer = await engine(line);
      const json = JSON.parse(renderJson(answer));
      const text = renderText(answer);
      const option = c.definition.options?.find((o) => o.type === 'string')?.name;
      const reply = await h.fake.interact({ name, options: option ? { [option]: q } : {} });
      const m = reply.message;
      expectSafe(m);
      if (answer.error !== undefined) {
        expect(json.error).toBe(answer.error);
        expect(text).toContain(answer.error);
        expect(reply.ephemeral).toBe(true);
        expect(decodeInert(m.content)).toContain(`${MARKS.error} ${answer.error}`.slice(0, 200));
        continue;
      }
      const results = answer.results ?? [];
      expect(json.results).toHaveLength(results.length);
      expect(m.embeds).toHaveLength(Math.min(3, results.length));
      m.embeds.forEach((e: any, i: number) => {
        const r = results[i];
        // Console text, JSON and the embed carry the same citation and excerpt.
        expect(text).toContain(citationLine(r.citation));
        expect(json.results[i].citation).toEqual(r.citation);
        expect(json.results[i].excerpt).toBe(r.excerpt);
        expect(decodeInert(e.title)).toBe(r.citation.title);
        expect(e.footer.text).toBe(`${i + 1}/${results.length} · ${r.citation.docId}`);
        expect(field(e, 'Paragraph')).toBe(`¶${r.citation.paragraph}`);
        expect(shownExcerpt(e.description)).toBe(r.excerpt.replace(/\s+/g, ' ').trim());
        expect(e.description.length).toBeGreaterThan(0);
      });
    }
  });

  it('renders /help and /about as lines', async () => {
    const help = await h.fake.interact({ name: 'help' });
    expectSafe(help.message);
    const helpText = decodeInert(help.message.embeds[0].description);
    for (const c of commands) expect(helpText).toContain(c.definition.usage);
    const about = await h.fake.interact({ name: 'about' });
    expectSafe(about.message);
    expect(decodeInert(about.message.embeds[0].description)).toContain(`Documents: ${h.app.corpus.docs.length}`);
  });

  it('hides the answer from the channel with hide:true', async () => {
    const reply = await h.fake.interact({ name: 'search', options: { words: 'Gwadar', hide: true } });
    expect(reply.ephemeral).toBe(true);
    expect(reply.message.flags & 64).toBe(64);
    expect(reply.message.embeds.length).toBeGreaterThan(0);
  });

  it('points a teammate at the answer with mention: only that user may be pinged', async () => {
    const teammate = '800000000000000042';
    const reply = await h.fake.interact({
      name: 'search',
      options: { words: 'Gwadar @everyone <@&123>', mention: { user: { id: teammate } } },
    });
    const m = reply.message;
    expect(m.allowed_mentions).toEqual({ parse: [], users: [teammate] });
    expect(m.content.split('\n')[0]).toBe(`${MARKS.pointer} <@${teammate}>`);
    expect(m.content).not.toMatch(/@everyone|<@&\d/);
    expect(reply.ephemeral).toBe(false);
  });

  it('pages through results with stateless buttons, also after the bot restarts', async () => {
    const answer = await engine('/search border');
    const n = answer.results!.length;
    expect(n).toBeGreaterThan(3);
    const first = await h.fake.interact({ name: 'search', options: { words: 'border', mention: { user: { id: '800000000000000077' } } } });
    const [prev, next] = first.message.components[0].components;
    expect(prev.disabled).toBe(true);
    expect(next.disabled).toBe(false);
    expect(next.custom_id.length).toBeLessThanOrEqual(100);
    const second = await h.fake.clickButton(next.custom_id, first);
    expect(second.type).toBe(7);
    expectSafe(second.message);
    // A page edit keeps the pointer but pings nobody again.
    expect(second.message.allowed_mentions).toEqual({ parse: [] });
    expect(second.message.content).toContain('<@800000000000000077>');
    expect(second.message.embeds[0].footer.text).toBe(`4/${n} · ${answer.results![3].citation.docId}`);
    expect(shownExcerpt(second.message.embeds[0].description)).toBe(answer.results![3].excerpt.replace(/\s+/g, ' ').trim());
    expect(second.message.content).toContain(`Results 4–${Math.min(6, n)} of ${n}`);

    // Restart the bot (not the fake): the old message's buttons still work.
    await h.bot.stop();
    const { startBot } = await import('../../src/send/discord/bot.js');
    h.bot = await startBot(h.app, h.config, { signals: false, log: memoryLog, deferAfterMs: 100 });
    const back = await h.fake.clickButton(second.message.components[0].components[0].custom_id, second);
    expect(back.type).toBe(7);
    expect(back.message.embeds).toEqual(first.message.embeds);
  });

  it('defers while the corpus reloads, then edits the original', async () => {
    h.app.status.reloading = true;
    try {
      const reply = await h.fake.interact({ name: 'search', options: { words: 'Gwadar', hide: true } });
      expect(reply.type).toBe(5);
      expect(reply.ephemeral).toBe(true);
      expect(reply.edits).toHaveLength(1);
      expect(reply.edits[0].embeds.length).toBeGreaterThan(0);
      expect(reply.edits[0].allowed_mentions).toEqual({ parse: [] });
      // Filling a deferred reply is its first showing: the named teammate may be pinged by it.
      const pointed = await h.fake.interact({
        name: 'search',
        options: { words: 'Gwadar', mention: { user: { id: '800000000000000055' } } },
      });
      expect(pointed.type).toBe(5);
      expect(pointed.edits[0].allowed_mentions).toEqual({ parse: [], users: ['800000000000000055'] });
    } finally {
      h.app.status.reloading = false;
    }
    const fast = await h.fake.interact({ name: 'search', options: { words: 'Gwadar' } });
    expect(fast.type).toBe(4);
  });

  it('answers a command it does not know and a button it did not make with a short note', async () => {
    const unknown = await h.fake.interact({ name: 'retired' });
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.message.content).toMatch(/^❌ .*\/help/);
    const stray = await h.fake.clickButton('someone-elses:button', {
      id: '1',
      channel_id: h.fake.channelId,
      content: 'hello',
      embeds: [],
      components: [],
      flags: 0,
    });
    expect(stray.type).toBe(4);
    expect(stray.ephemeral).toBe(true);
    expect(stray.message.content).toMatch(/no longer works/);
  });

  it('defers an interaction that waited in a queue before its turn came, and answers on a large corpus', async () => {
    const { startBot } = await import('../../src/send/discord/bot.js');
    await h.bot.stop();
    h.bot = await startBot(h.app, h.config, { signals: false, log: memoryLog, deferAfterMs: 100, lateAfterMs: -1 });
    try {
      const reply = await h.fake.interact({ name: 'search', options: { words: 'Gwadar' } });
      expect(reply.type).toBe(5);
      expect(reply.message.embeds.length).toBeGreaterThan(0);
      // A corpus above the size limit: answering commands defer, /help does not.
      await h.bot.stop();
      h.bot = await startBot(h.app, h.config, {
        signals: false,
        log: memoryLog,
        deferAfterMs: 100,
        largeCorpusDocs: h.app.corpus.docs.length - 1,
      });
      expect((await h.fake.interact({ name: 'search', options: { words: 'Gwadar' } })).type).toBe(5);
      expect((await h.fake.interact({ name: 'help' })).type).toBe(4);
    } finally {
      await h.bot.stop();
      h.bot = await startBot(h.app, h.config, { signals: false, log: memoryLog, deferAfterMs: 100 });
    }
  });

  it('defers a command declared slow, and one that turns out slow', async () => {
    const slow = await h.fake.interact({ name: 'slow', options: { words: 'Gwadar' } });
    expect(slow.type).toBe(5);
    expect(slow.message.embeds.length).toBeGreaterThan(0);
    const lazy = await h.fake.interact({ name: 'lazy' });
    expect(lazy.type).toBe(5);
    expect(lazy.firstResponseMs).toBeLessThan(3000);
    expect(decodeInert(lazy.message.embeds[0].description)).toBe('finally');
  });

  it('turns an exception into a short ephemeral ❌ reply whose error id is in the log, token redacted', async () => {
    const reply = await h.fake.interact({ name: 'boom' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.message.content.startsWith(MARKS.error)).toBe(true);
    const id = /`([0-9a-f]{8})`/.exec(reply.message.content)?.[1];
    expect(id).toBeDefined();
    expect(reply.message.content).not.toContain(h.fake.token);
    const logged = logLines.find((l) => l.includes(id!));
    expect(logged).toBeDefined();
    expect(JSON.parse(logged!).interactionId).toBe(reply.interactionId);
    expect(logLines.join('\n')).not.toContain(h.fake.token);
  });

  it('answers a bad query with a clear ephemeral error', async () => {
    const reply = await h.fake.interact({ name: 'search', options: { words: '   ' } });
    expect(reply.ephemeral).toBe(true);
    expect(reply.message.content).toContain(MARKS.error);
  });

  it('keeps a query built to break things inside the limits and pings nobody', async () => {
    const hostile =
      `@everyone @here <@&123> <@456> **bold** __u__ [link](https://evil.example) https://x.y \`code\` > quote # head ||spoiler|| ${'border '.repeat(900)}`.slice(
        0,
        6000,
      );
    expect(hostile.length).toBe(6000);
    for (const name of ['search', 'who', 'when', 'quote', 'timeline']) {
      const option = commands.find((c) => c.definition.name === name)!.definition.options!.find((o) => o.type === 'string')!.name;
      const reply = await h.fake.interact({ name, options: { [option]: hostile } });
      const m = reply.message;
      expectSafe(m);
      expect(m.allowed_mentions).toEqual({ parse: [] });
      const everything = [
        m.content,
        ...m.embeds.flatMap((e: any) => [e.title, e.description, e.footer?.text, ...(e.fields ?? []).map((f: any) => f.value)]),
      ].join('\n');
      expect(everything).not.toMatch(/@everyone|@here|<@&?\d|\]\(http|(?<!\\)\*\*bold|(?<!\u200b)\/\/evil/);
    }
  });

  it('serves autocomplete within the limits and answers free text that did not come from it', async () => {
    const reply = await h.fake.autocompleteReply({ name: 'suggest', options: { name: 'Asi' }, focused: 'name' });
    expect(reply.type).toBe(8);
    expect(reply.firstResponseMs).toBeLessThan(3000);
    const choices = reply.choices!;
    expect(choices).toHaveLength(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
      expect(c.name).not.toContain('@everyone');
    }
    const free = await h.fake.interact({ name: 'suggest', options: { name: 'typed by hand' } });
    expect(decodeInert(free.message.embeds[0].description)).toBe('got typed by hand');
  });

  it.skipIf(!commands.find((c) => c.definition.name === 'who')?.autocomplete)('suggests names for /who from the corpus', async () => {
    const choices = await h.fake.autocomplete({ name: 'who', options: { name: 'Asi' }, focused: 'name' });
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.some((c) => /Asim Munir/.test(c.name))).toBe(true);
  });

  it.skipIf(!commands.find((c) => c.definition.name === 'quote')?.autocomplete)(
    'suggests speakers for /quote, and answers the one picked',
    async () => {
      const choices = await h.fake.autocomplete({ name: 'quote', options: { query: 'Vahi' }, focused: 'query' });
      const vahidi = choices.find((c) => c.value === 'Ahmad Vahidi');
      expect(vahidi).toBeDefined();
      const reply = await h.fake.interact({ name: 'quote', options: { query: String(vahidi!.value) } });
      expectSafe(reply.message);
      expect(reply.message.embeds.length).toBeGreaterThan(0);
    },
  );

  it('checks the member permission a command declares', async () => {
    const denied = await h.fake.interact({ name: 'admin' });
    expect(denied.ephemeral).toBe(true);
    expect(denied.message.content).toMatch(/Manage Server/);
    const allowed = await h.fake.interact({ name: 'admin', permissions: PERMISSIONS.manageGuild });
    expect(decodeInert(allowed.message.embeds[0].description)).toBe('configured');
  });

  it('logs a failed reply with the interaction id and keeps answering', async () => {
    h.fake.failRequests({
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 400,
      times: 2,
      body: { message: 'Invalid Form Body', code: 50035 },
    });
    const failed = h.fake.interact({ name: 'search', options: { words: 'Gwadar' }, timeoutMs: 800 });
    await expect(failed).rejects.toThrow(/not answered/);
    const id = [...h.fake.replies.values()].at(-1)!.interactionId;
    await h.fake.waitFor(() => logLines.some((l) => l.includes(id) && l.includes('"level":50')));
    const again = await h.fake.interact({ name: 'search', options: { words: 'Gwadar' } });
    expect(again.message.embeds.length).toBeGreaterThan(0);
  });

  it('sends a reply again when the connection it went out on was found closed', async () => {
    h.fake.failRequests({ path: /\/callback$/, dropConnection: true });
    const reply = await h.fake.interact({ name: 'search', options: { words: 'Gwadar' } });
    expect(reply.message.embeds.length).toBeGreaterThan(0);
    expect(h.fake.requests.filter((r) => r.path.includes(reply.interactionId)).map((r) => r.status)).toEqual([-1, 204]);
  });

  it('resumes after the gateway drops and keeps answering', async () => {
    const before = h.fake.gateway.resumes;
    h.fake.closeGatewaySocket();
    const reply = await h.fake.interact({ name: 'search', options: { words: 'Gwadar' } });
    expect(reply.message.embeds.length).toBeGreaterThan(0);
    expect(h.fake.gateway.resumes).toBe(before + 1);
  });

  it('answers every one of a burst of concurrent commands', async () => {
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        h.fake.interact({
          name: i % 2 ? 'search' : 'who',
          options: i % 2 ? { words: 'border' } : { name: 'Asim Munir' },
          user: { id: String(810000000000000000n + BigInt(i)) },
          timeoutMs: 20_000,
        }),
      ),
    );
    for (const r of replies) {
      expect([4, 5]).toContain(r.type);
      expect(r.message.embeds.length).toBeGreaterThan(0);
      expectSafe(r.message);
    }
  });

  it('leaves no interaction unanswered and calls no route the fake does not know', () => {
    expect(h.fake.unhandled.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const unanswered = [...h.fake.replies.values()].filter((r: InteractionReply) => r.callbacks.length === 0);
    // Only the interaction whose callbacks were made to fail on purpose.
    expect(unanswered).toHaveLength(1);
  });
});

describe('cooldown', () => {
  let c: Harness;
  beforeAll(async () => {
    c = await startHarness({ env: { COOLDOWN_SECONDS: '30' } });
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('limits commands per user with a friendly ephemeral note; other users and autocomplete are unaffected', async () => {
    const first = await c.fake.interact({ name: 'search', options: { words: 'Gwadar' } });
    expect(first.message.embeds.length).toBeGreaterThan(0);
    const second = await c.fake.interact({ name: 'search', options: { words: 'Gwadar' } });
    expect(second.ephemeral).toBe(true);
    expect(second.message.content).toMatch(new RegExp(`^${MARKS.wait} .*again in (29|30) seconds`));
    const other = await c.fake.interact({
      name: 'search',
      options: { words: 'Gwadar' },
      user: { id: '800000000000000099', username: 'other' },
    });
    expect(other.message.embeds.length).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) {
      const ac = await c.fake.autocompleteReply({ name: 'who', options: { name: 'As' }, focused: 'name' });
      expect(ac.type).toBe(8);
    }
  });
});
