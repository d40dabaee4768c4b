/**
 * How words become index terms, shared by every index so that a query and a document are
 * always cut the same way: lower case, accents folded, possessives dropped, plurals folded,
 * the commonest function words left out (they match everything and cost the most).
 */
export const STOPWORDS = new Set(
  (
    'a an and are as at be been but by for from had has have he her his i if in into is it its of on or ' +
    'our she so than that the their them then there these they this those to was we were what when where which who whom why will with would you your'
  ).split(' '),
);

/** Splits text into words the way MiniSearch's default tokenizer does (space and punctuation). */
export const SPLIT = /[\n\r\p{Z}\p{P}\p{S}]+/u;

export function tokenize(text: string): string[] {
  return text.split(SPLIT).filter(Boolean);
}

const NON_ASCII = /[^\x00-\x7f]/;
// A module constant: tsx's esbuild makes a \p{…} literal outside brackets a `new RegExp` where it stands.
const MARKS = /\p{M}+/gu;

export function foldAccents(s: string): string {
  // ASCII is its own NFKD form and holds no marks: most words of English text need neither
  // step (every word of a build and a query comes here; the normalisation was half its cost).
  if (!NON_ASCII.test(s)) return s;
  return s.normalize('NFKD').replace(MARKS, '');
}

/** Light stemming: plural and possessive endings only, so that names and rare words stay whole. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is|ous)$/.test(word)) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** "minister's" → "minister" (a test by character: every word of every build comes here). */
function dropPossessive(t: string): string {
  const n = t.length;
  if (n < 2 || t.charCodeAt(n - 1) !== 115) return t;
  const q = t.charCodeAt(n - 2);
  return q === 39 || q === 0x2019 ? t.slice(0, -2) : t;
}

/** Term for indexing and querying; null drops the word. */
export function processTerm(term: string): string | null {
  const t = dropPossessive(foldAccents(term.toLowerCase()));
  if (!t || STOPWORDS.has(t)) return null;
  return stem(t);
}

/** The distinct terms a query searches for. */
export function queryTerms(query: string): string[] {
  const out = new Set<string>();
  for (const w of tokenize(query)) {
    const t = processTerm(w);
    if (t) out.add(t);
  }
  return [...out];
}
