/**
 * The state that must survive restarts and be shared by every replica: each guild's digest
 * settings, when each document (by content hash) and each person was first seen, and every digest
 * slot claimed or posted. One interface, two implementations: SQLite in one process
 * (`sqlite.ts`, the default) and PostgreSQL for any number of replicas (`postgres.ts`, with
 * `DATABASE_URL`). The contract suite in test/state runs the same cases on both.
 */

/** The state cannot be used; the message names where it is (a file or a database) and what to do. */
export class StateError extends Error {
  constructor(
    /** The file, or the database URL without its password. */
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
  /** 1 for the first claim, +1 at each takeover of a claim left unfinished. */
  attempts: number;
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

/**
 * A digest slot held by one run. `token` proves ownership: renewing, saving progress and finishing
 * succeed only while the row still carries it, so a run whose claim was taken over stops.
 */
export interface DigestClaim {
  guildId: string;
  slot: number;
  token: string;
  /** 1 for a fresh claim; more when an unfinished claim was taken over. */
  attempt: number;
  /** What an earlier attempt saved before it stopped: its window and the messages it had posted. */
  windowFrom?: number;
  windowTo?: number;
  messageIds: string[];
}

export interface DigestOutcome {
  status: Exclude<DigestStatus, 'claimed'>;
  now: number;
  windowFrom: number;
  windowTo: number;
  messageIds: string[];
  documents: number;
  error?: string;
}

export interface GuildSetup {
  guildId: string;
  channelId: string;
  time: string;
  timezone: string;
  nothingNew: NothingNew;
}

/** Every method is async: the PostgreSQL store is over the network; the SQLite one answers at once. */
export interface StateStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the state is, for messages: a file path, or the database URL without its password. */
  readonly location: string;
  close(): Promise<void>;

  guild(guildId: string): Promise<GuildSettings | undefined>;
  enabledGuilds(): Promise<GuildSettings[]>;
  /**
   * Sets a guild's schedule. A new or re-enabled guild's digests start with documents first seen
   * from now; an enabled guild that only changes its settings keeps its window, so nothing is lost.
   */
  setupGuild(s: GuildSetup, now: number): Promise<GuildSettings>;
  /** Turns a guild's digest off, keeping its history. Resolves whether it was on. */
  disableGuild(guildId: string, now: number): Promise<boolean>;
  setGuildError(guildId: string, error: string | null, now: number): Promise<void>;

  /**
   * Records documents not seen before, with `now` as their first-seen time, in one transaction
   * (all or nothing). Resolves the hashes that were new.
   */
  recordDocs(docs: Iterable<{ hash: string; id: string }>, now: number): Promise<Set<string>>;
  /** Documents first seen in (from, to], newest first, at most limit; and how many there are in all. */
  docsSeenBetween(from: number, to: number, limit: number): Promise<{ docs: SeenDoc[]; total: number }>;
  /** Every document hash recorded (one pass at start, so later reloads write only new ones). */
  allDocHashes(): Promise<Set<string>>;
  /** First-seen times of the given hashes; hashes never seen are absent. */
  firstSeen(hashes: readonly string[]): Promise<Map<string, number>>;
  /** Records people (by normalised name) with the given first-seen times; earlier times win. */
  recordPeople(entries: Iterable<{ key: string; seen: number }>): Promise<void>;
  /** First-seen times of the given people's keys; keys never seen are absent. */
  peopleFirstSeen(keys: readonly string[]): Promise<Map<string, number>>;

  /**
   * Claims a guild's slot before anything is posted, by inserting its row under the (guild, slot)
   * key: only one caller gets it. A row still `claimed` whose claim is older than `staleBefore`
   * (its run died) is taken over by exactly one caller. Resolves undefined when the slot is taken.
   */
  claimDigest(guildId: string, slot: number, channelId: string, now: number, staleBefore: number): Promise<DigestClaim | undefined>;
  /**
   * Renews a claim (its time becomes `now`) and saves the run's progress so a takeover can resume
   * it. Resolves false when the claim is no longer this run's: it must stop posting.
   */
  renewClaim(claim: DigestClaim, now: number, progress: { windowFrom: number; windowTo: number; messageIds: string[] }): Promise<boolean>;
  /**
   * Finishes a claimed digest, if the claim is still this run's. Posted or skipped moves the
   * guild's window on in the same transaction; failed leaves it, so the documents go into the next.
   */
  finishDigest(claim: DigestClaim, r: DigestOutcome): Promise<boolean>;
  digest(guildId: string, slot: number): Promise<DigestRecord | undefined>;
  /** A guild's digests, newest slot first. */
  digests(guildId: string, limit?: number): Promise<DigestRecord[]>;

  getValue(key: string): Promise<string | undefined>;
  setValue(key: string, value: string): Promise<void>;
}
