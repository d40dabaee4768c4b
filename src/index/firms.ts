/**
 * The corpus-wide firm mechanism (issue #16): per name key, how many documents frame it as a
 * firm (`DocFacts.firms`) and how many name a person by it with more than weak evidence. A person
 * whose own document gives only weak evidence ("Acme Lufkin said") is not answered — by /who,
 * autocomplete, the digest or the export — when some document frames the name as a firm and none
 * names a person by it surely: a wrong person is worse than none.
 *
 * Revised per document (issue #19): a change subtracts the keys of the documents that go and adds
 * those of the documents that come; the maps are layered (layered-map.ts), so a revision copies
 * only what it changes.
 */
import type { IngestedDoc } from '../ingest/index.js';
import { LayeredMap, type LayeredMapWriter } from './layered-map.js';
import { nameKey } from './people.js';

type Facts = Pick<IngestedDoc['facts'], 'people' | 'firms'>;

/** The keys one document frames as a firm, and those it names a person by surely (not `weak`). */
export function firmKeysOfDoc(facts: Facts): { firm: Set<string>; sure: Set<string> } {
  const firm = new Set<string>();
  for (const k of facts.firms ?? []) {
    const key = nameKey(k);
    if (key) firm.add(key);
  }
  const sure = new Set<string>();
  for (const f of facts.people) if (f.kind === 'person' && !f.weak) sure.add(nameKey(f.name));
  return { firm, sure };
}

export class FirmCounts {
  private constructor(
    /** Name key → documents that frame it as a firm. */
    private readonly firm: LayeredMap<string, number>,
    /** Name key → documents that name a person by it with more than weak evidence. */
    private readonly sure: LayeredMap<string, number>,
  ) {}

  static build(docs: readonly { facts: Facts }[]): FirmCounts {
    return FirmCounts.empty().revised([], docs);
  }

  static empty(): FirmCounts {
    return new FirmCounts(LayeredMap.of(new Map()), LayeredMap.of(new Map()));
  }

  /** The counts after the documents `removed` went and `added` came; this one is not changed. */
  revised(removed: readonly { facts: Facts }[], added: readonly { facts: Facts }[]): FirmCounts {
    const firm = this.firm.writer();
    const sure = this.sure.writer();
    const bump = (w: LayeredMapWriter<string, number>, keys: Set<string>, by: number) => {
      for (const k of keys) {
        const n = (w.get(k) ?? 0) + by;
        if (n > 0) w.set(k, n);
        else w.delete(k);
      }
    };
    for (const d of removed) {
      const k = firmKeysOfDoc(d.facts);
      bump(firm, k.firm, -1);
      bump(sure, k.sure, -1);
    }
    for (const d of added) {
      const k = firmKeysOfDoc(d.facts);
      bump(firm, k.firm, 1);
      bump(sure, k.sure, 1);
    }
    return new FirmCounts(firm.done(), sure.done());
  }

  /** How many documents frame the name as a firm. */
  firmDocs(name: string): number {
    return this.firm.get(nameKey(name)) ?? 0;
  }

  /**
   * Whether a person of this name, wherever only weakly a person, is no person: a document frames
   * the name as a firm and none names a person by it with more than weak evidence.
   */
  hides(name: string): boolean {
    const k = nameKey(name);
    return (this.firm.get(k) ?? 0) > 0 && (this.sure.get(k) ?? 0) === 0;
  }

  /** Snapshot parts: the two maps, folded. */
  toSnapshot(): [Map<string, number>, Map<string, number>] {
    return [new Map(this.firm.entries()), new Map(this.sure.entries())];
  }

  static fromSnapshot(firm: unknown, sure: unknown): FirmCounts {
    if (!(firm instanceof Map) || !(sure instanceof Map)) throw new Error('not a firm counts snapshot');
    return new FirmCounts(LayeredMap.of(firm as Map<string, number>), LayeredMap.of(sure as Map<string, number>));
  }
}
