/**
 * The first `limit` distinct results of a ranked search. Wire copy repeats a sentence, a
 * paragraph or a quote in many documents, so the best hits can hold only a few distinct ones:
 * one page of `limit × PAGE` hits is asked for at once (the search keeps only its best k while
 * scoring, so a larger k costs little, where asking twice would rank twice, and a database store
 * is asked once), and only the hits needed to fill `limit` distinct ones are kept.
 */
const PAGE = 12;

export async function distinctHits<H>(
  fetch: (n: number) => Promise<H[]>,
  limit: number,
  keyOf: (hit: H) => string,
): Promise<{ distinct: H[]; hits: number }> {
  const hits = await fetch(limit * PAGE);
  const seen = new Set<string>();
  const distinct: H[] = [];
  for (const h of hits) {
    const key = keyOf(h);
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(h);
    if (distinct.length >= limit) break;
  }
  return { distinct, hits: hits.length };
}

/** Text as a key that ignores differences of spacing. */
export function textKey(text: string): string {
  return text.replace(/\s+/g, ' ');
}
