/**
 * The names a document frames as a firm (issue #16, the corpus-wide firm mechanism): a person
 * whose own document gives only weak evidence ("Freddie Mac said") is no person when another
 * document writes the name as a firm ("Federal Home Loan Mortgage Corp (Freddie Mac)", "John
 * Morrell and Co"). The keys found here go with the document's facts; the people index counts,
 * per key, the documents that frame it so (src/index/people.ts).
 *
 * Read from the tokens of each sentence, apart from the person rules: a run of capitalised words
 * that ends in a firm's suffix or word, or is followed by "and Co"/"& Sons".
 */
import { COMPANY_WORDS } from '../lexicon.js';
import type { Token } from './tokens.js';

/** Words that end a firm's name (besides COMPANY_WORDS): legal suffixes and the nouns of firms. */
export const FIRM_ENDS = new Set(
  `inc incorporated corp corporation co cos company companies ltd limited plc llc lp ag sa nv bv gmbh bhd spa ab asa pty kk
  holdings group partners brothers bros bank bancorp bankshares association society trust securities assurance insurance
  airlines`
    .split(/\s+/)
    .filter(Boolean),
);

/** After "and"/"&", the words that make the name before them a firm ("John Morrell and Co"). */
const AND_FIRM = new Set(['co', 'company', 'sons', 'partners', 'associates', 'cie']);

/**
 * Lower-case words that may join a firm's name; a name key never ends in one. Not "of" or "for":
 * "John Roe of Acme Corp" names a person and a firm.
 */
const JOINERS = new Set(['and', '&', 'de', 'du', 'des', 'la', 'le', 'von', 'van']);
const AND = new Set(['and', '&']);

const isEnd = (t: Token) => t.word && t.cap && (FIRM_ENDS.has(t.key) || COMPANY_WORDS.has(t.key));

/**
 * The name keys a sentence frames as a firm: for a run ending in a firm word, the words before
 * that word and their prefixes of two words or more ("Sun Life Assurance Society" → "sun life
 * assurance", "sun life"); a bracketed name right after such a run ("… Corp (Freddie Mac)").
 */
export function firmKeysOf(toks: readonly Token[], out: Set<string>, lowerWords: ReadonlySet<string> = new Set()): void {
  let i = 0;
  let first = 0;
  while (first < toks.length && !toks[first].word) first++;
  while (i < toks.length) {
    if (!toks[i].word || !toks[i].cap) {
      i++;
      continue;
    }
    let j = i;
    // The run: capitalised words, "&", and lower-case joiners between capitalised words.
    while (
      j < toks.length &&
      ((toks[j].word && toks[j].cap) || ((toks[j].text === '&' || JOINERS.has(toks[j].key)) && toks[j + 1]?.word && toks[j + 1].cap))
    ) {
      j++;
      if (toks[j - 1].poss) break;
    }
    // "The Acme Widget Co", "Analysts Acme …": an article or a word the document writes in lower case opening the sentence is no part of the name.
    const from = toks[i].key === 'the' || (i === first && lowerWords.has(toks[i].key)) ? i + 1 : i;
    const run = toks.slice(from, j);
    // The run ends at its last firm word ("Sun Life Assurance Society Inc" → before "Assurance").
    let end = -1;
    for (let x = run.length - 1; x >= 1; x--)
      if (isEnd(run[x]) || (AND_FIRM.has(run[x].key) && AND.has(run[x - 1]?.key ?? ''))) end = x;
      else if (end >= 0) break;
    if (end >= 1) {
      addPrefixes(run.slice(0, end), out);
      // "… Corp (Freddie Mac)": the bracketed name is the firm's.
      if (end === run.length - 1 || run.slice(end).every(isEnd)) bracketed(toks, j, out);
    }
    i = Math.max(j, i + 1);
  }
}

/** The name keys of the words before a firm word: the whole and each prefix of two words or more. */
function addPrefixes(words: readonly Token[], out: Set<string>): void {
  const keys = words.map((t) => t.key);
  while (keys.length && JOINERS.has(keys[keys.length - 1])) keys.pop();
  if (keys.length < 2) return;
  out.add(keys.join(' '));
  // "Jane Roe and Acme Bank" may be a list: no prefix is taken across "and".
  if (keys.some((k) => AND.has(k))) return;
  for (let n = keys.length - 1; n >= 2; n--) {
    if (JOINERS.has(keys[n - 1])) continue;
    out.add(keys.slice(0, n).join(' '));
  }
}

function bracketed(toks: readonly Token[], at: number, out: Set<string>): void {
  if (toks[at]?.text !== '(') return;
  const close = toks.findIndex((t, x) => x > at && t.text === ')');
  if (close < 0 || close - at - 1 < 2 || close - at - 1 > 5) return;
  const inner = toks.slice(at + 1, close);
  if (inner.every((t) => t.word && t.cap)) out.add(inner.map((t) => t.key).join(' '));
}
