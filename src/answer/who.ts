/** /who: a person or group, with every role the sources give them, each cited (issue #3). */
import type { CorpusStore, PersonFound } from '../corpus/types.js';
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

export async function who(corpus: CorpusStore, query: string, limit = WHO_LIMIT): Promise<Answer<WhoResult>> {
  const q = query.replace(/\s+/g, ' ').trim();
  if (!q) return { command: 'who', query, error: 'Type a name, e.g. `/who Asim Munir` (a surname or the start of a name is enough).' };
  if (!/[\p{L}\p{N}]/u.test(q)) return { command: 'who', query, error: 'A name needs letters, e.g. `/who Asim Munir`.' };
  // Distinct roles are grouped and ranked (newest source first) when the index is built: an
  // answer reads the first few.
  const { person: e, others, closest } = await corpus.person(q, { roles: limit });
  if (!e) {
    return {
      command: 'who',
      query,
      results: [],
      message: `“${q}” is not in the corpus.`,
      ...(closest.length ? { suggestions: closest } : {}),
    };
  }
  const base = { name: e.name, aliases: e.aliases, kind: e.kind, documents: e.documents, mentions: e.mentions };
  const results: WhoResult[] = [];
  for (const r of e.roles) {
    const citation = r.citation;
    results.push({
      answer: r.role,
      excerpt: sentenceText(r.paragraph, r.sentence),
      citation,
      ...base,
      stated: r.stated,
      ...(citation.published ? { published: citation.published } : {}),
      ...(FORMER.test(r.role) ? { former: true } : {}),
    });
  }
  if (results.length === 0) results.push(...mentionResults(e, base));
  // `others`: names the query matches as written (not only through a typo): the user may mean one.
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
function mentionResults(e: PersonFound, base: Pick<WhoResult, 'name' | 'aliases' | 'kind' | 'documents' | 'mentions'>): WhoResult[] {
  return e.firstMentions.map((m) => {
    const p = m.paragraph;
    const i = Math.max(
      0,
      p.sentences.findIndex((s) => s.start <= m.start && m.start < s.end),
    );
    const sentence = sentenceText(p, i);
    return { answer: sentence, excerpt: sentence, citation: m.citation, ...base };
  });
}
