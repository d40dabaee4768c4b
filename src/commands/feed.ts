/**
 * /feed add|list|remove: the feeds the corpus follows (issue #18). The work is in src/feeds; this
 * module checks where it runs and phrases replies (lines built in src/render/feeds.ts).
 */
import type { Answer } from '../answer/types.js';
import { getConfig } from '../config.js';
import { installFeeds, type FeedSlot } from '../feeds/scheduler.js';
import { LIMITS } from '../render/limits.js';
import { feedListLines, feedLines, pollReportLine } from '../render/feeds.js';
import { defineCommand, type CommandContext, type Services } from './types.js';

/** Console state being opened, per services object, so two commands at once open it once. */
const opening = new WeakMap<Services, Promise<unknown>>();

/** The service the bot registered; on the console it is opened on first use (the watcher reads what it writes). */
async function service(ctx: CommandContext): Promise<FeedSlot> {
  if (!ctx.services.feeds) {
    let p = opening.get(ctx.services);
    if (!p) {
      p = installFeeds({ services: ctx.services, status: ctx.status }, getConfig());
      opening.set(ctx.services, p);
    }
    await p;
  }
  return ctx.services.feeds!;
}

function reply(query: string, heading: string, lines: string[]): Answer {
  return { command: 'feed', query, heading, lines, results: [] };
}

export const feedCommand = defineCommand({
  definition: {
    name: 'feed',
    description: 'The RSS, Atom and JSON feeds the corpus follows',
    usage: '/feed add url:https://example.org/rss.xml · /feed list · /feed remove feed:URL',
    memberPermission: 'ManageGuild',
    ephemeral: true,
    // Adding reads the feed at once: a fetch of up to FETCH_TIMEOUT_SECONDS.
    defer: 'always',
    subcommands: [
      {
        name: 'add',
        description: 'Follow a feed: its new items become documents',
        options: [
          { name: 'url', description: 'The feed’s address (RSS, Atom or JSON Feed)', type: 'string', required: true, maxLength: 2000 },
        ],
      },
      { name: 'list', description: 'The feeds followed, with their last success and last error' },
      {
        name: 'remove',
        description: 'Stop following a feed (its documents stay)',
        options: [{ name: 'feed', description: 'The feed', type: 'string', required: true, autocomplete: true, maxLength: 2000 }],
      },
    ],
  },

  async run(ctx, args) {
    const sub = args.subcommand;
    const s = await service(ctx);
    if ('unavailable' in s) return { command: 'feed', query: sub, error: `Feeds are unavailable: ${s.unavailable}` };
    const now = ctx.now().getTime();
    switch (sub) {
      case 'add': {
        const r = await s.add(args.url);
        if (!r.ok) return { command: 'feed', query: sub, error: `Not followed: ${r.reason}` };
        if (!r.created) return reply(sub, 'Already followed', feedLines(r.feed, now));
        const lines = [...feedLines(r.feed, now)];
        if (r.report?.status === 'read') {
          lines.push(`${pollReportLine(r.report)}: in the corpus now; the digest lists only items that come later.`);
        }
        return reply(sub, 'Following', lines);
      }
      case 'list':
        return reply(sub, 'Feeds followed', feedListLines(await s.list(), now));
      case 'remove': {
        const gone = await s.remove(args.feed);
        return gone
          ? reply(sub, 'Feed removed', [`No longer following ${gone.title ?? gone.url}; its documents stay in the corpus.`])
          : { command: 'feed', query: sub, error: 'No followed feed matches that; /feed list shows them.' };
      }
    }
  },

  autocomplete(ctx, option, value) {
    const s = ctx.services.feeds;
    if (option !== 'feed' || !s || 'unavailable' in s) return [];
    const q = value.toLowerCase();
    return s
      .known()
      .filter((f) => !q || f.url.toLowerCase().includes(q) || (f.title ?? '').toLowerCase().includes(q))
      .slice(0, LIMITS.autocompleteChoices)
      .map((f) => ({ name: (f.title ? `${f.title} — ${f.url}` : f.url).slice(0, 100), value: String(f.id) }));
  },
});
