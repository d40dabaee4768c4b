/**
 * Hostile input through the real discord.js client and the fake Discord: every command with a
 * text option, every hostile input as the option value (6,000 characters included — Discord's
 * own length checks are the client's, the bot must not rely on them), and every autocomplete.
 * Each interaction is answered, with a reply inside the limits that pings nobody and shows no
 * markdown that is not ours.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { primaryOption } from '../../src/commands/types.js';
import type { DiscordReply } from '../../src/render/discord.js';
import { startHarness, type Harness } from '../e2e/harness.js';
import { DATA, tempCorpus } from '../helpers/corpus.js';
import type { FakeMessage } from '../helpers/fake-discord.js';
import { checkDiscord, EMPTY_INPUTS, HOSTILE_DOCS, HOSTILE_TOKENS, LONG_INPUTS } from '../helpers/hostile.js';

let h: Harness;

beforeAll(async () => {
  const files: Record<string, string> = { ...HOSTILE_DOCS };
  for (const f of readdirSync(DATA)) files[f] = readFileSync(path.join(DATA, f), 'utf8');
  h = await startHarness({ dataDir: tempCorpus(files), env: { COOLDOWN_SECONDS: '0' }, fake: { replyTimeoutMs: 10_000 } });
});

afterAll(async () => {
  await h?.stop();
});

/** The message as Discord stores it, in the renderer's shape, for the same checks. */
function asReply(m: FakeMessage): DiscordReply {
  return {
    content: m.content ?? '',
    embeds: m.embeds ?? [],
    components: m.components ?? [],
    allowedMentions: {
      parse: m.allowed_mentions?.parse ?? [],
      ...(m.allowed_mentions?.users?.length ? { users: m.allowed_mentions.users } : {}),
    },
    ephemeral: (m.flags & 64) !== 0,
  };
}

// Discord does not send an empty required option; whitespace and invisible characters it does.
const INPUTS = [
  ...HOSTILE_TOKENS,
  ...LONG_INPUTS,
  ...EMPTY_INPUTS.filter(Boolean),
  'Leila Haddad @everyone',
  '**Haddad**',
  'harbour [x](https://evil.test)',
];

describe('hostile input through discord.js and the fake Discord', () => {
  for (const command of commands.filter((c) => primaryOption(c.definition))) {
    const name = command.definition.name;
    const option = primaryOption(command.definition)!.name;
    it(`/${name}: every hostile value of ${option} is answered safely`, async () => {
      let answered = 0;
      for (const input of INPUTS) {
        const reply = await h.fake.interact({ name, options: { [option]: input } });
        expect(reply.callbacks, 'exactly one first response').toHaveLength(1);
        const m = reply.message;
        expect(m.content ?? '', input).not.toMatch(/Something went wrong/);
        expect(m.allowed_mentions, 'allowed_mentions is always sent').toBeDefined();
        checkDiscord(asReply(m));
        answered++;
      }
      expect(answered).toBe(INPUTS.length);
    });
  }

  it('autocomplete on hostile input stays inside the limits and never fails', async () => {
    let asked = 0;
    for (const command of commands) {
      for (const opt of command.definition.options?.filter((o) => o.autocomplete) ?? []) {
        for (const input of [...INPUTS, 'H', 'Ha', 'Vah']) {
          const choices = await h.fake.autocomplete({
            name: command.definition.name,
            options: { [opt.name]: input.slice(0, 6000) },
            focused: opt.name,
          });
          expect(choices.length).toBeLessThanOrEqual(25);
          for (const c of choices) {
            expect(c.name.length).toBeGreaterThan(0);
            expect(c.name.length).toBeLessThanOrEqual(100);
            expect(String(c.value).length).toBeLessThanOrEqual(100);
            expect(c.name).not.toMatch(/@(everyone|here)|<@[!&]?\d/i);
          }
          asked++;
        }
      }
    }
    expect(asked).toBeGreaterThan(INPUTS.length);
  });
});
