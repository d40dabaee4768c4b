/**
 * Bounded full-text search in PostgreSQL, the same steps as the memory store's TermSearch
 * (index/postings.ts) so that both find the same things: a document must match most of the
 * query's words (`minimumShouldMatch`); more words matched rank first, then BM25 with MiniSearch's
 * parameters and figures (document frequencies and lengths stored at ingest); exact words first,
 * and only when they find too little each word is widened to index words it prefixes or is a typo
 * of. What differs is the candidate set: a GIN match capped at CANDIDATES rows (the memory store
 * visits up to 40,000 postings), so on very common words the two may keep different passages of
 * equal standing.
 *
 * One statement per stage ranks the candidates and returns the kept rows; the caller's `select`
 * adds the columns it needs to answer (paragraph text, citation), so a search is a look-up of the
 * query's words and one or two ranking statements.
 */
import type pg from 'pg';
import { editDistance } from '../../index/people.js';
import { minimumShouldMatch, suggestionTries } from '../../index/postings.js';
import { queryTerms } from '../../index/text.js';
import { indexable, lexeme, noNul, params, type FieldSummary } from './text.js';

/** MiniSearch's defaults, as TermSearch uses them. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const WEIGHTS = { prefix: 0.375, fuzzy: 0.45 };
const MAX_EXPANSIONS = 10;
const MAX_PREFIX_SCAN = 400;
/** Rows a GIN match may bring into one ranking. */
export const CANDIDATES = 1000;
/** Index words one word's typo look-up may bring (all there are within its distance, in practice). */
const FUZZY_SCAN = 2000;

/** The largest code point: `term < prefix || MAX_CHAR` bounds a prefix range in the C collation. */
const MAX_CHAR = String.fromCodePoint(0x10ffff);

export interface SearchTable {
  /** The field's code in `terms`. */
  field: string;
  /** Table, with the alias `x`, e.g. `paragraphs x`. */
  from: string;
  /** Key columns of a row, e.g. `x.doc, x.n`: the order of equal scores (corpus order). */
  key: string[];
  /** Extra condition on candidates, e.g. `x.speaker = $S` (placeholders numbered by `params`). */
  where?: string;
  params?: unknown[];
  /**
   * A multiplier of the score of a row `x` (its key columns), from the query's words as tsqueries
   * (`$G`, a tsquery[], one per word that has index words) and their number (`$NG`): e.g. the
   * title bonus of passages.
   */
  boost?: string;
  /** Columns of the result row beyond the key, score and matched terms (`x.` refers to the row, `d.` to `join`). */
  select: string;
  /** A join for the select, e.g. `JOIN documents d ON d.corpus_id = x.corpus_id AND d.doc = x.doc`. */
  join?: string;
}

interface TermInfo {
  term: string;
  weight: number;
  df: number;
}

interface Group {
  query: string;
  terms: TermInfo[];
  df: number;
}

export interface Ranked {
  score: number;
  matched: number;
  /** Index words that matched. */
  terms: string[];
  /** Query words that matched. */
  queryTerms: string[];
  row: Record<string, unknown>;
}

/** A query's words as the index knows them: each word's own df and its prefix continuations. */
interface Vocabulary {
  exact: Map<string, number>;
  prefixes: Map<string, { term: string; df: number }[]>;
}

export class PgTermSearch {
  constructor(
    private readonly pool: pg.Pool,
    private readonly corpusId: string,
    private readonly table: SearchTable,
    private readonly stats: () => FieldSummary,
  ) {}

  /**
   * Rows for a query, best first; as TermSearch.search. Words are widened (prefixes, typos) when
   * exact words find fewer than `widenBelow` rows (default: `limit`).
   */
  async search(query: string, limit: number, widenBelow = limit): Promise<Ranked[]> {
    const terms = queryTerms(noNul(query)).filter(indexable);
    if (terms.length === 0 || limit <= 0) return [];
    const vocab = await this.vocabulary(terms);
    const hits = await this.rank(this.exactGroups(terms, vocab), limit);
    if (hits.length < Math.min(limit, widenBelow)) {
      const groups = await this.widenedGroups(terms, vocab);
      if (groups.some((g, i) => g.terms.length !== 1 || g.terms[0].term !== terms[i])) {
        const seen = new Set(hits.map((h) => this.keyOf(h.row)));
        for (const h of await this.rank(groups, limit)) {
          if (seen.has(this.keyOf(h.row))) continue;
          hits.push(h);
          if (hits.length >= limit) break;
        }
      }
    }
    return hits.slice(0, limit);
  }

