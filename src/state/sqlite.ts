/**
 * The state store in SQLite (`STATE_DIR/factdesk.db`), for one process (the default). WAL and one
 * transaction per change, so a crash never leaves it half-written; a slot is claimed (a unique
 * row) before anything is posted, so no restart and no second process on the same file posts the
 * same digest twice. better-sqlite3 is synchronous: each method does its work at once and returns
 * a settled promise, to fit the interface the PostgreSQL store shares.
 */
// Async methods over a synchronous driver: each runs at once, and a throw becomes a rejection.
/* eslint-disable @typescript-eslint/require-await */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
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

export const STATE_FILE = 'factdesk.db';

/** Schema versions, applied in order inside one transaction each (PRAGMA user_version). */
const MIGRATIONS = [
  `CREATE TABLE guild_settings (
     guild_id TEXT PRIMARY KEY,
     channel_id TEXT NOT NULL,
     time TEXT NOT NULL,
     timezone TEXT NOT NULL,
     nothing_new TEXT NOT NULL CHECK (nothing_new IN ('post','skip')),
     enabled INTEGER NOT NULL,
     enabled_at INTEGER NOT NULL,
     window_start INTEGER NOT NULL,
     last_error TEXT,
     last_error_at INTEGER,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE doc_seen (
     hash TEXT PRIMARY KEY,
     doc_id TEXT NOT NULL,
     first_seen INTEGER NOT NULL
   );
   CREATE INDEX doc_seen_first ON doc_seen (first_seen);
   CREATE TABLE person_seen (
     key TEXT PRIMARY KEY,
     first_seen INTEGER NOT NULL
   );
   CREATE TABLE digests (
     guild_id TEXT NOT NULL,
     slot INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('claimed','posted','skipped','failed')),
     claimed_at INTEGER NOT NULL,
     posted_at INTEGER,
     window_from INTEGER,
     window_to INTEGER,
     message_ids TEXT NOT NULL DEFAULT '[]',
     documents INTEGER NOT NULL DEFAULT 0,
     error TEXT,
     PRIMARY KEY (guild_id, slot)
   );
   CREATE TABLE kv (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // Claims that can be taken over after a timeout (see claimDigest), and the channel posted to.
  `ALTER TABLE digests ADD COLUMN claimed_by TEXT;
   ALTER TABLE digests ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
   ALTER TABLE digests ADD COLUMN channel_id TEXT;`,
  // Feeds followed and the items read from them (issue #18).
  `CREATE TABLE feeds (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     url TEXT NOT NULL UNIQUE,
     title TEXT,
     site_url TEXT,
     added_at INTEGER NOT NULL,
     etag TEXT,
     last_modified TEXT,
     last_poll_at INTEGER,
     last_success_at INTEGER,
     last_error TEXT,
     last_error_at INTEGER,
     failures INTEGER NOT NULL DEFAULT 0,
     next_poll_at INTEGER NOT NULL,
     not_before INTEGER NOT NULL DEFAULT 0,
     claimed_by TEXT,
     claimed_at INTEGER
   );
   CREATE TABLE feed_items (
     feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
     key TEXT NOT NULL,
     doc_id TEXT NOT NULL,
     file TEXT NOT NULL,
     guid TEXT,
     canonical_url TEXT,
     text_hash TEXT NOT NULL,
     signature TEXT NOT NULL,
     at_subscription INTEGER NOT NULL,
     first_seen INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (feed_id, key)
   );
   CREATE INDEX feed_items_guid ON feed_items (guid);
   CREATE INDEX feed_items_url ON feed_items (canonical_url);
   CREATE INDEX feed_items_text ON feed_items (text_hash);`,
  // Documents added or removed through factdesk (one row per path, latest wins): kept as in PostgreSQL.
  `CREATE TABLE shared_documents (
     path TEXT PRIMARY KEY,
     seq INTEGER NOT NULL,
     bytes BLOB,
     sha256 TEXT,
     origin TEXT NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE INDEX shared_documents_by_seq ON shared_documents (seq);`,
];

interface GuildRow {
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  nothing_new: NothingNew;
  enabled: number;
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
  message_ids: string;
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
    enabled: r.enabled === 1,
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
    messageIds: JSON.parse(r.message_ids) as string[],
    documents: r.documents,
  };
  if (r.posted_at !== null) d.postedAt = r.posted_at;
  if (r.window_from !== null) d.windowFrom = r.window_from;
  if (r.window_to !== null) d.windowTo = r.window_to;
  if (r.error) d.error = r.error;
  return d;
}

export class SqliteStore implements StateStore {
  readonly kind = 'sqlite';
  /** Prepared once per SQL text: preparing costs more than most of these queries. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  get location(): string {
    return this.file;
  }

  private sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  /**
   * Opens (creating when missing) the state database under dir. A file that is not a usable
   * SQLite database → StateError naming it; nothing is overwritten, so it can be inspected.
   */
  static open(dir: string): SqliteStore {
    return SqliteStore.openFile(path.join(dir, STATE_FILE));
  }

  static openFile(file: string): SqliteStore {
    let db: Database.Database | undefined;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      db = new Database(file, { timeout: 5000 });
      db.pragma('journal_mode = WAL');
      // FULL: a posted digest's record must survive a power cut, or a restart could post it again.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
      const store = new SqliteStore(file, db);
      store.migrate();
      return store;
    } catch (err) {
      db?.close();
      if (err instanceof StateError) throw err;
      const e = err as Error & { code?: string };
      const what =
        e.code === 'SQLITE_NOTADB' || e.code === 'SQLITE_CORRUPT'
          ? 'is not a valid SQLite database (corrupted or overwritten)'
          : `cannot be used (${e.message})`;
      throw new StateError(
        file,
        `The state file ${file} ${what}. Move it aside to start with fresh digest settings, or restore it from a backup.`,
      );
    }
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new StateError(
        this.file,
        `The state file ${this.file} was written by a newer factdesk (schema ${version}); upgrade factdesk or move the file aside.`,
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  // ── guild settings ──────────────────────────────────────────────────────────

  private guildNow(guildId: string): GuildSettings | undefined {
    const r = this.sql('SELECT * FROM guild_settings WHERE guild_id = ?').get(guildId) as GuildRow | undefined;
    return r && guildFrom(r);
  }

  async guild(guildId: string): Promise<GuildSettings | undefined> {
    return this.guildNow(guildId);
  }

  async enabledGuilds(): Promise<GuildSettings[]> {
    return (this.sql('SELECT * FROM guild_settings WHERE enabled = 1 ORDER BY guild_id').all() as GuildRow[]).map(guildFrom);
  }

  async setupGuild(s: GuildSetup, now: number): Promise<GuildSettings> {
    this.db.transaction(() => {
      const old = this.guildNow(s.guildId);
      const windowStart = old?.enabled ? old.windowStart : now;
      this.sql(
        `INSERT INTO guild_settings (guild_id, channel_id, time, timezone, nothing_new, enabled, enabled_at, window_start, last_error, last_error_at, updated_at)
           VALUES (@guildId, @channelId, @time, @timezone, @nothingNew, 1, @now, @windowStart, NULL, NULL, @now)
           ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, time = excluded.time, timezone = excluded.timezone,
             nothing_new = excluded.nothing_new, enabled = 1, enabled_at = excluded.enabled_at, window_start = excluded.window_start,
             last_error = NULL, last_error_at = NULL, updated_at = excluded.updated_at`,
      ).run({ ...s, now, windowStart });
    })();
    return this.guildNow(s.guildId)!;
  }

  async disableGuild(guildId: string, now: number): Promise<boolean> {
    return (
      this.sql('UPDATE guild_settings SET enabled = 0, updated_at = ? WHERE guild_id = ? AND enabled = 1').run(now, guildId).changes === 1
    );
  }

  async setGuildError(guildId: string, error: string | null, now: number): Promise<void> {
    this.sql('UPDATE guild_settings SET last_error = ?, last_error_at = ? WHERE guild_id = ?').run(
      error,
      error === null ? null : now,
      guildId,
    );
  }

  // ── documents and people first seen ───────────────────────────────────────────

  async recordDocs(docs: Iterable<{ hash: string; id: string }>, now: number): Promise<Set<string>> {
    const insert = this.sql('INSERT OR IGNORE INTO doc_seen (hash, doc_id, first_seen) VALUES (?, ?, ?)');
    const fresh = new Set<string>();
    this.db.transaction(() => {
      for (const d of docs) if (insert.run(d.hash, d.id, now).changes === 1) fresh.add(d.hash);
    })();
    return fresh;
  }

  async docsSeenBetween(from: number, to: number, limit: number): Promise<{ docs: SeenDoc[]; total: number }> {
    const rows = this.sql(
      'SELECT hash, doc_id AS docId, first_seen AS firstSeen FROM doc_seen WHERE first_seen > ? AND first_seen <= ? ORDER BY first_seen DESC, rowid DESC LIMIT ?',
    ).all(from, to, limit) as SeenDoc[];
    const total =
      rows.length < limit
        ? rows.length
        : (this.sql('SELECT count(*) AS n FROM doc_seen WHERE first_seen > ? AND first_seen <= ?').get(from, to) as { n: number }).n;
    return { docs: rows, total };
  }

  async allDocHashes(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const r of this.sql('SELECT hash FROM doc_seen').iterate() as IterableIterator<{ hash: string }>) out.add(r.hash);
    return out;
  }

  async firstSeen(hashes: readonly string[]): Promise<Map<string, number>> {
    const get = this.sql('SELECT first_seen AS t FROM doc_seen WHERE hash = ?');
    const out = new Map<string, number>();
    for (const h of hashes) {
      const r = get.get(h) as { t: number } | undefined;
      if (r) out.set(h, r.t);
    }
    return out;
  }

  async recordPeople(entries: Iterable<{ key: string; seen: number }>): Promise<void> {
    const upsert = this.sql(
      'INSERT INTO person_seen (key, first_seen) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen)',
    );
    this.db.transaction(() => {
      for (const e of entries) upsert.run(e.key, e.seen);
    })();
  }

  async peopleFirstSeen(keys: readonly string[]): Promise<Map<string, number>> {
    const get = this.sql('SELECT first_seen AS t FROM person_seen WHERE key = ?');
    const out = new Map<string, number>();
    for (const k of keys) {
      const r = get.get(k) as { t: number } | undefined;
      if (r) out.set(k, r.t);
    }
    return out;
  }

  // ── digests ──────────────────────────────────────────────────────────────────

  async claimDigest(guildId: string, slot: number, channelId: string, now: number, staleBefore: number): Promise<DigestClaim | undefined> {
    const token = randomUUID();
    // One statement: the insert, or the takeover of a stale claim; a live claim or a finished row returns nothing.
    const r = this.sql(
      `INSERT INTO digests (guild_id, slot, status, claimed_at, claimed_by, attempts, channel_id) VALUES (?, ?, 'claimed', ?, ?, 1, ?)
         ON CONFLICT (guild_id, slot) DO UPDATE SET claimed_at = excluded.claimed_at, claimed_by = excluded.claimed_by,
           attempts = digests.attempts + 1, channel_id = excluded.channel_id
         WHERE digests.status = 'claimed' AND digests.claimed_at < ?
         RETURNING attempts, window_from, window_to, message_ids`,
    ).get(guildId, slot, now, token, channelId, staleBefore) as
      { attempts: number; window_from: number | null; window_to: number | null; message_ids: string } | undefined;
    if (!r) return undefined;
    const claim: DigestClaim = { guildId, slot, token, attempt: r.attempts, messageIds: JSON.parse(r.message_ids) as string[] };
    if (r.window_from !== null) claim.windowFrom = r.window_from;
    if (r.window_to !== null) claim.windowTo = r.window_to;
    return claim;
  }

  async renewClaim(
    claim: DigestClaim,
    now: number,
    progress: { windowFrom: number; windowTo: number; messageIds: string[] },
  ): Promise<boolean> {
    return (
      this.sql(
        `UPDATE digests SET claimed_at = ?, window_from = ?, window_to = ?, message_ids = ?
           WHERE guild_id = ? AND slot = ? AND status = 'claimed' AND claimed_by = ?`,
      ).run(now, progress.windowFrom, progress.windowTo, JSON.stringify(progress.messageIds), claim.guildId, claim.slot, claim.token)
        .changes === 1
    );
  }

  async finishDigest(claim: DigestClaim, r: DigestOutcome): Promise<boolean> {
    return this.db.transaction(() => {
      const changed = this.sql(
        `UPDATE digests SET status = ?, posted_at = ?, window_from = ?, window_to = ?, message_ids = ?, documents = ?, error = ?
           WHERE guild_id = ? AND slot = ? AND status = 'claimed' AND claimed_by = ?`,
      ).run(
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
      ).changes;
      if (changed !== 1) return false;
      if (r.status === 'posted' || r.status === 'skipped') {
        this.sql(
          'UPDATE guild_settings SET window_start = max(window_start, ?), last_error = NULL, last_error_at = NULL WHERE guild_id = ?',
        ).run(r.windowTo, claim.guildId);
      } else {
        this.sql('UPDATE guild_settings SET last_error = ?, last_error_at = ? WHERE guild_id = ?').run(
          r.error ?? 'posting failed',
          r.now,
          claim.guildId,
        );
      }
      return true;
    })();
  }

  async digest(guildId: string, slot: number): Promise<DigestRecord | undefined> {
    const r = this.sql('SELECT * FROM digests WHERE guild_id = ? AND slot = ?').get(guildId, slot) as DigestRow | undefined;
    return r && digestFrom(r);
  }

  async digests(guildId: string, limit = 10): Promise<DigestRecord[]> {
    return (this.sql('SELECT * FROM digests WHERE guild_id = ? ORDER BY slot DESC LIMIT ?').all(guildId, limit) as DigestRow[]).map(
      digestFrom,
    );
  }

  // ── feeds ───────────────────────────────────────────────────────────────────

  private feedById(id: number): FeedRecord | undefined {
    const r = this.sql(`SELECT ${FEED_COLUMNS} FROM feeds WHERE id = ?`).get(id) as FeedRow | undefined;
    return r && feedFrom(r);
  }

  async addFeed(url: string, now: number): Promise<{ feed: FeedRecord; created: boolean }> {
    const r = this.sql('INSERT INTO feeds (url, added_at, next_poll_at) VALUES (?, ?, ?) ON CONFLICT (url) DO NOTHING RETURNING id').get(
      url,
      now,
      now,
    ) as { id: number } | undefined;
    const id = r?.id ?? (this.sql('SELECT id FROM feeds WHERE url = ?').get(url) as { id: number }).id;
    return { feed: this.feedById(id)!, created: r !== undefined };
  }

  async removeFeed(id: number): Promise<boolean> {
    return this.sql('DELETE FROM feeds WHERE id = ?').run(id).changes === 1;
  }

  async feeds(): Promise<FeedRecord[]> {
    return (this.sql(`SELECT ${FEED_COLUMNS} FROM feeds ORDER BY id`).all() as FeedRow[]).map(feedFrom);
  }

  async claimFeedPoll(id: number, now: number, staleBefore: number, force: boolean): Promise<FeedClaim | undefined> {
    const token = randomUUID();
    const r = this.sql(
      `UPDATE feeds SET claimed_by = ?, claimed_at = ?
         WHERE id = ? AND not_before <= ? AND (? OR next_poll_at <= ?) AND (claimed_by IS NULL OR claimed_at < ?)
         RETURNING url, title, etag, last_modified, failures, last_success_at`,
    ).get(token, now, id, now, force ? 1 : 0, now, staleBefore) as
      | {
          url: string;
          title: string | null;
          etag: string | null;
          last_modified: string | null;
          failures: number;
          last_success_at: number | null;
        }
      | undefined;
    if (!r) return undefined;
    const claim: FeedClaim = { feedId: id, url: r.url, token, failures: r.failures, firstSight: r.last_success_at === null };
    if (r.title) claim.title = r.title;
    if (r.etag) claim.etag = r.etag;
    if (r.last_modified) claim.lastModified = r.last_modified;
    return claim;
  }

  async finishFeedPoll(claim: FeedClaim, o: FeedPollOutcome): Promise<boolean> {
    const run = o.ok
      ? this.sql(
          `UPDATE feeds SET claimed_by = NULL, claimed_at = NULL, last_poll_at = @now, last_success_at = @now, failures = 0,
             last_error = NULL, last_error_at = NULL, next_poll_at = @nextPollAt, not_before = 0,
             title = coalesce(@title, title), site_url = coalesce(@siteUrl, site_url),
             etag = @etag, last_modified = @lastModified
           WHERE id = @id AND claimed_by = @token`,
        ).run({
          now: o.now,
          nextPollAt: o.nextPollAt,
          title: o.title ?? null,
          siteUrl: o.siteUrl ?? null,
          etag: o.etag ?? null,
          lastModified: o.lastModified ?? null,
          id: claim.feedId,
          token: claim.token,
        })
      : this.sql(
          `UPDATE feeds SET claimed_by = NULL, claimed_at = NULL, last_poll_at = @now, failures = failures + 1,
             last_error = @error, last_error_at = @now, next_poll_at = @nextPollAt, not_before = @notBefore
           WHERE id = @id AND claimed_by = @token`,
        ).run({ now: o.now, nextPollAt: o.nextPollAt, notBefore: o.notBefore, error: o.error, id: claim.feedId, token: claim.token });
    return run.changes === 1;
  }

  async feedItem(feedId: number, key: string): Promise<FeedItemRecord | undefined> {
    const r = this.sql('SELECT * FROM feed_items WHERE feed_id = ? AND key = ?').get(feedId, key) as FeedItemRow | undefined;
    return r && feedItemFrom(r);
  }

  async findFeedItem(match: { guid?: string; canonicalUrl?: string; textHash?: string }): Promise<FeedItemRecord | undefined> {
    const r = this.sql(
      `SELECT * FROM feed_items WHERE guid = @guid OR canonical_url = @canonicalUrl OR text_hash = @textHash
         ORDER BY first_seen, feed_id LIMIT 1`,
    ).get({ guid: match.guid ?? null, canonicalUrl: match.canonicalUrl ?? null, textHash: match.textHash ?? null }) as
      FeedItemRow | undefined;
    return r && feedItemFrom(r);
  }

  async recordFeedItem(i: FeedItemRecord): Promise<void> {
    this.sql(
      `INSERT INTO feed_items (feed_id, key, doc_id, file, guid, canonical_url, text_hash, signature, at_subscription, first_seen, updated_at)
         VALUES (@feedId, @key, @docId, @file, @guid, @canonicalUrl, @textHash, @signature, @atSubscription, @firstSeen, @updatedAt)
         ON CONFLICT (feed_id, key) DO UPDATE SET doc_id = excluded.doc_id, file = excluded.file, guid = excluded.guid,
           canonical_url = excluded.canonical_url, text_hash = excluded.text_hash, signature = excluded.signature,
           updated_at = excluded.updated_at`,
    ).run({ ...i, guid: i.guid ?? null, canonicalUrl: i.canonicalUrl ?? null, atSubscription: i.atSubscription ? 1 : 0 });
  }

  // ── documents shared by replicas ────────────────────────────────────────────

  async publishDocument(doc: { path: string; bytes?: Buffer; origin: string }, now: number): Promise<number> {
    const sha = doc.bytes ? sha256Hex(doc.bytes) : null;
    return this.db.transaction(() => {
      const { seq } = this.sql('SELECT coalesce(max(seq), 0) + 1 AS seq FROM shared_documents').get() as { seq: number };
      this.sql(
        `INSERT INTO shared_documents (path, seq, bytes, sha256, origin, at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (path) DO UPDATE SET seq = excluded.seq, bytes = excluded.bytes, sha256 = excluded.sha256,
             origin = excluded.origin, at = excluded.at`,
      ).run(doc.path, seq, doc.bytes ?? null, sha, doc.origin, now);
      return seq;
    })();
  }

  async documentsSince(seq: number, limit: number): Promise<SharedDocument[]> {
    const rows = this.sql(`SELECT ${SHARED_DOCUMENT_COLUMNS} FROM shared_documents WHERE seq > ? ORDER BY seq LIMIT ?`).all(
      seq,
      limit,
    ) as SharedDocumentRow[];
    return rows.map(sharedDocumentFrom);
  }

  /** One process: it knows what it published, so there is nothing to be told. */
  async watchDocuments(): Promise<() => Promise<void>> {
    return async () => undefined;
  }

  // ── small values ─────────────────────────────────────────────────────────────

  async getValue(key: string): Promise<string | undefined> {
    return (this.sql('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  async setValue(key: string, value: string): Promise<void> {
    this.sql('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
