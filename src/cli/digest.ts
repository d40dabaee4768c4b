/**
 * `npm run digest -- [--since 24h|7d|ISO-DATE] [--data DIR] [--json]`: the digest of the
 * documents first seen in the window, as the console shows it (or as JSON: the digest's data).
 * "First seen" comes from the state database (DATABASE_URL, else STATE_DIR/factdesk.db); documents it has never
 * seen are recorded now, so on a fresh state every document is new.
 */
import { App } from '../app.js';
import { renderDigestText } from '../digest/render.js';
import { DigestService } from '../digest/service.js';
import { openStateStore, StateError } from '../state/index.js';
import { appOptions, runOneShot } from './args.js';

const USAGE = 'usage: npm run digest -- [--since 24h|7d|90m|2026-11-20] [--data DIR] [--json]';

/** "24h", "7d", "90m" before now, or an ISO date/time; an explanation when it is neither. */
export function parseSince(text: string, now: number): number | { error: string } {
  const m = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  if (m) {
    const unit = { m: 60_000, h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 }[m[2].toLowerCase() as 'm' | 'h' | 'd' | 'w'];
    return now - Number(m[1]) * unit;
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    const t = Date.parse(text.trim());
    if (Number.isFinite(t)) return t;
  }
  return {
    error: `--since ${JSON.stringify(text.slice(0, 40))}: expected a duration such as 24h, 7d or 90m, or a date such as 2026-11-20`,
  };
}

runOneShot(
  USAGE,
  async (args, config) => {
    const now = Date.now();
    const from = parseSince(args.since ?? '24h', now);
    if (typeof from !== 'number') {
      process.stderr.write(`factdesk: ${from.error}\n${USAGE}\n`);
      return 2;
    }
    const store = await openStateStore(config);
    try {
      const app = await App.start(appOptions(config, args));
      const service = new DigestService(store, () => new Date(now));
      const digest = await service.compose(app.store, from, now);
      process.stdout.write(`${args.json ? JSON.stringify(digest) : renderDigestText(digest)}\n`);
    } finally {
      await store.close();
    }
    return 0;
  },
  // A bad state file is already a clear sentence naming the file.
  { expected: (err) => err instanceof StateError },
);
