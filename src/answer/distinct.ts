/**
 * The first `limit` distinct results of a ranked search. Wire copy repeats a sentence, a
 * paragraph or a quote in many documents, so the best hits can hold only a few distinct ones:
 * one page of `limit × PAGE` hits is asked for at once (the search keeps only its best k while
 * scoring, so a larger k costs little, where asking twice would rank twice), and only the hits
 * needed to fill `limit` distinct results are turned into results.
 */
const PAGE = 12;

export function distinctResults<H, R>(
  fetch: (n: number) => H[],
  limit: number,
  keyOf: (hit: H) => string,
  make: (hit: H) => R,
): { results: R[]; hits: number } {
  const hits = fetch(limit * PAGE);
  const seen = new Set<string>();
  const results: R[] = [];
  for (const h of hits) {
    const key = keyOf(h);
    if (seen.has(key)) continue;
    seen.add(key);
    results.push(make(h));
    if (results.length >= limit) break;
  }
  return { results, hits: hits.length };
}

/** Text as a key that ignores differences of spacing. */
export function textKey(text: string): string {
  return text.replace(/\s+/g, ' ');
}
