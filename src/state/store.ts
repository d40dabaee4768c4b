/**
 * State that must survive restarts, in SQLite (`STATE_DIR/factdesk.db`): each guild's digest
 * settings, when each document (by content hash) and each person was first seen, and every
 * digest slot claimed or posted. WAL and one transaction per change, so a crash never leaves it
 * half-written; a slot is claimed (a unique row) before anything is posted, so no restart and no
 * second process can post the same digest twice.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const STATE_FILE = 'factdesk.db';

/** The state file cannot be used; the message names the file and what to do. */
export class StateError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'StateError';
  }
}

export type NothingNew = 'post' | 'skip';

export interface GuildSettings {
  guildId: string;
  channelId: string;
  /** "HH:MM", local to `timezone`. */
  time: string;
  timezone: string;
  nothingNew: NothingNew;
  enabled: boolean;
  /** When the current schedule was set up (ms): slots before it are never due. */
  enabledAt: number;
  /** Documents first seen after this instant (ms) go into the next digest. */
  windowStart: number;
  lastError?: string;
  lastErrorAt?: number;
}

export type DigestStatus = 'claimed' | 'posted' | 'skipped' | 'failed';

export interface DigestRecord {
  guildId: string;
  /** The scheduled instant (ms) this digest is for. */
  slot: number;
  status: DigestStatus;
  claimedAt: number;
  postedAt?: number;
  windowFrom?: number;
  windowTo?: number;
  messageIds: string[];
  documents: number;
  error?: string;
}

export interface SeenDoc {
  hash: string;
  docId: string;
  firstSeen: number;
}

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
    messageIds: JSON.parse(r.message_ids) as string[],
    documents: r.documents,
  };
  if (r.posted_at !== null) d.postedAt = r.posted_at;
  if (r.window_from !== null) d.windowFrom = r.window_from;
  if (r.window_to !== null) d.windowTo = r.window_to;
  if (r.error) d.error = r.error;
  return d;
}

export class StateStore {
  /** Prepared once per SQL text: preparing costs more than most of these queries. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

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
  static open(dir: string): StateStore {
    const file = path.join(dir, STATE_FILE);
    return StateStore.openFile(file);
  }

  static openFile(file: string): StateStore {
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
      const store = new StateStore(file, db);
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

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ── guild settings ──────────────────────────────────────────────────────────

  guild(guildId: string): GuildSettings | undefined {
    const r = this.sql('SELECT * FROM guild_settings WHERE guild_id = ?').get(guildId) as GuildRow | undefined;
    return r && guildFrom(r);
  }

  enabledGuilds(): GuildSettings[] {
    return (this.sql('SELECT * FROM guild_settings WHERE enabled = 1 ORDER BY guild_id').all() as GuildRow[]).map(guildFrom);
  }

  /**
   * Sets a guild's schedule. A new or re-enabled guild's digests start with documents first seen
   * from now; an enabled guild that only changes its settings keeps its window, so nothing is lost.
   */
  setupGuild(
    s: { guildId: string; channelId: string; time: string; timezone: string; nothingNew: NothingNew },
    now: number,
  ): GuildSettings {
    this.db.transaction(() => {
      const old = this.guild(s.guildId);
      const windowStart = old?.enabled ? old.windowStart : now;
      this.sql(
        `INSERT INTO guild_settings (guild_id, channel_id, time, timezone, nothing_new, enabled, enabled_at, window_start, last_error, last_error_at, updated_at)
           VALUES (@guildId, @channelId, @time, @timezone, @nothingNew, 1, @now, @windowStart, NULL, NULL, @now)
           ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, time = excluded.time, timezone = excluded.timezone,
             nothing_new = excluded.nothing_new, enabled = 1, enabled_at = excluded.enabled_at, window_start = excluded.window_start,
             last_error = NULL, last_error_at = NULL, updated_at = excluded.updated_at`,
      ).run({ ...s, now, windowStart });
    })();
    return this.guild(s.guildId)!;
  }

  /** Turns a guild's digest off, keeping its history. Returns whether it was on. */
  disableGuild(guildId: string, now: number): boolean {
    return (
      this.sql('UPDATE guild_settings SET enabled = 0, updated_at = ? WHERE guild_id = ? AND enabled = 1').run(now, guildId).changes === 1
    );
  }

  setGuildError(guildId: string, error: string | null, now: number): void {
    this.sql('UPDATE guild_settings SET last_error = ?, last_error_at = ? WHERE guild_id = ?').run(
      error,
      error === null ? null : now,
      guildId,
    );
  }

  // ── documents and people first seen ───────────────────────────────────────────

