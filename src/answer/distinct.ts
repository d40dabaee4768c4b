/**
 * The first `limit` distinct results of a ranked search. Wire copy repeats a sentence, a
 * paragraph or a quote in many documents, so a page of hits can hold only a few distinct ones.
 * One page of `limit × 3` hits first; only when it runs short and the index had more, one page
 * of `limit × 12`. Bounded either way.
 */
const FIRST_PAGE = 3;
const SECOND_PAGE = 12;

export function distinctResults<H, R>(fetch: (n: number) => H[], limit: number, keyOf: (hit: H) => string, make: (hit: H) => R): { results: R[]; hits: number } {
  const pick = (hits: H[]) => {
    const seen = new Set<string>();
    const out: R[] = [];
    for (const h of hits) {
      const key = keyOf(h);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(make(h));
      if (out.length >= limit) break;
    }
    return out;
  };
  let hits = fetch(limit * FIRST_PAGE);
  let results = pick(hits);
  if (results.length < limit && hits.length >= limit * FIRST_PAGE) {
    hits = fetch(limit * SECOND_PAGE);
    results = pick(hits);
  }
  return { results, hits: hits.length };
}

/** Text as a key that ignores differences of spacing. */
export function textKey(text: string): string {
  return text.replace(/\s+/g, ' ');
}
