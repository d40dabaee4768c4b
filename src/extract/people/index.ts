/**
 * People and groups with their roles (issue #3): a rule layer over tokens.
 *
 * 1. Each sentence is cut into runs of capitalised words (with name particles such as "bin"
 *    and, for organisations and titles, "of"/"the").
 * 2. Each run is read by the rules in `rules.ts`: split into a title ("Iranian Interior
 *    Minister") and a name, or read as a group when an organisation word heads it ("Baloch
 *    Liberation Army"); evidence that a name is a person is a title or form of address before it,
 *    a role next to it (after a comma or dash, or before it with a comma: "Pakistan’s army
 *    chief, Gen. …"), a speech verb after it, an age, or a later mention by surname alone.
 * 3. `resolve.ts` links surnames and partial names to the full name in the same document; every
 *    mention is kept with offsets for speaker attribution (issue #5).
 */
import type { Paragraph, ParsedDoc } from '../../types.js';
import { ORG_JOINERS, PARTICLES } from '../lexicon.js';
import { firmKeysOf } from './firms.js';
import { resolve } from './resolve.js';
import { analyseRun, personBeforeOf, placeFirmAfterOf, type Candidate } from './rules.js';
import { tokenizeSpan, type Token } from './tokens.js';
import type { PersonFact } from '../types.js';

export function extractPeople(doc: ParsedDoc): PersonFact[] {
  return extractPeopleAndFirms(doc).people;
}

/** The people and groups, and the name keys the document frames as a firm (`DocFacts.firms`). */
export function extractPeopleAndFirms(doc: ParsedDoc): { people: PersonFact[]; firms: string[] } {
  const firms = new Set<string>();
  const outlet = doc.meta.source?.toLowerCase();
  const lowerWords = lowercaseWords(doc);
  const candidates: Candidate[] = [];
  for (const para of doc.paragraphs) {
    if (para.heading) continue;
    para.sentences.forEach((span, si) => {
      const toks = tokenizeSpan(para.text, span.start, span.end);
      firmKeysOf(toks, firms, lowerWords);
      for (const c of sentenceCandidates(para, si, toks, lowerWords)) {
        const surface = c.name
          .map((t) => t.base)
          .join(' ')
          .toLowerCase();
        if (outlet && (surface === outlet || c.name.some((t) => t.key === outlet))) continue;
        candidates.push(c);
      }
    });
  }
  // What the context calls a company ("drugs group Acme Lilly") is one too.
  for (const c of candidates) if (c.notPerson === 'company' && c.name.length >= 2) firms.add(c.name.map((t) => t.key).join(' '));
  return { people: resolve(candidates), firms: [...firms].sort() };
}

/** A lower-case word; not the start of a contraction: "don't" writes no "don". */
const LOWER_WORD = /(?<![\p{L}'’-])\p{Ll}[\p{Ll}-]+(?![\p{L}-]|['’]\p{L})/gu;

/** Words the document writes in lower case: a capitalised one at a sentence start is no name. */
function lowercaseWords(doc: ParsedDoc): Set<string> {
  const out = new Set<string>();
  for (const p of doc.paragraphs) {
    if (p.heading) continue;
    // match() with the g flag gives the matched strings alone, no match objects.
    for (const w of p.text.match(LOWER_WORD) ?? []) out.add(w);
  }
  return out;
}

/** A lower-case joining word inside a name: followed by a capitalised word, or by another joiner that is ("de la Dehesa"). */
const isJoinable = (toks: Token[], i: number, set: Set<string>): boolean =>
  toks[i].word &&
  !toks[i].cap &&
  set.has(toks[i].key) &&
  !toks[i].poss &&
  i + 1 < toks.length &&
  (toks[i + 1].cap || (set === PARTICLES && i + 2 < toks.length && PARTICLES.has(toks[i + 1].key) && toks[i + 2].cap));

function sentenceCandidates(para: Paragraph, si: number, toks: Token[], lowerWords: Set<string>): Candidate[] {
  const out: Candidate[] = [];
  // The first word, after any opening quote or bracket.
  let first = 0;
  while (first < toks.length && !toks[first].word) first++;
  let i = 0;
  let ofPerson = false;
  while (i < toks.length) {
    if (!toks[i].cap) {
      i++;
      continue;
    }
    let j = i;
    while (j < toks.length) {
      const t = toks[j];
      if (t.cap) {
        j++;
        if (t.poss) break;
      } else if (
        isJoinable(toks, j, PARTICLES) ||
        isJoinable(toks, j, ORG_JOINERS) ||
        (t.key === 'the' && j > i && isJoinable(toks, j, ORG_JOINERS))
      )
        j++;
      else break;
    }
    // Trailing joiners are not part of the run.
    while (j > i && !toks[j - 1].cap) j--;
    // "Jane Roe of Acme Corp": a person before "of" is a run of their own, and so is what follows.
    let of = i + 1;
    while (of < j && (toks[of].key !== 'of' || toks[of].cap)) of++;
    if (of === j) of = -1;
    const split = of > 0 && !placeFirmAfterOf(toks, of, j) && personBeforeOf(toks.slice(i, of), i === first);
    if (split) j = of;
    const c = analyseRun({ para, sentence: si, toks, found: i, initial: i === first, start: i, end: j, lowerWords, ofPerson });
    if (c) out.push(c);
    ofPerson = split;
    i = Math.max(j, i + 1);
  }
  return out;
}
