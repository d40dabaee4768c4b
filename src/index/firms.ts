/**
 * The corpus-wide firm mechanism (issue #16): per name key, how many documents frame it as a
 * firm (`DocFacts.firms`), how many name a person by it with more than weak evidence and how many
 * only weakly. A person whose own document gives only weak evidence ("Acme Lufkin said") is not
 * answered — by /who, autocomplete, the digest or the export — when some document frames the name
 * as a firm and none names a person by it surely: a wrong person is worse than none. A name that
 * starts with a given name of the lists ("David Jones") asks more: at least GIVEN_NAME_FIRMS
 * documents framing it as a firm, and more of them than documents naming the person weakly
 * ("Robert Bruce said" stays beside one "Robert Bruce Industries Inc").
 *
 * Revised per document (issue #19): a change subtracts the keys of the documents that go and adds
 * those of the documents that come; the maps are layered (layered-map.ts), so a revision copies
 * only what it changes.
 */
import type { IngestedDoc } from '../ingest/index.js';
import { isFirstName } from '../extract/lexicon.js';
import { LayeredMap, type LayeredMapWriter } from './layered-map.js';
import { nameKey } from './people.js';

type Facts = Pick<IngestedDoc['facts'], 'people' | 'firms'>;

/** Documents framing a name that starts with a given name as a firm, at least, for its weak people to be hidden. */
export const GIVEN_NAME_FIRMS = 3;

/** The keys one document frames as a firm, names a person by surely, and only weakly. */
export function firmKeysOfDoc(facts: Facts): { firm: Set<string>; sure: Set<string>; weak: Set<string> } {
  const firm = new Set<string>();
  for (const k of facts.firms ?? []) {
    const key = nameKey(k);
    if (key) firm.add(key);
  }
  const sure = new Set<string>();
  const weak = new Set<string>();
  for (const f of facts.people) if (f.kind === 'person') (f.weak ? weak : sure).add(nameKey(f.name));
  return { firm, sure, weak };
}

/** Whether a name key starts with a given name of the lists (the stricter rule applies). */
export const givenNameKey = (key: string): boolean => isFirstName(key.split(' ')[0]);

/** The rule on the counts of one key: whether its weak people are not answered. */
export function hidesKey(key: string, firm: number, sure: number, weak: number): boolean {
  if (firm <= 0 || sure > 0) return false;
  return !givenNameKey(key) || (firm >= GIVEN_NAME_FIRMS && firm > weak);
}

type Counts = LayeredMap<string, number>;

export class FirmCounts {
  private constructor(
    /** Name key → documents that frame it as a firm. */
    private readonly firm: Counts,
    /** Name key → documents that name a person by it with more than weak evidence. */
    private readonly sure: Counts,
    /** Name key → documents that name a person by it only weakly. */
    private readonly weak: Counts,
  ) {}

  static build(docs: readonly { facts: Facts }[]): FirmCounts {
    return FirmCounts.empty().revised([], docs);
  }

  static empty(): FirmCounts {
    const none = () => LayeredMap.of(new Map<string, number>());
    return new FirmCounts(none(), none(), none());
  }

  /** The counts after the documents `removed` went and `added` came; this one is not changed. */
  revised(removed: readonly { facts: Facts }[], added: readonly { facts: Facts }[]): FirmCounts {
    const firm = this.firm.writer();
    const sure = this.sure.writer();
    const weak = this.weak.writer();
    const bump = (w: LayeredMapWriter<string, number>, keys: Set<string>, by: number) => {
      for (const k of keys) {
        const n = (w.get(k) ?? 0) + by;
        if (n > 0) w.set(k, n);
        else w.delete(k);
      }
    };
    const count = (docs: readonly { facts: Facts }[], by: number) => {
      for (const d of docs) {
        const k = firmKeysOfDoc(d.facts);
        bump(firm, k.firm, by);
        bump(sure, k.sure, by);
        bump(weak, k.weak, by);
      }
    };
    count(removed, -1);
    count(added, 1);
    return new FirmCounts(firm.done(), sure.done(), weak.done());
  }

  /** How many documents frame the name as a firm. */
  firmDocs(name: string): number {
    return this.firm.get(nameKey(name)) ?? 0;
  }

  /** Whether a person of this name, wherever only weakly a person, is no person (`hidesKey`). */
  hides(name: string): boolean {
    const k = nameKey(name);
    const firm = this.firm.get(k) ?? 0;
    return firm > 0 && hidesKey(k, firm, this.sure.get(k) ?? 0, this.weak.get(k) ?? 0);
  }

  /** Snapshot parts: the three maps, folded. */
  toSnapshot(): [Map<string, number>, Map<string, number>, Map<string, number>] {
    return [new Map(this.firm.entries()), new Map(this.sure.entries()), new Map(this.weak.entries())];
  }

  static fromSnapshot(firm: unknown, sure: unknown, weak: unknown): FirmCounts {
    if (!(firm instanceof Map) || !(sure instanceof Map) || !(weak instanceof Map)) throw new Error('not a firm counts snapshot');
    return new FirmCounts(
      LayeredMap.of(firm as Map<string, number>),
      LayeredMap.of(sure as Map<string, number>),
      LayeredMap.of(weak as Map<string, number>),
    );
  }
}
