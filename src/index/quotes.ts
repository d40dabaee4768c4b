/** The corpus-wide quotation index behind /quote (issue #5). */
import type { IngestedDoc } from '../ingest.js';

export class QuoteIndex {
  static build(_docs: readonly IngestedDoc[]): QuoteIndex {
    return new QuoteIndex();
  }

  get size(): number {
    return 0;
  }
}
