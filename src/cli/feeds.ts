/**
 * `npm run -s feeds -- add URL | list | remove URL | poll [--data DIR]`: the feeds followed, for
 * servers and cron. `poll` reads every feed once (except those backing off after failures) and
 * exits; what it writes under DATA_DIR/feeds/ is read by a running bot's watcher, or at the next start.
 */
import { FeedService, feedSettings } from '../feeds/service.js';
import { feedListLines, pollReportLine } from '../render/feeds.js';
import { openStateStore, StateError } from '../state/index.js';
import { appOptions, runOneShot } from './args.js';

const USAGE = 'usage: npm run -s feeds -- add URL | list | remove URL | poll  [--data DIR]';

runOneShot(
  USAGE,
  async (args, config) => {
    const [verb, target] = args.rest;
    if (!verb || !['add', 'list', 'remove', 'poll'].includes(verb) || ((verb === 'add' || verb === 'remove') && !target)) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const store = await openStateStore(config);
    const out = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
    try {
      const service = new FeedService({ store, dataDir: appOptions(config, args).dataDir, ...feedSettings(config) });
      switch (verb) {
        case 'add': {
          const r = await service.add(target);
          if (!r.ok) {
            process.stderr.write(`factdesk: not followed: ${r.reason}\n`);
            return 1;
          }
          out([r.created ? 'Following:' : 'Already followed:', ...feedListLines([r.feed], Date.now())]);
          if (r.report) out([pollReportLine(r.report) + ' (there at subscription: in the corpus, not in the digest)']);
          return 0;
        }
        case 'list':
          out(feedListLines(await service.list(), Date.now()));
          return 0;
        case 'remove': {
          const gone = await service.remove(target);
          if (!gone) {
            process.stderr.write(`factdesk: no followed feed is ${target}\n`);
            return 1;
          }
          out([`No longer following ${gone.title ?? gone.url}; its documents stay in the corpus.`]);
          return 0;
        }
        default: {
          const reports = await service.pollAll(true);
          out(reports.length ? reports.map(pollReportLine) : ['No feed to poll (none followed, or all backing off).']);
          return 0;
        }
      }
    } finally {
      await store.close();
    }
  },
  { expected: (err) => err instanceof StateError },
);
