/**
 * The state store in PostgreSQL (`DATABASE_URL`), shared by any number of replicas. Versioned
 * migrations run at open under an advisory lock, so replicas starting together apply each once.
 * Every change that must be all-or-nothing is one statement or one transaction; a digest is
 * claimed by inserting its (guild, slot) row under the primary key, so across replicas exactly one
 * run posts it, and a claim left by a replica that died is taken over by exactly one other.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { child } from '../log.js';
import {
  FEED_COLUMNS,
  feedFrom,
  feedItemFrom,
  SHARED_DOCUMENT_COLUMNS,
  sha256Hex,
  sharedDocumentFrom,
  type FeedItemRow,
  type FeedRow,
  type SharedDocumentRow,
} from './rows.js';
import {
  StateError,
  type DigestClaim,
  type DigestOutcome,
  type DigestRecord,
  type DigestStatus,
  type FeedClaim,
  type FeedItemRecord,
  type FeedPollOutcome,
  type FeedRecord,
  type GuildSettings,
  type GuildSetup,
  type NothingNew,
  type SeenDoc,
  type SharedDocument,
  type StateStore,
} from './types.js';

const log = child('state');

/** Schema versions, applied in order; each version's number is recorded in schema_migrations. */
const MIGRATIONS = [
  `CREATE TABLE guild_settings (
     guild_id TEXT PRIMARY KEY,
     channel_id TEXT NOT NULL,
     time TEXT NOT NULL,
     timezone TEXT NOT NULL,
     nothing_new TEXT NOT NULL CHECK (nothing_new IN ('post','skip')),
     enabled BOOLEAN NOT NULL,
     enabled_at BIGINT NOT NULL,
     window_start BIGINT NOT NULL,
     last_error TEXT,
     last_error_at BIGINT,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE doc_seen (
     seq BIGINT GENERATED ALWAYS AS IDENTITY,
     hash TEXT PRIMARY KEY,
     doc_id TEXT NOT NULL,
     first_seen BIGINT NOT NULL
   );
   CREATE INDEX doc_seen_first ON doc_seen (first_seen, seq);
   CREATE TABLE person_seen (
     key TEXT PRIMARY KEY,
     first_seen BIGINT NOT NULL
   );
   CREATE TABLE digests (
     guild_id TEXT NOT NULL,
     slot BIGINT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('claimed','posted','skipped','failed')),
     channel_id TEXT,
     claimed_at BIGINT NOT NULL,
     claimed_by TEXT,
     attempts INTEGER NOT NULL DEFAULT 1,
     posted_at BIGINT,
     window_from BIGINT,
     window_to BIGINT,
     message_ids JSONB NOT NULL DEFAULT '[]',
     documents INTEGER NOT NULL DEFAULT 0,
     error TEXT,
     PRIMARY KEY (guild_id, slot)
   );
   CREATE TABLE kv (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // Feeds followed and the items read from them (issue #18).
  `CREATE TABLE feeds (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     url TEXT NOT NULL UNIQUE,
     title TEXT,
     site_url TEXT,
     added_at BIGINT NOT NULL,
     etag TEXT,
     last_modified TEXT,
     last_poll_at BIGINT,
     last_success_at BIGINT,
     last_error TEXT,
     last_error_at BIGINT,
     failures INTEGER NOT NULL DEFAULT 0,
     next_poll_at BIGINT NOT NULL,
     not_before BIGINT NOT NULL DEFAULT 0,
     claimed_by TEXT,
     claimed_at BIGINT
   );
   CREATE TABLE feed_items (
     feed_id BIGINT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
     key TEXT NOT NULL,
     doc_id TEXT NOT NULL,
     file TEXT NOT NULL,
     guid TEXT,
     canonical_url TEXT,
     text_hash TEXT NOT NULL,
     signature TEXT NOT NULL,
     at_subscription BOOLEAN NOT NULL,
     first_seen BIGINT NOT NULL,
     updated_at BIGINT NOT NULL,
     PRIMARY KEY (feed_id, key)
   );
   CREATE INDEX feed_items_guid ON feed_items (guid);
   CREATE INDEX feed_items_url ON feed_items (canonical_url);
   CREATE INDEX feed_items_text ON feed_items (text_hash);`,
  // Documents added or removed through factdesk, for every replica (one row per path, latest wins).
  `CREATE SEQUENCE shared_documents_seq;
   CREATE TABLE shared_documents (
     path TEXT PRIMARY KEY,
     seq BIGINT NOT NULL,
     bytes BYTEA,
     sha256 TEXT,
     origin TEXT NOT NULL,
     at BIGINT NOT NULL
   );
   CREATE INDEX shared_documents_by_seq ON shared_documents (seq);`,
];

/** The channel on which a published document is announced (its payload: the sequence number). */
const DOCUMENTS_CHANNEL = 'factdesk_documents';

/** Rows per statement when writing many (well under PostgreSQL's parameter and message limits). */
const CHUNK = 5000;
/** Any constant key: replicas starting at once take turns migrating. */
const MIGRATION_LOCK = 7_349_201;

/** Times are ms since the epoch in BIGINT columns; they fit a JS number, so read them as one. */
const INT8_OID = 20;
const defaultParser = pg.types.getTypeParser as (oid: number, format?: string) => unknown;
const typeParsers = {
  getTypeParser: ((oid: number, format?: string): unknown =>
    oid === INT8_OID ? (v: string) => Number(v) : defaultParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** BIGINT has no infinities: "any claim is stale" or "none is" become its extremes. */
function bigint(t: number): number {
  return Math.min(Math.max(t, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
}

/** The URL as it may be shown: without its password. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the DATABASE_URL database';
  }
}

interface GuildRow {
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  nothing_new: NothingNew;
  enabled: boolean;
  enabled_at: number;
  window_start: number;
  last_error: string | null;
  last_error_at: number | null;
}

interface DigestRow {
  guild_id: string;
  slot: number;
  status: DigestStatus;
  claimed_at: number;
  attempts: number;
  posted_at: number | null;
  window_from: number | null;
  window_to: number | null;
  message_ids: string[];
  documents: number;
  error: string | null;
}

function guildFrom(r: GuildRow): GuildSettings {
  const g: GuildSettings = {
    guildId: r.guild_id,
    channelId: r.channel_id,
    time: r.time,
    timezone: r.timezone,
    nothingNew: r.nothing_new,
    enabled: r.enabled,
    enabledAt: r.enabled_at,
    windowStart: r.window_start,
  };
  if (r.last_error) g.lastError = r.last_error;
  if (r.last_error_at !== null) g.lastErrorAt = r.last_error_at;
  return g;
}

function digestFrom(r: DigestRow): DigestRecord {
  const d: DigestRecord = {
    guildId: r.guild_id,
    slot: r.slot,
    status: r.status,
    claimedAt: r.claimed_at,
    attempts: r.attempts,
    messageIds: r.message_ids,
    documents: r.documents,
  };
  if (r.posted_at !== null) d.postedAt = r.posted_at;
  if (r.window_from !== null) d.windowFrom = r.window_from;
  if (r.window_to !== null) d.windowTo = r.window_to;
  if (r.error) d.error = r.error;
  return d;
}

export interface PostgresOptions {
  /** Connections in the pool; a replica needs few (default 4). */
  max?: number;
}

export class PostgresStore implements StateStore {
  readonly kind = 'postgres';

  private constructor(
    readonly location: string,
    /** The pool, also used by other modules that share the database (e.g. the corpus's added documents). */
    readonly pool: pg.Pool,
  ) {}

  /**
   * Connects and applies missing migrations. A database that cannot be reached or was migrated by a
   * newer factdesk → StateError naming it (without its password).
   */
  static async open(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
    const location = safeUrl(url);
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, types: typeParsers, connectionTimeoutMillis: 10_000 });
    // An idle connection dropped by the server is replaced on next use; without a listener it would crash the process.
    pool.on('error', (err) => log.warn({ err }, 'a PostgreSQL connection was lost; it is replaced on next use'));
    const store = new PostgresStore(location, pool);
    try {
      await store.migrate();
      return store;
    } catch (err) {
      await pool.end().catch(() => undefined);
      if (err instanceof StateError) throw err;
      throw new StateError(
        location,
        `The state database ${location} cannot be used (${(err as Error).message}). Check DATABASE_URL and that PostgreSQL is running.`,
      );
    }
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
      const version = rows[0].v ?? 0;
      if (version > MIGRATIONS.length) {
        throw new StateError(
          this.location,
          `The state database ${this.location} was migrated by a newer factdesk (schema ${version}); upgrade factdesk.`,
        );
      }
      for (let v = version; v < MIGRATIONS.length; v++) {
        await c.query(MIGRATIONS[v]);
        await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
        log.info({ version: v + 1 }, 'state database migrated');
      }
    });
  }

  /** One transaction on one connection; rolled back on any error. */
  async tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      c.release();
      return out;
    } catch (err) {
      // A connection whose rollback fails is discarded rather than reused.
      await c.query('ROLLBACK').then(
        () => c.release(),
        (e: Error) => c.release(e),
      );
      throw err;
    }
  }

  private closing: Promise<void> | undefined;

  /** Ends the pool; closing twice is harmless, as for the SQLite store. */
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }

  private async rows<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(text, values)).rows;
  }

  // ── guild settings ──────────────────────────────────────────────────────────

  async guild(guildId: string): Promise<GuildSettings | undefined> {
    const [r] = await this.rows<GuildRow>('SELECT * FROM guild_settings WHERE guild_id = $1', [guildId]);
    return r && guildFrom(r);
  }

  async enabledGuilds(): Promise<GuildSettings[]> {
    return (await this.rows<GuildRow>('SELECT * FROM guild_settings WHERE enabled ORDER BY guild_id')).map(guildFrom);
  }

  async setupGuild(s: GuildSetup, now: number): Promise<GuildSettings> {
    // One statement, so two replicas setting the same guild up at once cannot lose a window.
    const [r] = await this.rows<GuildRow>(
      `INSERT INTO guild_settings (guild_id, channel_id, time, timezone, nothing_new, enabled, enabled_at, window_start, last_error, last_error_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, true, $6, $6, NULL, NULL, $6)
         ON CONFLICT (guild_id) DO UPDATE SET channel_id = EXCLUDED.channel_id, time = EXCLUDED.time, timezone = EXCLUDED.timezone,
           nothing_new = EXCLUDED.nothing_new, enabled = true, enabled_at = EXCLUDED.enabled_at,
           window_start = CASE WHEN guild_settings.enabled THEN guild_settings.window_start ELSE EXCLUDED.window_start END,
           last_error = NULL, last_error_at = NULL, updated_at = EXCLUDED.updated_at
         RETURNING *`,
      [s.guildId, s.channelId, s.time, s.timezone, s.nothingNew, now],
    );
    return guildFrom(r);
  }

  async disableGuild(guildId: string, now: number): Promise<boolean> {
    const r = await this.pool.query('UPDATE guild_settings SET enabled = false, updated_at = $1 WHERE guild_id = $2 AND enabled', [
      now,
      guildId,
    ]);
    return r.rowCount === 1;
  }

  async setGuildError(guildId: string, error: string | null, now: number): Promise<void> {
    await this.pool.query('UPDATE guild_settings SET last_error = $1, last_error_at = $2 WHERE guild_id = $3', [
      error,
      error === null ? null : now,
      guildId,
    ]);
  }

  // ── documents and people first seen ───────────────────────────────────────────

  async recordDocs(docs: Iterable<{ hash: string; id: string }>, now: number): Promise<Set<string>> {
    // Read the whole input first: an input that fails half-way writes nothing.
    const all = [...docs];
    const fresh = new Set<string>();
    if (!all.length) return fresh;
    await this.tx(async (c) => {
      for (let i = 0; i < all.length; i += CHUNK) {
        const part = all.slice(i, i + CHUNK);
        const { rows } = await c.query<{ hash: string }>(
          `INSERT INTO doc_seen (hash, doc_id, first_seen)
             SELECT h, d, $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(h, d, n) ORDER BY n
             ON CONFLICT (hash) DO NOTHING RETURNING hash`,
          [part.map((d) => d.hash), part.map((d) => d.id), now],
        );
        for (const r of rows) fresh.add(r.hash);
      }
    });
    return fresh;
  }

  async docsSeenBetween(from: number, to: number, limit: number): Promise<{ docs: SeenDoc[]; total: number }> {
    const docs = await this.rows<SeenDoc>(
      `SELECT hash, doc_id AS "docId", first_seen AS "firstSeen" FROM doc_seen
         WHERE first_seen > $1 AND first_seen <= $2 ORDER BY first_seen DESC, seq DESC LIMIT $3`,
      [from, to, limit],
    );
    const total =
      docs.length < limit
        ? docs.length
        : (await this.rows<{ n: number }>('SELECT count(*) AS n FROM doc_seen WHERE first_seen > $1 AND first_seen <= $2', [from, to]))[0]
            .n;
    return { docs, total };
  }

  async allDocHashes(): Promise<Set<string>> {
    return new Set((await this.rows<{ hash: string }>('SELECT hash FROM doc_seen')).map((r) => r.hash));
  }

  async firstSeen(hashes: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < hashes.length; i += CHUNK) {
      const rows = await this.rows<{ hash: string; t: number }>('SELECT hash, first_seen AS t FROM doc_seen WHERE hash = ANY($1::text[])', [
        hashes.slice(i, i + CHUNK),
      ]);
      for (const r of rows) out.set(r.hash, r.t);
    }
    return out;
  }

  async recordPeople(entries: Iterable<{ key: string; seen: number }>): Promise<void> {
    // One row per key (the earliest): an upsert may not touch the same row twice in one statement.
    const earliest = new Map<string, number>();
    for (const e of entries) {
      const t = earliest.get(e.key);
      if (t === undefined || e.seen < t) earliest.set(e.key, e.seen);
    }
    if (!earliest.size) return;
    const all = [...earliest];
    await this.tx(async (c) => {
      for (let i = 0; i < all.length; i += CHUNK) {
        const part = all.slice(i, i + CHUNK);
        await c.query(
          `INSERT INTO person_seen (key, first_seen) SELECT * FROM unnest($1::text[], $2::bigint[])
             ON CONFLICT (key) DO UPDATE SET first_seen = LEAST(person_seen.first_seen, EXCLUDED.first_seen)`,
          [part.map(([k]) => k), part.map(([, t]) => t)],
        );
      }
    });
  }

  async peopleFirstSeen(keys: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await this.rows<{ key: string; t: number }>('SELECT key, first_seen AS t FROM person_seen WHERE key = ANY($1::text[])', [
        keys.slice(i, i + CHUNK),
      ]);
      for (const r of rows) out.set(r.key, r.t);
    }
    return out;
  }

  // ── digests ──────────────────────────────────────────────────────────────────

  async claimDigest(guildId: string, slot: number, channelId: string, now: number, staleBefore: number): Promise<DigestClaim | undefined> {
    const token = randomUUID();
    // One statement: the insert, or the takeover of a stale claim. Concurrent takeovers queue on the
    // row lock and re-check the condition, so only the first finds the claim still stale.
    const [r] = await this.rows<{ attempts: number; window_from: number | null; window_to: number | null; message_ids: string[] }>(
      `INSERT INTO digests (guild_id, slot, status, claimed_at, claimed_by, attempts, channel_id) VALUES ($1, $2, 'claimed', $3, $4, 1, $5)
         ON CONFLICT (guild_id, slot) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, claimed_by = EXCLUDED.claimed_by,
           attempts = digests.attempts + 1, channel_id = EXCLUDED.channel_id
         WHERE digests.status = 'claimed' AND digests.claimed_at < $6
         RETURNING attempts, window_from, window_to, message_ids`,
      [guildId, slot, now, token, channelId, bigint(staleBefore)],
    );
    if (!r) return undefined;
    const claim: DigestClaim = { guildId, slot, token, attempt: r.attempts, messageIds: r.message_ids };
    if (r.window_from !== null) claim.windowFrom = r.window_from;
    if (r.window_to !== null) claim.windowTo = r.window_to;
    return claim;
  }

  async renewClaim(
    claim: DigestClaim,
    now: number,
    progress: { windowFrom: number; windowTo: number; messageIds: string[] },
  ): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE digests SET claimed_at = $1, window_from = $2, window_to = $3, message_ids = $4::jsonb
         WHERE guild_id = $5 AND slot = $6 AND status = 'claimed' AND claimed_by = $7`,
      [now, progress.windowFrom, progress.windowTo, JSON.stringify(progress.messageIds), claim.guildId, claim.slot, claim.token],
    );
    return r.rowCount === 1;
  }

  async finishDigest(claim: DigestClaim, r: DigestOutcome): Promise<boolean> {
    return this.tx(async (c) => {
      const done = await c.query(
        `UPDATE digests SET status = $1, posted_at = $2, window_from = $3, window_to = $4, message_ids = $5::jsonb, documents = $6, error = $7
           WHERE guild_id = $8 AND slot = $9 AND status = 'claimed' AND claimed_by = $10`,
        [
          r.status,
          r.status === 'posted' ? r.now : null,
          r.windowFrom,
          r.windowTo,
          JSON.stringify(r.messageIds),
          r.documents,
          r.error ?? null,
          claim.guildId,
          claim.slot,
          claim.token,
        ],
      );
      if (done.rowCount !== 1) return false;
      if (r.status === 'posted' || r.status === 'skipped') {
        await c.query(
          'UPDATE guild_settings SET window_start = GREATEST(window_start, $1), last_error = NULL, last_error_at = NULL WHERE guild_id = $2',
          [r.windowTo, claim.guildId],
        );
      } else {
        await c.query('UPDATE guild_settings SET last_error = $1, last_error_at = $2 WHERE guild_id = $3', [
          r.error ?? 'posting failed',
          r.now,
          claim.guildId,
        ]);
      }
      return true;
    });
  }

  async digest(guildId: string, slot: number): Promise<DigestRecord | undefined> {
    const [r] = await this.rows<DigestRow>('SELECT * FROM digests WHERE guild_id = $1 AND slot = $2', [guildId, slot]);
    return r && digestFrom(r);
  }

  async digests(guildId: string, limit = 10): Promise<DigestRecord[]> {
    return (await this.rows<DigestRow>('SELECT * FROM digests WHERE guild_id = $1 ORDER BY slot DESC LIMIT $2', [guildId, limit])).map(
      digestFrom,
    );
  }

  // ── feeds ───────────────────────────────────────────────────────────────────

  async addFeed(url: string, now: number): Promise<{ feed: FeedRecord; created: boolean }> {
    const [r] = await this.rows<{ id: number }>(
      'INSERT INTO feeds (url, added_at, next_poll_at) VALUES ($1, $2, $2) ON CONFLICT (url) DO NOTHING RETURNING id',
      [url, now],
    );
    const [row] = await this.rows<FeedRow>(`SELECT ${FEED_COLUMNS} FROM feeds WHERE url = $1`, [url]);
    return { feed: feedFrom(row), created: r !== undefined };
  }

  async removeFeed(id: number): Promise<boolean> {
    return (await this.pool.query('DELETE FROM feeds WHERE id = $1', [id])).rowCount === 1;
  }

  async feeds(): Promise<FeedRecord[]> {
    return (await this.rows<FeedRow>(`SELECT ${FEED_COLUMNS} FROM feeds ORDER BY id`)).map(feedFrom);
  }

  async claimFeedPoll(id: number, now: number, staleBefore: number, force: boolean): Promise<FeedClaim | undefined> {
    const token = randomUUID();
    // One statement: concurrent claims queue on the row lock and re-check the condition, so one wins.
    const [r] = await this.rows<{
      url: string;
      title: string | null;
      etag: string | null;
      last_modified: string | null;
      failures: number;
      last_success_at: number | null;
    }>(
      `UPDATE feeds SET claimed_by = $1, claimed_at = $2
         WHERE id = $3 AND not_before <= $2 AND ($4::boolean OR next_poll_at <= $2) AND (claimed_by IS NULL OR claimed_at < $5)
         RETURNING url, title, etag, last_modified, failures, last_success_at`,
      [token, now, id, force, bigint(staleBefore)],
    );
    if (!r) return undefined;
    const claim: FeedClaim = { feedId: id, url: r.url, token, failures: r.failures, firstSight: r.last_success_at === null };
    if (r.title) claim.title = r.title;
    if (r.etag) claim.etag = r.etag;
    if (r.last_modified) claim.lastModified = r.last_modified;
    return claim;
  }

  async finishFeedPoll(claim: FeedClaim, o: FeedPollOutcome): Promise<boolean> {
    const r = o.ok
      ? await this.pool.query(
          `UPDATE feeds SET claimed_by = NULL, claimed_at = NULL, last_poll_at = $1, last_success_at = $1, failures = 0,
             last_error = NULL, last_error_at = NULL, next_poll_at = $2, not_before = 0,
             title = coalesce($3, title), site_url = coalesce($4, site_url), etag = $5, last_modified = $6
           WHERE id = $7 AND claimed_by = $8`,
          [o.now, o.nextPollAt, o.title ?? null, o.siteUrl ?? null, o.etag ?? null, o.lastModified ?? null, claim.feedId, claim.token],
        )
      : await this.pool.query(
          `UPDATE feeds SET claimed_by = NULL, claimed_at = NULL, last_poll_at = $1, failures = failures + 1,
             last_error = $2, last_error_at = $1, next_poll_at = $3, not_before = $4
           WHERE id = $5 AND claimed_by = $6`,
          [o.now, o.error, o.nextPollAt, o.notBefore, claim.feedId, claim.token],
        );
    return r.rowCount === 1;
  }

  async feedItem(feedId: number, key: string): Promise<FeedItemRecord | undefined> {
    const [r] = await this.rows<FeedItemRow>('SELECT * FROM feed_items WHERE feed_id = $1 AND key = $2', [feedId, key]);
    return r && feedItemFrom(r);
  }

  async findFeedItem(match: { guid?: string; canonicalUrl?: string; textHash?: string }): Promise<FeedItemRecord | undefined> {
    const [r] = await this.rows<FeedItemRow>(
      `SELECT * FROM feed_items WHERE guid = $1 OR canonical_url = $2 OR text_hash = $3 ORDER BY first_seen, feed_id LIMIT 1`,
      [match.guid ?? null, match.canonicalUrl ?? null, match.textHash ?? null],
    );
    return r && feedItemFrom(r);
  }

  async recordFeedItem(i: FeedItemRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO feed_items (feed_id, key, doc_id, file, guid, canonical_url, text_hash, signature, at_subscription, first_seen, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (feed_id, key) DO UPDATE SET doc_id = EXCLUDED.doc_id, file = EXCLUDED.file, guid = EXCLUDED.guid,
           canonical_url = EXCLUDED.canonical_url, text_hash = EXCLUDED.text_hash, signature = EXCLUDED.signature,
           updated_at = EXCLUDED.updated_at`,
      [
        i.feedId,
        i.key,
        i.docId,
        i.file,
        i.guid ?? null,
        i.canonicalUrl ?? null,
        i.textHash,
        i.signature,
        i.atSubscription,
        i.firstSeen,
        i.updatedAt,
      ],
    );
  }

  // ── documents shared by replicas ────────────────────────────────────────────

  async publishDocument(doc: { path: string; bytes?: Buffer; origin: string }, now: number): Promise<number> {
    const sha = doc.bytes ? sha256Hex(doc.bytes) : null;
    // The row and its announcement commit together: a replica told of it can read it.
    return this.tx(async (c) => {
      const { rows } = await c.query<{ seq: number }>(
        `INSERT INTO shared_documents (path, seq, bytes, sha256, origin, at) VALUES ($1, nextval('shared_documents_seq'), $2, $3, $4, $5)
           ON CONFLICT (path) DO UPDATE SET seq = EXCLUDED.seq, bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256,
             origin = EXCLUDED.origin, at = EXCLUDED.at
         RETURNING seq`,
        [doc.path, doc.bytes ?? null, sha, doc.origin, now],
      );
      await c.query('SELECT pg_notify($1, $2)', [DOCUMENTS_CHANNEL, String(rows[0].seq)]);
      return rows[0].seq;
    });
  }

  async documentsSince(seq: number, limit: number): Promise<SharedDocument[]> {
    const rows = await this.rows<SharedDocumentRow>(
      `SELECT ${SHARED_DOCUMENT_COLUMNS} FROM shared_documents WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [seq, limit],
    );
    return rows.map(sharedDocumentFrom);
  }

  /**
   * LISTEN holds one connection of its own. When it is lost, a new one listens after a pause and
   * `onPublished` is called once, so the caller catches up on what it may have missed.
   */
  async watchDocuments(onPublished: () => void): Promise<() => Promise<void>> {
    let stopped = false;
    let client: pg.PoolClient | undefined;
    let retry: NodeJS.Timeout | undefined;
    const listen = async (): Promise<void> => {
      const c = await this.pool.connect();
      c.on('notification', (n) => {
        if (n.channel === DOCUMENTS_CHANNEL) onPublished();
      });
      c.on('error', (err) => {
        log.warn({ err }, 'lost the connection listening for shared documents; listening again');
        c.release(err);
        if (client === c) client = undefined;
        if (!stopped) retry = setTimeout(again, 1000);
      });
      await c.query(`LISTEN ${DOCUMENTS_CHANNEL}`);
      client = c;
    };
    const again = () => {
      if (stopped) return;
      listen().then(onPublished, (err: Error) => {
        log.warn({ err }, 'cannot listen for shared documents yet; trying again');
        retry = setTimeout(again, 2000);
      });
    };
    await listen();
    return async () => {
      stopped = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      if (c) {
        await c.query(`UNLISTEN ${DOCUMENTS_CHANNEL}`).catch(() => undefined);
        c.release();
      }
    };
  }

  // ── small values ─────────────────────────────────────────────────────────────

  async getValue(key: string): Promise<string | undefined> {
    return (await this.rows<{ value: string }>('SELECT value FROM kv WHERE key = $1', [key]))[0]?.value;
  }

  async setValue(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [
      key,
      value,
    ]);
  }
}
