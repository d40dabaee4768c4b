/** /who: a person or group, with every role the sources give them, each cited (issue #3). */
import type { Corpus } from '../index/corpus.js';
import type { PersonEntry } from '../index/people.js';
import { sentenceText } from './excerpt.js';
import type { Answer, Result } from './types.js';

export interface WhoResult extends Result {
  name: string;
  aliases: string[];
  kind: 'person' | 'group';
  /** How many documents mention them. */
  documents: number;
  /** How many times the corpus mentions them. */
  mentions: number;
  /** How many times the sources state this role. */
  stated?: number;
  /** The date of the source cited for this role (roles are listed newest source first). */
  published?: string;
  /** The text calls the role past ("former commander of …", "ex-minister", "then president"). */
  former?: boolean;
}

/** A role the text itself places in the past. */
const FORMER = /^(?:(?:the|a|an|his|her|their)\s+)?(?:former|ex-|one-time|onetime|erstwhile|then\s)/i;

export const WHO_LIMIT = 10;

export function who(corpus: Corpus, query: string, limit = WHO_LIMIT): Answer<WhoResult> {
  const q = query.replace(/\s+/g, ' ').trim();
  if (!q) return { command: 'who', query, error: 'Type a name, e.g. `/who Asim Munir` (a surname or the start of a name is enough).' };
  if (!/[\p{L}\p{N}]/u.test(q)) return { command: 'who', query, error: 'A name needs letters, e.g. `/who Asim Munir`.' };
  const matches = corpus.people.lookup(q, 5);
  if (matches.length === 0) {
    const suggestions = corpus.people.closest(q, 5);
    return { command: 'who', query, results: [], message: `“${q}” is not in the corpus.`, ...(suggestions.length ? { suggestions } : {}) };
  }
  const e = matches[0].entry;
  const base = { name: e.name, aliases: e.aliases, kind: e.kind, documents: e.docs.length, mentions: e.mentionCount };
  const results: WhoResult[] = [];
  // Distinct roles are grouped and ranked (newest source first) when the index is built: an
  // answer reads the first few.
  for (const g of e.roleGroups.slice(0, limit)) {
    const r = e.roles[g.cited];
    const p = corpus.paragraph(r.doc, r.paragraph);
    const citation = corpus.citation(r.doc, r.paragraph);
    results.push({
      answer: r.role,
      excerpt: sentenceText(p, r.sentence),
      citation,
      ...base,
      stated: g.stated,
      ...(citation.published ? { published: citation.published } : {}),
      ...(FORMER.test(r.role) ? { former: true } : {}),
    });
  }
  if (results.length === 0) results.push(...mentionResults(corpus, e, base));
  // Other names the query matches as written (not only through a typo): the user may mean one.
  const others = matches
    .slice(1)
    .filter((m) => m.whole)
    .map((m) => m.entry.name);
  const heading = e.aliases.length ? `${e.name} (${e.aliases.slice(0, 5).join(', ')})` : e.name;
  return {
    command: 'who',
    query,
    heading,
    results,
    total: e.roleGroupCount || results.length,
    ...(results.length && e.roleGroupCount === 0 ? { message: `The sources name ${e.name} but state no role.` } : {}),
    ...(others.length ? { suggestions: others } : {}),
  };
}

/**
 * No role stated: the sentence that names them, cited, one per document (the first mention, which
 * is where a news text gives the name in full), so the answer still shows who.
 */
function mentionResults(
  corpus: Corpus,
  e: PersonEntry,
  base: Pick<WhoResult, 'name' | 'aliases' | 'kind' | 'documents' | 'mentions'>,
): WhoResult[] {
  return e.firstMentions.map((m) => {
    const p = corpus.paragraph(m.doc, m.paragraph);
    const i = Math.max(
      0,
      p.sentences.findIndex((s) => s.start <= m.start && m.start < s.end),
    );
    const sentence = sentenceText(p, i);
    return { answer: sentence, excerpt: sentence, citation: corpus.citation(m.doc, m.paragraph), ...base };
  });
}
