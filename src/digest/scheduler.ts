/**
 * Wakes at each guild's next slot (and at least every few minutes, so new setups and clock
 * changes are picked up) and posts what is due. It runs once at start, which is how a digest
 * missed while the bot was down is posted: once, for the latest missed slot only.
 * Clock and timer are injectable so tests move time without waiting.
 */
import type { CorpusStore } from '../corpus/types.js';
import { child } from '../log.js';
import { unrefTimer, type Timer } from '../timing.js';
import type { ChannelPoster, DigestService, RunOutcome } from './service.js';

const log = child('digest');

export interface SchedulerOptions {
  /** The current corpus (read at each run, so a reload is seen). */
  corpus: () => CorpusStore;
  poster: ChannelPoster;
  /**
   * Re-reads the corpus directory before a due run, so a document dropped in since the last
   * reload is in the digest. Leave out when a directory watcher keeps the corpus current.
   */
  reload?: () => Promise<void>;
  timer?: Timer;
  /** Longest sleep between checks (ms). */
  maxSleepMs?: number;
}

export class DigestScheduler {
  private handle: unknown;
  private running: Promise<RunOutcome[]> | undefined;
  private stopped = true;
  private readonly timer: Timer;
  private readonly maxSleep: number;

  constructor(
    private readonly service: DigestService,
    private readonly opts: SchedulerOptions,
  ) {
    this.timer = opts.timer ?? unrefTimer;
    this.maxSleep = opts.maxSleepMs ?? 5 * 60_000;
  }

  /** Starts with an immediate check (the catch-up after downtime). */
  start(): void {
    this.stopped = false;
    this.arm(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Settings changed: check again now. */
  poke(): void {
    if (!this.stopped) this.arm(0);
  }

  /** One check: posts every due digest. Overlapping calls share the run in progress. */
  tick(): Promise<RunOutcome[]> {
    this.running ??= this.runOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runOnce(): Promise<RunOutcome[]> {
    // Record the corpus as it is at every check (a no-op unless it was reloaded), so a document's
    // first-seen time is within one check of its arrival, and the corpus at start is never news.
    await this.service.sync(this.opts.corpus());
    if (!(await this.service.anyDue())) return [];
    if (this.opts.reload) await this.opts.reload();
    return this.service.runDue(this.opts.corpus(), this.opts.poster);
  }

  /** How long until the next check, from now. */
  async delay(): Promise<number> {
    const now = this.service.now();
    const next = await this.service.nextDue(now);
    const until = next === undefined ? this.maxSleep : next - now;
    return Math.max(0, Math.min(until, this.maxSleep));
  }

  private arm(ms: number): void {
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = this.timer.set(() => {
      this.handle = undefined;
      void this.check();
    }, ms);
  }

  /** A timed check, then the next one armed; never rejects. */
  private async check(): Promise<void> {
    try {
      await this.tick();
    } catch (err) {
      log.error({ err }, 'digest check failed');
    }
    let next = this.maxSleep;
    try {
      next = await this.delay();
    } catch (err) {
      // The state could not be read: check again after the longest sleep.
      log.error({ err }, 'cannot compute the next digest check');
    }
    if (!this.stopped) this.arm(next);
  }
}
