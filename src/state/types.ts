/**
 * The state that must survive restarts and be shared by every replica: each guild's digest
 * settings, when each document (by content hash) and each person was first seen, every digest
 * slot claimed or posted, and the feeds followed with the items read from them. One interface, two implementations: SQLite in one process
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

/** A feed followed (issue #18): where it is, how the last polls went, when it may be polled next. */
export interface FeedRecord {
  id: number;
  url: string;
  /** The feed's own title: the site name its documents are credited to. */
  title?: string;
  siteUrl?: string;
  addedAt: number;
  /** Validators of the last good response, sent back as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  lastPollAt?: number;
  lastSuccessAt?: number;
  lastError?: string;
  lastErrorAt?: number;
  /** Polls failed in a row (0 after a success): the back-off grows with it. */
  failures: number;
  /** The regular schedule: not polled again before this (ms). */
  nextPollAt: number;
  /** Back-off or the server's Retry-After: not polled before this, not even by a forced poll (ms). */
  notBefore: number;
  /** Items recorded from this feed. */
  items: number;
}

/** An item read from a feed, and the document it became. */
export interface FeedItemRecord {
  feedId: number;
  /** The item's identity within its feed: its guid, else its canonical URL, else a hash of its title and text. */
  key: string;
  docId: string;
  /** The document file, relative to the corpus root. */
  file: string;
  guid?: string;
  canonicalUrl?: string;
  /** sha256 of the document's normalised text: the same text from two feeds is one document. */
  textHash: string;
  /** What the feed said about the item (title, dates, content): when it changes, the item was updated. */
  signature: string;
  /** The item was already in the feed when it was first read: it is in the corpus but not news. */
  atSubscription: boolean;
  firstSeen: number;
  updatedAt: number;
}

/** A feed poll held by one run (like a digest claim): finishing succeeds only while the row carries the token. */
export interface FeedClaim {
  feedId: number;
  url: string;
  title?: string;
  token: string;
  etag?: string;
  lastModified?: string;
  failures: number;
  /** No poll has succeeded yet: what the feed carries now was there at subscription. */
  firstSight: boolean;
}

export type FeedPollOutcome =
  | { ok: true; now: number; nextPollAt: number; title?: string; siteUrl?: string; etag?: string; lastModified?: string }
  | { ok: false; now: number; nextPollAt: number; notBefore: number; error: string };

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

  /** Follows a feed (due at once); a URL already followed is returned as it is. */
  addFeed(url: string, now: number): Promise<{ feed: FeedRecord; created: boolean }>;
  /** Stops following a feed and forgets its items (their documents stay in the corpus). Resolves whether it was followed. */
  removeFeed(id: number): Promise<boolean>;
  /** Every feed followed, oldest first. */
  feeds(): Promise<FeedRecord[]>;
  /**
   * Claims a feed's poll: only when it is due (`nextPollAt`, unless `force`; `notBefore` always)
   * and no live claim holds it. A claim older than `staleBefore` (its run died) is taken over.
   * Resolves undefined when the feed is not due or is being polled by another run.
   */
  claimFeedPoll(id: number, now: number, staleBefore: number, force: boolean): Promise<FeedClaim | undefined>;
  /** Records a poll's outcome and releases the claim, if it is still this run's. */
  finishFeedPoll(claim: FeedClaim, outcome: FeedPollOutcome): Promise<boolean>;
  /** An item of a feed by its key. */
  feedItem(feedId: number, key: string): Promise<FeedItemRecord | undefined>;
  /** An item of any feed with the same guid, canonical URL or text: the same story met again. */
  findFeedItem(match: { guid?: string; canonicalUrl?: string; textHash?: string }): Promise<FeedItemRecord | undefined>;
  /** Records an item (a new one, or an update of the same feed and key). */
  recordFeedItem(item: FeedItemRecord): Promise<void>;

  /**
   * Records a document added (with its bytes) or removed (without) through factdesk — `/add`, a
   * feed — so that every replica can bring its own corpus directory up to date (issue #20). One row
   * per path, the latest change wins; resolves the change's sequence number.
   */
  publishDocument(doc: { path: string; bytes?: Buffer; origin: string }, now: number): Promise<number>;
  /** Documents changed after `seq`, in order of change, at most `limit`. */
  documentsSince(seq: number, limit: number): Promise<SharedDocument[]>;
  /**
   * Calls `onPublished` whenever a document is published by any process sharing this store
   * (PostgreSQL: LISTEN/NOTIFY). SQLite serves one process, which knows what it published: it
   * never calls. Resolves a function that stops listening.
   */
  watchDocuments(onPublished: () => void): Promise<() => Promise<void>>;

  getValue(key: string): Promise<string | undefined>;
  setValue(key: string, value: string): Promise<void>;
}

/** A document as published for other replicas: its latest change. */
export interface SharedDocument {
  seq: number;
  /** Where it lives under the corpus directory, `/`-separated. */
  path: string;
  /** The file's bytes; absent when the document was removed. */
  bytes?: Buffer;
  /** sha256 (hex) of the bytes, to tell a replica's copy is already current. */
  sha256?: string;
  /** What published it (`add`, `feed`, …), for logs. */
  origin: string;
  at: number;
}
