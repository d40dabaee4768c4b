/**
 * /digest setup|status|preview|off: a guild's daily digest. Settings live in the state database
 * (src/state), the work in src/digest; this module only checks where it runs and phrases replies.
 */
import type { Answer } from '../answer/types.js';
import { getConfig } from '../config.js';
import { suggestTimeZones } from '../digest/schedule.js';
import { installDigest, previewAnswer, type DigestSlot } from '../digest/service.js';
import { LIMITS } from '../render/limits.js';
import { defineCommand, type CommandContext, type Services } from './types.js';

const NEEDS_DISCORD =
  'needs a Discord server (it sets up a channel there). On the console use /digest preview, or `npm run digest -- --since 24h`.';

/** Console state being opened, per services object, so two commands at once open it once. */
const opening = new WeakMap<Services, Promise<unknown>>();

/** The service registered by the front end; on the console it is opened on first use. */
async function service(ctx: CommandContext): Promise<DigestSlot> {
  if (!ctx.services.digest) {
    let p = opening.get(ctx.services);
    if (!p) {
      const { stateDir, databaseUrl, digestClaimTimeoutSeconds } = getConfig();
      p = installDigest(
        { services: ctx.services, now: ctx.now },
        { stateDir, databaseUrl, claimTimeoutMs: digestClaimTimeoutSeconds * 1000 },
      );
      opening.set(ctx.services, p);
    }
    await p;
  }
  // installDigest registers the service or why it is unavailable.
  return ctx.services.digest!;
}

function unavailable(sub: string, s: { unavailable: string }): Answer {
  return { command: 'digest', query: sub, error: `The daily digest is unavailable: ${s.unavailable}` };
}

function reply(query: string, heading: string, lines: string[]): Answer {
  return { command: 'digest', query, heading, lines, results: [] };
}

export const digestCommand = defineCommand({
  definition: {
    name: 'digest',
    description: 'A daily digest of what is new in the corpus, posted to a channel',
    usage:
      '/digest setup channel:#news time:08:00 timezone:Europe/London [nothing_new:post|skip] · /digest status · /digest preview · /digest off',
    memberPermission: 'ManageGuild',
    // Settings and previews are for the caller; only the scheduled digest is posted for everyone.
    ephemeral: true,
    defer: 'auto',
    subcommands: [
      {
        name: 'setup',
        description: 'Post the digest every day in a channel at a local time',
        options: [
          { name: 'channel', description: 'Where the digest goes', type: 'channel', required: true },
          { name: 'time', description: 'Local time, 24-hour HH:MM (e.g. 08:00)', type: 'string', required: true, maxLength: 5 },
          {
            name: 'timezone',
            description: 'IANA time zone, e.g. Europe/London',
            type: 'string',
            required: true,
            autocomplete: true,
            maxLength: 64,
          },
          {
            name: 'nothing_new',
            description: 'When nothing is new: a one-line post (default) or no post',
            type: 'string',
            choices: [
              { name: 'post a one-line “nothing new”', value: 'post' },
              { name: 'skip (no post)', value: 'skip' },
            ],
          },
        ],
      },
      { name: 'status', description: 'Where and when the digest goes, and the last one posted' },
      { name: 'preview', description: 'The digest as it would be posted now (only you see it)' },
      { name: 'off', description: 'Stop posting the digest here' },
    ],
  },

  async run(ctx, args) {
    const sub = args.subcommand;
    if (sub === 'preview') {
      // The console has a preview too: since its own last preview.
      const s = await service(ctx);
      return 'unavailable' in s ? unavailable(sub, s) : previewAnswer(s, ctx.corpus, ctx.guildId);
    }
    const guildId = ctx.guildId;
    if (!guildId) return { command: 'digest', query: sub, error: `/digest ${sub} ${NEEDS_DISCORD}` };
    const s = await service(ctx);
    if ('unavailable' in s) return unavailable(sub, s);
    switch (sub) {
      case 'setup': {
        // What the corpus holds at setup is not news for this guild: record it as seen first.
        await s.sync(ctx.corpus);
        const r = await s.setup(guildId, { channel: args.channel, time: args.time, timezone: args.timezone, nothingNew: args.nothing_new });
        if ('error' in r) return { command: 'digest', query: sub, error: r.error };
        ctx.services.digestScheduler?.poke();
        return reply(sub, 'Daily digest set up', await s.statusLines(guildId));
      }
      case 'status':
        return reply(sub, 'Daily digest', await s.statusLines(guildId));
      case 'off':
        return (await s.off(guildId))
          ? reply(sub, 'Daily digest off', ['No more digests will be posted here. /digest setup starts them again.'])
          : reply(sub, 'Daily digest', ['The daily digest was not on here.']);
    }
  },

  autocomplete(_ctx, option, value) {
    if (option !== 'timezone') return [];
    return suggestTimeZones(value, LIMITS.autocompleteChoices).map((z) => ({ name: z, value: z }));
  },
});
