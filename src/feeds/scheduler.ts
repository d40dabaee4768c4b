/**
 * Feeds in a running app: the service registered for `/feed` (`services.feeds`), and a scheduler
 * that polls the feeds that are due. It ticks every minute (or every FEED_INTERVAL_MINUTES when
 * shorter) and asks the state which feeds are due, so a feed's own schedule and back-off decide,
 * and replicas share the work: each poll is claimed first, so it runs once whichever ticks first.
 */
import type { Config } from '../config.js';
import { child } from '../log.js';
import { unrefTimer, type Timer } from '../timing.js';
import type { DocumentPublisher } from '../load/shared.js';
import { openStateStore, StateError } from '../state/index.js';
import { FeedService, feedSettings, type FeedHost } from './service.js';

const log = child('feeds');

/** What `ctx.services.feeds` holds: the service, or why it is unavailable. */
export type FeedSlot = FeedService | { unavailable: string };

export interface FeedServices {
  feeds?: FeedSlot;
}

export class FeedScheduler {
  private handle: unknown;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly service: FeedService,
    private readonly tickMs: number,
    private readonly timer: Timer = unrefTimer,
  ) {}

  start(): void {
    this.stopped = false;
    this.arm(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    await this.running;
  }

  /** One check: polls every feed that is due. Overlapping calls share the run in progress. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        if (await this.service.anyDue()) await this.service.pollAll(false);
      } catch (err) {
        log.error({ err }, 'feed check failed');
      }
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private arm(ms: number): void {
    this.handle = this.timer.set(() => {
      this.handle = undefined;
      void this.tick().then(() => {
        if (!this.stopped) this.arm(this.tickMs);
      });
    }, ms);
  }
}

/** The app as the feeds need it: its services, its corpus directory, and a way to have new files read at once. */
export interface FeedApp {
  services: FeedServices & { shared?: DocumentPublisher };
  status: { dataDir: string };
  /** Reads these files (relative to the corpus directory) and resolves once they are served. */
  ingest(files: string[]): Promise<void>;
}

/**
 * How written items reach the corpus within the poll: the app's ingest (the live corpus), and,
 * with DATABASE_URL, the other replicas through the shared documents.
 */
export function feedHost(app: FeedApp): FeedHost {
  return {
    async ingest(files) {
      await app.ingest(files);
      const shared = app.services.shared;
      if (!shared) return;
      for (const f of files) {
        try {
          await shared.publishFile(f, 'feed');
        } catch (err) {
          log.warn({ err, file: f }, `could not tell the other replicas about ${f}; they will not have it until it changes again`);
        }
      }
    },
  };
}

/**
 * Opens the feeds' state and registers the service as `services.feeds`; state that cannot be used
 * is registered as unavailable (the `/feed` commands explain it; everything else works).
 */
export async function installFeeds(
  app: Pick<FeedApp, 'services' | 'status'>,
  config: Config,
  host?: FeedHost,
): Promise<FeedService | undefined> {
  try {
    const store = await openStateStore(config);
    const service = new FeedService({ store, dataDir: app.status.dataDir, ...feedSettings(config), host });
    app.services.feeds = service;
    await service.list();
    return service;
  } catch (err) {
    const message = err instanceof StateError ? err.message : `The feeds' state could not be opened: ${(err as Error).message}`;
    log.error({ err }, message);
    app.services.feeds = { unavailable: message };
    return undefined;
  }
}

export interface FeedHook {
  scheduler: FeedScheduler;
  stop(): Promise<void>;
}

/** The bot's feeds: the service, and polling every FEED_INTERVAL_MINUTES until stopped. */
export async function startFeeds(app: FeedApp, config: Config): Promise<FeedHook | undefined> {
  const service = await installFeeds(app, config, feedHost(app));
  if (!service) return undefined;
  const scheduler = new FeedScheduler(service, Math.min(60_000, config.feedIntervalMinutes * 60_000));
  scheduler.start();
  log.info({ minutes: config.feedIntervalMinutes }, 'feed polling started');
  return {
    scheduler,
    async stop() {
      await scheduler.stop();
      await service.store.close();
      delete app.services.feeds;
    },
  };
}
