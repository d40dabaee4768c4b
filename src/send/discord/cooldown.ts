/**
 * A per-user cooldown on commands (issue #8): one command per `seconds` per user. Autocomplete
 * and paging buttons never pass through it, so typing and browsing stay responsive.
 */
export class Cooldown {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
    /** Expired entries are swept once the map grows past this, so memory stays bounded by active users. */
    private readonly sweepAt = 10_000,
  ) {}

  /**
   * Takes the user's turn: 0 when they may go ahead (and the cooldown starts), otherwise the
   * milliseconds left. A refused attempt does not extend the wait.
   */
  take(user: string): number {
    if (this.seconds <= 0) return 0;
    const now = this.now();
    const until = this.until.get(user) ?? 0;
    if (until > now) return until - now;
    if (this.until.size >= this.sweepAt) this.sweep(now);
    this.until.set(user, now + this.seconds * 1000);
    return 0;
  }

  get size(): number {
    return this.until.size;
  }

  private sweep(now: number): void {
    for (const [user, until] of this.until) if (until <= now) this.until.delete(user);
  }
}