  /** Queries the index can back ("did you mean"); as TermSearch.suggest. */
  async suggest(query: string, max: number): Promise<string[]> {
    const terms = queryTerms(noNul(query)).filter(indexable);
    if (terms.length === 0) return [];
    const vocab = await this.vocabulary(terms);
    const options = await Promise.all(terms.map((t) => this.alternatives(t, vocab, 3)));
    if (options.some((o) => o.length === 0)) return [];
    const out: string[] = [];
    for (const words of suggestionTries(options)) {
      const q = words.join(' ');
      if (out.includes(q) || q === terms.join(' ')) continue;
      const v = await this.vocabulary(words);
      if ((await this.rank(this.exactGroups(words, v), 1)).length > 0) out.push(q);
      if (out.length >= max) break;
    }
    return out;
  }

  private keyOf(row: Record<string, unknown>): string {
    return this.table.key.map((k) => String(row[`key_${k.replace(/^x\./, '')}`])).join('|');
  }

  private async vocabulary(terms: string[]): Promise<Vocabulary> {
    const { rows } = await this.pool.query<{ q: string; term: string; df: number }>(
      `SELECT q.term AS q, t.term, t.df FROM unnest($3::text[]) AS q(term)
       CROSS JOIN LATERAL (
         SELECT term, df FROM terms
         WHERE corpus_id = $1 AND field = $2 AND term >= q.term AND term < q.term || $4
         ORDER BY term LIMIT CASE WHEN length(q.term) >= 4 THEN $5::int ELSE 1 END
       ) t`,
      params([this.corpusId, this.table.field, terms, MAX_CHAR, MAX_PREFIX_SCAN]),
    );
    const exact = new Map<string, number>();
    const prefixes = new Map<string, { term: string; df: number }[]>();
    for (const r of rows) {
      if (r.term === r.q) exact.set(r.q, r.df);
      else if (r.q.length >= 4) {
        let l = prefixes.get(r.q);
        if (!l) prefixes.set(r.q, (l = []));
        l.push({ term: r.term, df: r.df });
      }
    }
    return { exact, prefixes };
  }

  private exactGroups(terms: string[], vocab: Vocabulary): Group[] {
    return terms.map((q) => {
      const df = vocab.exact.get(q) ?? 0;
      return { query: q, terms: [{ term: q, weight: 1, df }], df };
    });
  }

  /** Each word with the index words it prefixes (4+ letters) or is a typo of (5+ letters, absent words only). */
  private async widenedGroups(terms: string[], vocab: Vocabulary): Promise<Group[]> {
    return Promise.all(
      terms.map(async (q) => {
        const found = new Map<string, { weight: number; df: number }>();
        for (const { term, df } of vocab.prefixes.get(q) ?? []) {
          const distance = term.length - q.length;
          found.set(term, { weight: (WEIGHTS.prefix * term.length) / (term.length + 0.3 * distance), df });
        }
        if (q.length >= 5 && !vocab.exact.has(q)) {
          const maxDistance = Math.min(6, Math.round(q.length * 0.2));
          const near = await this.near(q, maxDistance);
          for (let d = 1; d <= maxDistance; d++) {
            let any = false;
            for (const n of near)
              if (n.distance === d && !found.has(n.term)) {
                found.set(n.term, { weight: (WEIGHTS.fuzzy * n.term.length) / (n.term.length + d), df: n.df });
                any = true;
              }
            if (any || found.size > 0) break;
          }
        }
        const list: TermInfo[] = vocab.exact.has(q) ? [{ term: q, weight: 1, df: vocab.exact.get(q)! }] : [];
        const ranked = [...found].map(([term, v]) => ({ term, ...v })).sort((a, b) => b.weight - a.weight || b.df - a.df);
        list.push(...ranked.slice(0, MAX_EXPANSIONS));
        return { query: q, terms: list, df: list.reduce((a, t) => a + t.df, 0) };
      }),
    );
  }

