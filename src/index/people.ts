/** The corpus-wide people and groups index behind /who and autocomplete (issue #3). */
import type { IngestedDoc } from '../ingest.js';

export class PeopleIndex {
  static build(_docs: readonly IngestedDoc[]): PeopleIndex {
    return new PeopleIndex();
  }

  get size(): number {
    return 0;
  }
}