  /**
   * Records documents not seen before, with `now` as their first-seen time, in one transaction.
   * Returns the hashes that were new.
   */
  recordDocs(docs: Iterable<{ hash: string; id: string }>, now: number): Set<string> {
    const insert = this.sql('INSERT OR IGNORE INTO doc_seen (hash, doc_id, first_seen) VALUES (?, ?, ?)');
    const fresh = new Set<string>();
    this.db.transaction(() => {
      for (const d of docs) if (insert.run(d.hash, d.id, now).changes === 1) fresh.add(d.hash);
    })();
    return fresh;
  }

  /** Documents first seen in (from, to], newest first, at most limit; and how many there are in all. */
  docsSeenBetween(from: number, to: number, limit: number): { docs: SeenDoc[]; total: number } {
    const rows = this.sql(
      'SELECT hash, doc_id AS docId, first_seen AS firstSeen FROM doc_seen WHERE first_seen > ? AND first_seen <= ? ORDER BY first_seen DESC, rowid DESC LIMIT ?',
    ).all(from, to, limit) as SeenDoc[];
    const total =
      rows.length < limit
        ? rows.length
        : (this.sql('SELECT count(*) AS n FROM doc_seen WHERE first_seen > ? AND first_seen <= ?').get(from, to) as { n: number }).n;
    return { docs: rows, total };
  }

  /** Every document hash recorded (one pass at start, so later reloads write only new ones). */
  allDocHashes(): Set<string> {
    const out = new Set<string>();
    for (const r of this.sql('SELECT hash FROM doc_seen').iterate() as IterableIterator<{ hash: string }>) out.add(r.hash);
    return out;
  }

  firstSeen(hash: string): number | undefined {
    return (this.sql('SELECT first_seen AS t FROM doc_seen WHERE hash = ?').get(hash) as { t: number } | undefined)?.t;
  }

  /** Records people (by normalised name) with the given first-seen times; earlier times win. */
  recordPeople(entries: Iterable<{ key: string; seen: number }>): void {
    const upsert = this.sql(
      'INSERT INTO person_seen (key, first_seen) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen)',
    );
    this.db.transaction(() => {
      for (const e of entries) upsert.run(e.key, e.seen);
    })();
  }

  personFirstSeen(key: string): number | undefined {
    return (this.sql('SELECT first_seen AS t FROM person_seen WHERE key = ?').get(key) as { t: number } | undefined)?.t;
  }

  // ── digests ──────────────────────────────────────────────────────────────────

  /**
   * Claims a guild's slot before posting. True only for the one caller whose row went in: a
   * restart, a second process or a second tick finds the row and posts nothing.
   */
  claimDigest(guildId: string, slot: number, now: number): boolean {
    return (
      this.sql(`INSERT OR IGNORE INTO digests (guild_id, slot, status, claimed_at) VALUES (?, ?, 'claimed', ?)`).run(guildId, slot, now)
        .changes === 1
    );
  }

  /**
   * Finishes a claimed digest. Posted or skipped moves the guild's window on in the same
   * transaction; failed leaves it, so the documents go into the next digest.
   */
  finishDigest(
    guildId: string,
    slot: number,
    r: {
      status: Exclude<DigestStatus, 'claimed'>;
      now: number;
      windowFrom: number;
      windowTo: number;
      messageIds: string[];
      documents: number;
      error?: string;
    },
  ): void {
    this.db.transaction(() => {
      this.sql(
        `UPDATE digests SET status = ?, posted_at = ?, window_from = ?, window_to = ?, message_ids = ?, documents = ?, error = ?
           WHERE guild_id = ? AND slot = ?`,
      ).run(
        r.status,
        r.status === 'posted' ? r.now : null,
        r.windowFrom,
        r.windowTo,
        JSON.stringify(r.messageIds),
        r.documents,
        r.error ?? null,
        guildId,
        slot,
      );
      if (r.status === 'posted' || r.status === 'skipped') {
        this.sql(
          'UPDATE guild_settings SET window_start = max(window_start, ?), last_error = NULL, last_error_at = NULL WHERE guild_id = ?',
        ).run(r.windowTo, guildId);
      } else {
        this.sql('UPDATE guild_settings SET last_error = ?, last_error_at = ? WHERE guild_id = ?').run(
          r.error ?? 'posting failed',
          r.now,
          guildId,
        );
      }
    })();
  }

  digest(guildId: string, slot: number): DigestRecord | undefined {
    const r = this.sql('SELECT * FROM digests WHERE guild_id = ? AND slot = ?').get(guildId, slot) as DigestRow | undefined;
    return r && digestFrom(r);
  }

  /** A guild's digests, newest slot first. */
  digests(guildId: string, limit = 10): DigestRecord[] {
    return (this.sql('SELECT * FROM digests WHERE guild_id = ? ORDER BY slot DESC LIMIT ?').all(guildId, limit) as DigestRow[]).map(
      digestFrom,
    );
  }

  // ── small values ─────────────────────────────────────────────────────────────

  getValue(key: string): string | undefined {
    return (this.sql('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setValue(key: string, value: string): void {
    this.sql('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
