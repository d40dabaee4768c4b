/** /who: a person or group, with every role the sources give them, each cited (issue #3). */
import type { Corpus } from '../index/corpus.js';
import type { PersonEntry, PersonRole } from '../index/people.js';
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
}

export const WHO_LIMIT = 10;

/** A rank or title alone ("Gen.", "Col.", "Field Marshal"): true, but says less than a described role. */
function bareRank(role: string): boolean {
  return role.split(/\s+/).length <= 2 && /^[\p{Lu}][\p{L}.]*(?:\s[\p{Lu}][\p{L}.]*)?$/u.test(role) && /\.|^(?:Major|Brigadier|Field|Lieutenant|General|Colonel|Captain|Admiral|Sergeant)\b/.test(role);
}

const roleKey = (r: string) => r.toLowerCase().replace(/[’‘]/g, "'").replace(/^(?:the|a|an)\s+/, '').replace(/\s+/g, ' ');

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
  const groups = new Map<string, PersonRole[]>();
  for (const r of e.roles) {
    const k = roleKey(r.role);
    const l = groups.get(k);
    if (l) l.push(r);
    else groups.set(k, [r]);
  }
  // Most often stated first; a bare rank after described roles; then corpus order.
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length || Number(bareRank(a[0].role)) - Number(bareRank(b[0].role)) || a[0].doc - b[0].doc || a[0].paragraph - b[0].paragraph);
  for (const list of ordered.slice(0, limit)) {
    const r = list[0];
    const p = corpus.paragraph(r.doc, r.paragraph);
    results.push({ answer: r.role, excerpt: sentenceText(p, r.sentence), citation: corpus.citation(r.doc, r.paragraph), ...base, stated: list.length });
  }
  if (results.length === 0) results.push(...mentionResults(corpus, e, base));
  // Other names the query matches as written (not only through a typo): the user may mean one.
  const others = matches.slice(1).filter((m) => m.whole).map((m) => m.entry.name);
  const heading = e.aliases.length ? `${e.name} (${e.aliases.slice(0, 5).join(', ')})` : e.name;
  return {
    command: 'who',
    query,
    heading,
    results,
    total: groups.size || results.length,
    ...(results.length && groups.size === 0 ? { message: `The sources name ${e.name} but state no role.` } : {}),
    ...(others.length ? { suggestions: others } : {}),
  };
}

/** No role stated: the sentence of the first mention, cited, so the answer still shows who. */
function mentionResults(corpus: Corpus, e: PersonEntry, base: Pick<WhoResult, 'name' | 'aliases' | 'kind' | 'documents' | 'mentions'>): WhoResult[] {
  const m = e.firstMentions[0];
  if (!m) return [];
  const p = corpus.paragraph(m.doc, m.paragraph);
  const i = Math.max(0, p.sentences.findIndex((s) => s.start <= m.start && m.start < s.end));
  const sentence = sentenceText(p, i);
  return [{ answer: sentence, excerpt: sentence, citation: corpus.citation(m.doc, m.paragraph), ...base }];
}
