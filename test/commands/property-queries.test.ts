/**
 * Property: whatever a user types, for any command and by either way it arrives (a console line
 * or a Discord option value), the whole path — parse, handler, answer, every renderer — ends
 * in a well-formed answer whose results are verbatim and cited, and a Discord reply inside the
 * limits that pings nobody and shows no markdown that is not ours. Fixed seed, so CI is repeatable.
 */
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { runCommand, runLine } from '../../src/commands/parse.js';
import { primaryOption, type CommandContext } from '../../src/commands/types.js';
import type { Corpus } from '../../src/index/corpus.js';
import { checkAnswer, checkRendered, queryArb, hostileContext } from '../helpers/hostile.js';

process.env.STATE_DIR ??= path.join(os.tmpdir(), `factdesk-property-state-${process.pid}`);

const SEED = 20261122;
const RUNS = 1500;

let corpus: Corpus;
let ctx: CommandContext;

beforeAll(async () => {
  ({ corpus, ctx } = await hostileContext());
});

const commandArb = fc.constantFrom(...commands.map((c) => c.definition.name));

describe('property: any query, any command', () => {
  it(`${RUNS} generated queries end in safe, cited, in-limit replies`, async () => {
    let withResults = 0;
    let answering = 0;
    await fc.assert(
      fc.asyncProperty(commandArb, queryArb, fc.boolean(), async (name, query, asOption) => {
        const command = commands.find((c) => c.definition.name === name)!;
        const primary = primaryOption(command.definition);
        const answer = asOption
          ? await runCommand(ctx, command, primary ? { [primary.name]: query } : {}, query)
          : await runLine(ctx, `/${name} ${query}`);
        checkAnswer(corpus, answer);
        checkRendered(answer, `/${name} ${query}`);
        if (command.definition.answers) answering++;
        if (answer.results?.length) withResults++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generator must reach answers with results, not only errors and empty answers: counted
    // against the runs of commands that answer from the corpus, so that adding a settings command
    // (/digest, /feed, /add…) does not thin the check out.
    expect(withResults).toBeGreaterThan(answering / 20);
    // CPU time is about 10 s; the margin is for a machine shared with the rest of the suite.
  }, 120_000);
});
