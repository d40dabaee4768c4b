/** The corpus-wide index of dated sentences behind /when and /timeline (issue #4). */
import type { IngestedDoc } from '../ingest.js';

export class DateIndex {
  static build(_docs: readonly IngestedDoc[]): DateIndex {
    return new DateIndex();
  }

  get size(): number {
    return 0;
  }

  /** Earliest and latest resolved dates, for /about. */
  get range(): { from: string; to: string } | undefined {
    return undefined;
  }
}
