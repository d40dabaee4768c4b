/**
 * Handlers' arguments are typed from their definitions (ArgumentsOf), and runCommand is what makes
 * that true at run time. The `@ts-expect-error` lines are checked by `tsc` (part of `npm test`):
 * if the derived types went loose, each would be an unused directive and fail the type-check.
 */
import { describe, expect, it } from 'vitest';
import { contextFor } from '../../src/commands/context.js';
import { parseLine, runCommand, runLine } from '../../src/commands/parse.js';
import { defineCommand, type ArgumentsOf, type Command } from '../../src/commands/types.js';
import { Corpus } from '../../src/index/corpus.js';

const calls: unknown[] = [];

const tally = defineCommand({
  definition: {
    name: 'tally',
    description: 'Counts a word',
    usage: '/tally WORD [times:N] [loud:true]',
    options: [
      { name: 'word', description: 'The word', type: 'string', required: true },
      { name: 'times', description: 'How many', type: 'integer' },
      { name: 'loud', description: 'Shout it', type: 'boolean' },
    ],
  },
  run(_ctx, args) {
    calls.push(args);
    const word: string = args.word;
    const times: number = args.times ?? 1;
    const line = `${word} ×${times}${args.loud ? '!' : ''}`;
    return { command: 'tally', query: word, lines: [line], results: [] };
  },
});

const shelf = defineCommand({
  definition: {
    name: 'shelf',
    description: 'A shelf with subcommands',
    usage: '/shelf put|clear',
    subcommands: [
      { name: 'put', description: 'Put a book', options: [{ name: 'book', description: 'b', type: 'string', required: true }] },
      { name: 'clear', description: 'Clear it' },
    ],
  },
  run(_ctx, args) {
    calls.push(args);
    switch (args.subcommand) {
      case 'put':
        return { command: 'shelf', query: args.book, lines: [`put ${args.book}`], results: [] };
      case 'clear':
        // @ts-expect-error `book` belongs to the other subcommand
        void args.book;
        return { command: 'shelf', query: '', lines: ['cleared'], results: [] };
    }
  },
});

// Type-level checks of the derivation itself.
type TallyArgs = ArgumentsOf<typeof tally.definition>;
// @ts-expect-error a required option cannot be left out
const noWord: TallyArgs = { times: 2 };
// @ts-expect-error an integer option is a number
const badTimes: TallyArgs = { word: 'owl', times: '2' };
// @ts-expect-error an option the definition does not declare
const unknownOption: TallyArgs = { word: 'owl', colour: 'red' };
type ShelfArgs = ArgumentsOf<typeof shelf.definition>;
// @ts-expect-error `put` needs its book
const noBook: ShelfArgs = { subcommand: 'put' };
// @ts-expect-error only declared subcommands
const badSub: ShelfArgs = { subcommand: 'dust' };
void [noWord, badTimes, unknownOption, noBook, badSub];

const list: readonly Command[] = [tally, shelf];
const ctx = contextFor(new Corpus({ docs: [], skipped: [] }), { commands: list });

describe('typed command arguments', () => {
  it('console lines reach the handler with values of the declared types', async () => {
    calls.length = 0;
    const a = await runLine(ctx, '/tally heron times:3 loud:yes');
    expect(a.lines).toEqual(['heron ×3!']);
    expect(calls).toEqual([{ word: 'heron', times: 3, loud: true }]);
  });

  it('a missing required option is answered by runCommand, never passed to the handler', async () => {
    calls.length = 0;
    const a = await runLine(ctx, '/tally times:3');
    expect(a.error).toMatch(/needs the word/);
    expect(calls).toEqual([]);
  });

  it('subcommands narrow the arguments; an unknown or missing subcommand never reaches the handler', async () => {
    calls.length = 0;
    expect((await runLine(ctx, '/shelf put Middlemarch')).lines).toEqual(['put Middlemarch']);
    expect((await runLine(ctx, '/shelf clear')).lines).toEqual(['cleared']);
    // As an interaction for a subcommand this build does not know (a stale registration) would arrive.
    const stale = await runCommand(ctx, shelf, { subcommand: 'dust' }, '');
    expect(stale.error).toBe('/shelf needs one of: put, clear.');
    const none = await runCommand(ctx, shelf, {}, '');
    expect(none.error).toBe('/shelf needs one of: put, clear.');
    expect(calls).toEqual([{ subcommand: 'put', book: 'Middlemarch' }, { subcommand: 'clear' }]);
    const parsed = parseLine('/shelf dust', list);
    expect('error' in parsed && parsed.error).toBe('/shelf needs one of: put, clear.');
  });
});