  /**
   * Every index word within `maxDistance` edits of a word, as the memory store's fuzzyGet finds
   * them. Cut the word into maxDistance + 1 pieces: that many edits leave one piece untouched, so
   * a near word starts with the first piece (a btree range), ends with the last or holds a middle
   * one (trigram index); those candidates of a fitting length are checked by edit distance.
   */
  private async near(q: string, maxDistance: number): Promise<{ term: string; df: number; distance: number }[]> {
    const pieces = cut(q, maxDistance + 1);
    const like = (p: string) => p.replace(/[\\%_]/g, (c) => `\\${c}`);
    const { rows } = await this.pool.query<{ term: string; df: number }>(
      `SELECT term, df FROM terms WHERE corpus_id = $1 AND field = $2
         AND ((term >= $3 AND term < $3 || $4) OR term LIKE ANY($5::text[]))
         AND length(term) BETWEEN $6::int - $7::int AND $6::int + $7::int
         -- levenshtein refuses strings over 255 characters (no one misspells such a word).
         AND CASE WHEN length(term) <= 255 AND $6::int <= 255 THEN levenshtein_less_equal(term, $8, $7::int) <= $7::int ELSE false END
       LIMIT $9`,
      params([
        this.corpusId,
        this.table.field,
        pieces[0],
        MAX_CHAR,
        pieces.slice(1).map((p, i) => (i === pieces.length - 2 ? `%${like(p)}` : `%${like(p)}%`)),
        [...q].length,
        maxDistance,
        q,
        FUZZY_SCAN,
      ]),
    );
    return rows.map((r) => ({ ...r, distance: editDistance(q, r.term) })).filter((r) => r.distance > 0 && r.distance <= maxDistance);
  }

  private async alternatives(q: string, vocab: Vocabulary, max: number): Promise<string[]> {
    if ((vocab.exact.get(q) ?? 0) > 0) return [q];
    if (q.length < 3) return [];
    const near = await this.near(q, q.length >= 8 ? 2 : 1);
    return near
      .sort((a, b) => a.distance - b.distance || b.df - a.df)
      .slice(0, max)
      .map((r) => r.term);
  }

