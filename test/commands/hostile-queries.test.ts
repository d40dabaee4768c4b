/**
 * Hostile queries, for every command, by both ways a query arrives — a console line (parsed) and
 * a Discord option value (as typed) — on a corpus whose documents are hostile too. No crash,
 * no ping, no markdown that is not ours, every reply inside Discord's limits.
 */
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { commands } from '../../src/commands/index.js';
import { runCommand, runLine } from '../../src/commands/parse.js';
import { primaryOption, type CommandContext } from '../../src/commands/types.js';
import type { Corpus } from '../../src/index/corpus.js';
import { renderDiscord } from '../../src/render/discord.js';
import {
  checkAnswer,
  checkDiscord,
  checkRendered,
  EMPTY_INPUTS,
  HOSTILE_TOKENS,
  LONG_INPUTS,
  rawMarkdown,
  hostileContext,
} from '../helpers/hostile.js';

// /digest keeps state: never in the project's own state directory.
process.env.STATE_DIR ??= path.join(os.tmpdir(), `factdesk-hostile-state-${process.pid}`);

let corpus: Corpus;
let ctx: CommandContext;

beforeAll(async () => {
  ({ corpus, ctx } = await hostileContext());
});

const INPUTS = [
  ...HOSTILE_TOKENS,
  ...LONG_INPUTS,
  ...EMPTY_INPUTS,
  'Leila Haddad @everyone',
  '**Haddad**',
  'Omar Baig <@&223456789012345678>',
  'harbour [x](https://evil.test)',
  'Kemal Novak',
  'bridge order:date',
  'border security',
];

async function both(name: string, input: string): Promise<{ line: Answer; option: Answer }> {
  const command = commands.find((c) => c.definition.name === name)!;
  const line = await runLine(ctx, `/${name} ${input}`);
  const primary = primaryOption(command.definition);
  const option = await runCommand(ctx, command, primary ? { [primary.name]: input } : {}, input);
  return { line, option };
}

describe('hostile queries, every command', () => {
  for (const command of commands) {
    const name = command.definition.name;
    it(`/${name}: answers every hostile input without a crash, a ping or foreign markdown`, async () => {
      let answered = 0;
      for (const input of INPUTS) {
        const { line, option } = await both(name, input);
        for (const a of [line, option]) {
          checkAnswer(corpus, a);
          checkRendered(a, `/${name} ${input}`);
          answered++;
        }
      }
      expect(answered).toBe(INPUTS.length * 2);
    });
  }

  it('reaches results made of hostile document text, and shows them inert', async () => {
    const found: Answer[] = [];
    for (const line of [
      '/search harbour reopen',
      '/search bridge closed',
      '/quote Haddad',
      '/who Leila Haddad',
      '/who Omar Baig',
      '/when harbour',
      '/timeline harbour',
    ]) {
      const a = await runLine(ctx, line);
      checkAnswer(corpus, a);
      checkRendered(a, line);
      if (a.results?.some((r) => r.citation.docId.startsWith('hostile/'))) found.push(a);
    }
    // /search is built; the fact commands may still be in progress, so at least the searches must reach them.
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const a of found) {
      const reply = renderDiscord(a, { question: `/${a.command} ${a.query}` });
      // Embed URLs are links by design and never parsed for mentions; every text surface is.
      const all = JSON.stringify({ ...reply, embeds: reply.embeds.map(({ url: _url, ...e }) => e) });
      expect(all).not.toMatch(/@everyone|@here|<@&?\d|<#\d/);
      checkDiscord(reply);
    }
  });

  it('the markdown check itself finds what it must (so that passing means something)', () => {
    expect(rawMarkdown('**/search** border')).toBeUndefined();
    expect(rawMarkdown('> a \\*quoted\\* excerpt')).toBeUndefined();
    for (const bad of ['a *b* c', '__x__', '~~x~~', '||x||', '`x`', '[x](y)', '# h', 'a > b', 'see https://x.test', '1. item', '**open']) {
      expect(rawMarkdown(bad), bad).toBeDefined();
    }
  });
});