  /**
   * One ranking statement: candidates by GIN (every word; and, when not every word is needed,
   * any of the n − need + 1 rarest words, for documents matching most words), BM25 per word
   * (a widened word scores its best-matching index word), ordered as TermSearch orders.
   */
  private async rank(groups: Group[], limit: number): Promise<Ranked[]> {
    const n = groups.length;
    const need = minimumShouldMatch(n);
    const present = groups.filter((g) => g.df > 0);
    if (present.length < need) return [];
    const byRarity = [...present].sort((a, b) => a.df - b.df);
    const anyOf = (g: Group) => `(${g.terms.map((t) => lexeme(t.term)).join(' | ')})`;
    const every = present.length === n ? groups.map(anyOf).join(' & ') : undefined;
    const some =
      need < n
        ? byRarity
            .slice(0, n - need + 1)
            .map(anyOf)
            .join(' | ')
        : undefined;
    const s = this.stats();
    const N = s.documents;
    const avg = s.avgLength || 1;
    const g: number[] = [];
    const term: string[] = [];
    const weight: number[] = [];
    const idf: number[] = [];
    groups.forEach((grp, i) => {
      for (const t of grp.terms) {
        g.push(i);
        term.push(t.term);
        weight.push(t.weight);
        idf.push(Math.log(1 + (N - t.df + 0.5) / (t.df + 0.5)));
      }
    });
    const t = this.table;
    const extra = t.params ?? [];
    // $1 corpus, $2..$5 the words, $6 every, $7 some, $8 cap, $9 need, $10 avg, $11 limit, $12 group queries; then the table's own.
    const p = (i: number) => `$${12 + i}`;
    const where = t.where ? ` AND ${t.where.replace(/\$P(\d+)/g, (_, i: string) => p(Number(i)))}` : '';
    const keyCols = t.key.join(', ');
    const keyNames = t.key.map((k) => k.replace(/^x\./, ''));
    const cols = `${keyCols}, x.tsv, x.len`;
    const everyRows = every
      ? `SELECT ${cols} FROM ${t.from} WHERE x.corpus_id = $1 AND x.tsv @@ $6::tsquery${where} LIMIT $8`
      : `SELECT ${cols} FROM ${t.from} WHERE false`;
    // Documents with most but not all words, only when those with every word are too few (as TermSearch).
    const someRows = some
      ? `UNION ALL (SELECT ${cols} FROM ${t.from} WHERE x.corpus_id = $1 AND x.tsv @@ $7::tsquery${every ? ' AND NOT (x.tsv @@ $6::tsquery)' : ''}${where}
           AND (SELECT count(*) FROM cand_every) < $11 LIMIT $8)`
      : '';
    const boost = t.boost ? t.boost.replace(/\$G/g, '$12::tsquery[]').replace(/\$NG/g, String(n)) : '1';
    const keyList = keyNames.join(', ');
    const sql = `
      WITH q AS (SELECT * FROM unnest($2::int[], $3::text[], $4::float8[], $5::float8[]) AS q(g, term, weight, idf)),
      -- Types for the two candidate queries, one of which may go unused.
      stages AS (SELECT $6::tsquery AS every, $7::tsquery AS some, $12::tsquery[] AS groups),
      cand_every AS (${everyRows}),
      cand AS (SELECT * FROM cand_every ${someRows}),
      -- Each candidate's query words with their counts: the words filtered while the tsvector is unnested, then weighed.
      per_term AS (
        SELECT ${keyNames.map((k) => `m.${k}`).join(', ')}, q.g, q.term,
          q.weight * q.idf * (${BM25.d} + (m.tf * ${BM25.k + 1}) / (m.tf + ${BM25.k} * (${1 - BM25.b} + ${BM25.b} * m.len / $10::float8))) AS s
        FROM (
          SELECT ${keyNames.map((k) => `x.${k}`).join(', ')}, x.len, u.lexeme, cardinality(u.positions) AS tf
          FROM cand x, unnest(x.tsv) AS u WHERE u.lexeme = ANY($3::text[])
        ) m JOIN q ON q.term = m.lexeme
      ),
      ${
        // A word of one index word: its rows are already one per document and word.
        groups.every((grp) => grp.terms.length <= 1)
          ? `hit AS (SELECT ${keyList}, count(*)::int AS matched, sum(s) AS score FROM per_term GROUP BY ${keyList} HAVING count(*) >= $9),`
          : `per_group AS (SELECT ${keyList}, g, max(s) AS s FROM per_term GROUP BY ${keyList}, g),
             hit AS (SELECT ${keyList}, count(*)::int AS matched, sum(s) AS score FROM per_group GROUP BY ${keyList} HAVING count(*) >= $9),`
      }
      top AS (
        SELECT x.*, x.score * (${boost}) AS ranked FROM hit x
        ORDER BY x.matched DESC, ranked DESC, ${keyNames.map((k) => `x.${k}`).join(', ')} LIMIT $11
      )
      SELECT top.matched, top.ranked AS score,
        (SELECT array_agg(u.lexeme) FROM unnest(x.tsv) AS u WHERE u.lexeme = ANY($3::text[])) AS matched_terms,
        ${keyNames.map((k) => `top.${k} AS key_${k}`).join(', ')}, ${t.select}
      FROM top JOIN ${t.from} ON x.corpus_id = $1 AND ${keyNames.map((k) => `x.${k} = top.${k}`).join(' AND ')}
      ${t.join ?? ''}
      ORDER BY top.matched DESC, top.ranked DESC, ${keyNames.map((k) => `top.${k}`).join(', ')}`;
    const groupQueries = groups.filter((grp) => grp.terms.length).map(anyOf);
    const { rows } = await this.pool.query<Record<string, unknown> & { matched: number; score: number; matched_terms: string[] | null }>(
      sql,
      params([this.corpusId, g, term, weight, idf, every ?? '', some ?? '', CANDIDATES, need, avg, limit, groupQueries, ...extra]),
    );
    return rows.map((r) => {
      // The index words the row holds, in the order of the query's words, as TermSearch lists them.
      const held = new Set(r.matched_terms ?? []);
      const terms: string[] = [];
      const queryTerms: string[] = [];
      for (const grp of groups) {
        let any = false;
        for (const t of grp.terms)
          if (held.has(t.term)) {
            terms.push(t.term);
            any = true;
          }
        if (any) queryTerms.push(grp.query);
      }
      return { score: r.score, matched: r.matched, terms, queryTerms, row: r };
    });
  }
}

/** A word cut into n pieces of near-equal length (fewer when it is shorter than n). */
export function cut(word: string, n: number): string[] {
  const chars = [...word];
  const k = Math.max(1, Math.min(n, chars.length));
  return Array.from({ length: k }, (_, i) =>
    chars.slice(Math.floor((i * chars.length) / k), Math.floor(((i + 1) * chars.length) / k)).join(''),
  );
}
