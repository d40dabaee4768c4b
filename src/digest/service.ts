/**
 * The digest service: per-guild settings, previews, and posting a guild's due digest exactly
 * once. The scheduler (scheduler.ts) decides when to call it; front ends give it a
 * ChannelPoster. Time comes from an injectable clock so tests control it.
 *
 * "New" means first seen by factdesk: every corpus the service is shown is recorded in the state
 * database by content hash, and a digest lists the documents first seen since the guild's last
 * digest (or since it was set up).
 */
import type { Answer } from '../answer/types.js';
import { EXTRACTION_VERSION } from '../extract/index.js';
import type { CorpusStore } from '../corpus/types.js';
import type { IngestedDoc } from '../ingest/index.js';
import { child, redact } from '../log.js';
import { openStateStore, StateError, type DigestRecord, type GuildSettings, type StateStore } from '../state/index.js';
import { composeDigest, personKeys, personLookupKeys, type Digest } from './compose.js';
import { digestMessages, type ChannelMessage } from '../render/discord.js';
import { digestAnswer } from './render.js';
import { describeInstant, formatLocalTime, parseLocalTime, parseTimeZone, slotAfter, slotAtOrBefore } from './schedule.js';

const log = child('digest');

/** Sends one message to a channel; the Discord bot provides the real one, tests a fake. */
export interface ChannelPoster {
  post(channelId: string, message: ChannelMessage): Promise<{ id: string }>;
}

/** A post that failed for a reason the guild can fix; the message says how. */
export class PostError extends Error {
  constructor(
    readonly kind: 'missing-channel' | 'missing-permission' | 'other',
    message: string,
  ) {
    super(message);
    this.name = 'PostError';
  }
}

/** New documents read to compose one digest, at most; the rest are only counted. */
export const SCAN_LIMIT = 200;
/** Documents recorded per transaction before the event loop gets a turn. */
const SYNC_BATCH = 2000;
const DAY = 24 * 3600_000;
/**
 * A claim not renewed for this long belongs to a run that died (or hangs): another run takes it
 * over. A run renews its claim after each message, so it only needs to exceed one post's time.
 */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;
const CONSOLE_KEY = 'console_preview_at';
const PEOPLE_VERSION_KEY = 'people_seen_version';
/** What people_seen was built with: the extractors' version and how keys are made here. */
const PEOPLE_VERSION = `${EXTRACTION_VERSION}+keys:2`;

export type RunOutcome =
  | { guildId: string; outcome: 'not-due' | 'already-done' }
  | { guildId: string; outcome: 'posted' | 'skipped' | 'failed'; slot: number; messages: number; documents: number; error?: string };

export interface DigestServiceOptions {
  /** See CLAIM_TIMEOUT_MS. */
  claimTimeoutMs?: number;
}

/** The run's claim was taken over by another run (this one was too slow): it must stop posting. */
class ClaimLost extends Error {}

export interface SetupInput {
  channel?: string;
  time?: string;
  timezone?: string;
  nothingNew?: string;
}

export class DigestService {
  /** Corpus store objects already recorded (each stands for one state of the corpus; a reload makes a new one). */
  private readonly synced = new WeakMap<CorpusStore, Promise<void>>();
  /** Hashes already in the state database, loaded once, so a reload writes only what is new. */
  private known: Promise<Set<string>> | undefined;
  readonly claimTimeoutMs: number;

  constructor(
    readonly store: StateStore,
    private readonly clock: () => Date = () => new Date(),
    options: DigestServiceOptions = {},
  ) {
    this.claimTimeoutMs = options.claimTimeoutMs ?? CLAIM_TIMEOUT_MS;
  }

  now(): number {
    return this.clock().getTime();
  }

  /**
   * Records the corpus's documents (and their people) as seen, once per corpus object: after each
   * reload, never per digest or per command. Only documents not known before are written, in
   * batches that give the event loop back, so a first sight of a very large corpus does not hold
   * up the bot's answers.
   */
  sync(corpus: CorpusStore): Promise<void> {
    let p = this.synced.get(corpus);
    if (!p) {
      p = this.record(corpus);
      this.synced.set(corpus, p);
      // A failed sync is tried again next time rather than remembered.
      p.catch(() => this.synced.delete(corpus));
    }
    return p;
  }

  private async record(corpus: CorpusStore): Promise<void> {
    const now = this.now();
    this.known ??= this.store.allDocHashes();
    const known = await this.known.catch((err: unknown) => {
      this.known = undefined;
      throw err;
    });
    const all = await corpus.documentKeys();
    const unknown = all.filter((d) => !known.has(d.hash));
    const fresh = new Set<string>();
    for (let i = 0; i < unknown.length; i += SYNC_BATCH) {
      const batch = unknown.slice(i, i + SYNC_BATCH);
      for (const h of await this.store.recordDocs(
        batch.map((d) => ({ hash: d.hash, id: d.id })),
        now,
      ))
        fresh.add(h);
      for (const d of batch) known.add(d.hash);
      if (i + SYNC_BATCH < unknown.length) await yieldToLoop();
    }
    // People are remembered from the time their document was first seen. When extraction changes
    // (new extractors land), every document's people are recorded again at that document's time, so
    // old documents' people do not look new.
    const backfill = (await this.store.getValue(PEOPLE_VERSION_KEY)) !== PEOPLE_VERSION;
    const keys = backfill ? all : all.filter((d) => fresh.has(d.hash));
    for (let i = 0; i < keys.length; i += SYNC_BATCH) {
      const batch = await corpus.documents(keys.slice(i, i + SYNC_BATCH).map((d) => d.id));
      const seen = await this.store.firstSeen(batch.filter((d) => !fresh.has(d.meta.hash)).map((d) => d.meta.hash));
      await this.store.recordPeople(peopleOf(batch, (d) => (fresh.has(d.meta.hash) ? now : (seen.get(d.meta.hash) ?? now))));
      if (i + SYNC_BATCH < keys.length) await yieldToLoop();
    }
    if (backfill) await this.store.setValue(PEOPLE_VERSION_KEY, PEOPLE_VERSION);
    if (fresh.size) log.info({ documents: fresh.size }, `${fresh.size} new document(s) recorded for the digest`);
  }

  /** The digest of documents first seen in (from, to]. */
  async compose(corpus: CorpusStore, from: number, to: number): Promise<Digest> {
    await this.sync(corpus);
    const seen = await this.store.docsSeenBetween(from, to, SCAN_LIMIT);
    const byId = new Map((await corpus.documents([...new Set(seen.docs.map((s) => s.docId))])).map((d) => [d.meta.id, d]));
    const docs: IngestedDoc[] = [];
    for (const s of seen.docs) {
      // By id; a document changed since has a new hash and its own row.
      const d = byId.get(s.docId);
      if (d && d.meta.hash === s.hash) docs.push(d);
    }
    // Documents removed from the corpus since they were seen are not news any more.
    const total = seen.total - (seen.docs.length - docs.length);
    // Every key the composer may ask about, read in one query.
    const keys = new Set<string>();
    for (const d of docs) for (const p of d.facts.people) for (const k of personLookupKeys(p)) keys.add(k);
    const firstSeen = await this.store.peopleFirstSeen([...keys]);
    return composeDigest({
      docs,
      total,
      from: new Date(from),
      to: new Date(to),
      isNewPerson: (ks) => ks.every((k) => (firstSeen.get(k) ?? Infinity) > from),
    });
  }

  // ── settings ──────────────────────────────────────────────────────────────────

  /** Validates and saves a guild's schedule; an error explains what to type instead. */
  async setup(guildId: string, input: SetupInput): Promise<{ settings: GuildSettings } | { error: string }> {
    const channel = /^(?:<#)?(\d{5,20})>?$/.exec(String(input.channel ?? '').trim())?.[1];
    if (!channel) return { error: 'Choose the channel the digest should go to (channel option).' };
    const time = parseLocalTime(String(input.time ?? ''));
    if ('error' in time) return time;
    const zone = parseTimeZone(String(input.timezone ?? ''));
    if ('error' in zone) return zone;
    const nn = (input.nothingNew ?? 'post').toLowerCase();
    if (nn !== 'post' && nn !== 'skip')
      return { error: 'nothing_new is either post (a one-line “nothing new” message) or skip (no message).' };
    const settings = await this.store.setupGuild(
      { guildId, channelId: channel, time: formatLocalTime(time), timezone: zone.zone, nothingNew: nn },
      this.now(),
    );
    return { settings };
  }

  off(guildId: string): Promise<boolean> {
    return this.store.disableGuild(guildId, this.now());
  }

  /** When a guild's next digest goes out. */
  nextSlot(g: GuildSettings, now = this.now()): number {
    const at = parseLocalTime(g.time) as { hour: number; minute: number };
    return slotAfter(now, at, g.timezone);
  }

  async statusLines(guildId: string): Promise<string[]> {
    const saved = await this.store.guild(guildId);
    if (!saved) return ['The daily digest is not set up here. A member with Manage Server can start it with /digest setup.'];
    // Times are shown in the guild's zone; one this runtime cannot use is shown in UTC instead.
    const g = 'zone' in parseTimeZone(saved.timezone) ? saved : { ...saved, timezone: 'UTC' };
    const lines: string[] = [];
    if (!g.enabled) lines.push('The daily digest is off. /digest setup turns it on again.');
    else if (g !== saved) lines.push(`⚠️ The time zone ${saved.timezone} is not known here; run /digest setup again with a valid one.`);
    else {
      lines.push(
        `Posting to channel ${g.channelId} every day at ${g.time} ${g.timezone}.`,
        `Next digest: ${describeInstant(this.nextSlot(g), g.timezone)}.`,
        `With nothing new: ${g.nothingNew === 'post' ? 'a one-line “nothing new” message' : 'no message'}.`,
        `Documents first seen since ${describeInstant(g.windowStart, g.timezone)} go into the next digest.`,
      );
    }
    const [last] = await this.store.digests(guildId, 1);
    if (last) lines.push(`Last digest: ${describeRecord(last, g.timezone, this.claimTimeoutMs)}.`);
    if (g.lastError)
      lines.push(`⚠️ Last problem${g.lastErrorAt ? ` (${describeInstant(g.lastErrorAt, g.timezone)})` : ''}: ${g.lastError}`);
    return lines;
  }

  // ── previews ──────────────────────────────────────────────────────────────────

  /**
   * The digest as it would be posted now: a guild's since its last digest (or the last 24 h when
   * it has none set up); on the console (no guild) since the last console preview, or the last 24 h.
   */
  async preview(corpus: CorpusStore, guildId?: string): Promise<{ digest: Digest; timezone: string }> {
    await this.sync(corpus);
    const now = this.now();
    if (guildId) {
      const g = await this.store.guild(guildId);
      const from = g?.enabled ? g.windowStart : now - DAY;
      return { digest: await this.compose(corpus, from, now), timezone: g?.timezone ?? 'UTC' };
    }
    const last = Number(await this.store.getValue(CONSOLE_KEY));
    const from = Number.isFinite(last) && last > 0 && last < now ? last : now - DAY;
    const digest = await this.compose(corpus, from, now);
    await this.store.setValue(CONSOLE_KEY, String(now));
    return { digest, timezone: 'UTC' };
  }

  // ── posting ──────────────────────────────────────────────────────────────────

  /**
   * The slot a guild's digest is due for now, if one is due and not yet claimed, or claimed by a
   * run that stopped renewing its claim (see CLAIM_TIMEOUT_MS).
   */
  async dueSlot(g: GuildSettings, now = this.now()): Promise<number | undefined> {
    const at = parseLocalTime(g.time);
    if ('error' in at) return undefined;
    const slot = slotAtOrBefore(now, at, g.timezone);
    // A slot before setup is not owed; only the latest slot is, so downtime costs one catch-up post.
    if (slot < g.enabledAt) return undefined;
    const record = await this.store.digest(g.guildId, slot);
    if (record && !(record.status === 'claimed' && record.claimedAt < now - this.claimTimeoutMs)) return undefined;
    return slot;
  }

  /**
   * Posts one guild's digest if it is due: claims the slot first (so a restart or another replica
   * never posts it again), then composes, posts, and records the message ids. The claim is renewed
   * after each message with what was posted; a takeover of a claim whose run died resumes that
   * run's window after its last recorded message.
   */
  async runGuild(g: GuildSettings, corpus: CorpusStore, poster: ChannelPoster): Promise<RunOutcome> {
    const slot = await this.dueSlot(g);
    if (slot === undefined) return { guildId: g.guildId, outcome: 'not-due' };
    const claimedAt = this.now();
    const claim = await this.store.claimDigest(g.guildId, slot, g.channelId, claimedAt, claimedAt - this.claimTimeoutMs);
    if (!claim) return { guildId: g.guildId, outcome: 'already-done' };
    if (claim.attempt > 1) {
      log.warn(
        { guild: g.guildId, slot: new Date(slot).toISOString(), attempt: claim.attempt, posted: claim.messageIds.length },
        'taking over a digest whose run stopped before finishing',
      );
    }
    const windowFrom = claim.windowFrom ?? g.windowStart;
    let windowTo = claim.windowTo ?? claimedAt;
    const ids = [...claim.messageIds];
    let documents = 0;
    const hold = async () => {
      if (!(await this.store.renewClaim(claim, this.now(), { windowFrom, windowTo, messageIds: ids }))) throw new ClaimLost();
    };
    try {
      await this.sync(corpus);
      // After recording: every document first seen up to now is in this digest (a takeover keeps the first window).
      if (claim.windowTo === undefined) windowTo = Math.max(windowTo, this.now());
      const digest = await this.compose(corpus, windowFrom, windowTo);
      documents = digest.total;
      const messages = digestMessages(digest, g.timezone, g.nothingNew);
      await hold();
      for (const m of messages.slice(ids.length)) {
        ids.push((await poster.post(g.channelId, m)).id);
        await hold();
      }
      const status = ids.length ? 'posted' : 'skipped';
      const finished = await this.store.finishDigest(claim, { status, now: this.now(), windowFrom, windowTo, messageIds: ids, documents });
      if (!finished) throw new ClaimLost();
      log.info({ guild: g.guildId, slot: new Date(slot).toISOString(), messages: ids.length, documents }, `digest ${status}`);
      return { guildId: g.guildId, outcome: status, slot, messages: ids.length, documents };
    } catch (err) {
      if (err instanceof ClaimLost) {
        log.warn({ guild: g.guildId, slot: new Date(slot).toISOString() }, 'another run took this digest over; this one stops');
        return { guildId: g.guildId, outcome: 'already-done' };
      }
      const error = describePostError(err, g.channelId);
      await this.store.finishDigest(claim, {
        status: 'failed',
        now: this.now(),
        windowFrom,
        windowTo,
        messageIds: ids,
        documents,
        error,
      });
      log.error({ guild: g.guildId, channel: g.channelId, err }, `digest not posted: ${error}`);
      return { guildId: g.guildId, outcome: 'failed', slot, messages: ids.length, documents, error };
    }
  }

  /** Every enabled guild's due digest; one guild's failure never stops the others. */
  async runDue(corpus: CorpusStore, poster: ChannelPoster): Promise<RunOutcome[]> {
    const out: RunOutcome[] = [];
    for (const g of await this.store.enabledGuilds()) {
      try {
        out.push(await this.runGuild(g, corpus, poster));
      } catch (err) {
        // A state write failing (disk full, …) for one guild is logged; the next guild still runs.
        log.error({ guild: g.guildId, err }, 'digest run failed');
        try {
          await this.store.setGuildError(g.guildId, `the digest could not run: ${(err as Error).message}`.slice(0, 500), this.now());
        } catch {
          // The state itself failing is already in the log.
        }
        out.push({ guildId: g.guildId, outcome: 'failed', slot: 0, messages: 0, documents: 0, error: (err as Error).message });
      }
    }
    return out;
  }

  /** Whether any enabled guild has a digest due now. */
  async anyDue(now = this.now()): Promise<boolean> {
    for (const g of await this.store.enabledGuilds()) {
      try {
        if ((await this.dueSlot(g, now)) !== undefined) return true;
      } catch {
        // A zone this runtime does not know: that guild is never due (runDue reports it).
      }
    }
    return false;
  }

  /**
   * The next instant any enabled guild's digest is due (ms), if any: its next slot, or sooner when
   * the current slot's claim would go stale (its run died) and must be taken over.
   */
  async nextDue(now = this.now()): Promise<number | undefined> {
    let next: number | undefined;
    for (const g of await this.store.enabledGuilds()) {
      try {
        let t = this.nextSlot(g, now);
        const at = parseLocalTime(g.time) as { hour: number; minute: number };
        const current = await this.store.digest(g.guildId, slotAtOrBefore(now, at, g.timezone));
        if (current?.status === 'claimed') t = Math.min(t, current.claimedAt + this.claimTimeoutMs + 1);
        if (next === undefined || t < next) next = t;
      } catch (err) {
        // A zone this runtime no longer knows must not stop the other guilds' schedules.
        log.error({ guild: g.guildId, timezone: g.timezone, err }, 'cannot compute the next digest time');
      }
    }
    return next;
  }
}

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function peopleOf(docs: readonly IngestedDoc[], seen: (d: IngestedDoc) => number): { key: string; seen: number }[] {
  const out: { key: string; seen: number }[] = [];
  for (const d of docs) {
    const t = seen(d);
    for (const p of d.facts.people) for (const key of personKeys(p)) out.push({ key, seen: t });
  }
  return out;
}

function describeRecord(r: DigestRecord, tz: string, claimTimeoutMs: number): string {
  const slot = describeInstant(r.slot, tz);
  switch (r.status) {
    case 'posted':
      return `posted for ${slot} (${r.messageIds.length} message${r.messageIds.length === 1 ? '' : 's'}, ${r.documents} new document${r.documents === 1 ? '' : 's'})`;
    case 'skipped':
      return `nothing new for ${slot}, no message (as chosen)`;
    case 'failed':
      return `not posted for ${slot}: ${r.error ?? 'unknown error'}`;
    default:
      // A claim without an outcome: being posted now, or its run stopped and another takes it over.
      return `being posted for ${slot} since ${describeInstant(r.claimedAt, tz)}${r.attempts > 1 ? ` (attempt ${r.attempts})` : ''}; if that run stopped, it is taken over ${Math.round(claimTimeoutMs / 60_000)} min after its last progress`;
  }
}

/** A post failure as the guild's admins should read it. */
export function describePostError(err: unknown, channelId: string): string {
  if (err instanceof PostError) return err.message;
  const e = err as { code?: unknown; status?: unknown; message?: unknown };
  // Discord API codes: 10003 unknown channel, 50001 missing access, 50013 missing permissions.
  if (e?.code === 10003 || e?.status === 404)
    return `channel ${channelId} no longer exists or the bot cannot see it; run /digest setup with another channel.`;
  if (e?.code === 50001 || e?.code === 50013 || e?.status === 403) {
    return `the bot lacks permission to post in channel ${channelId} (it needs View Channel, Send Messages and Embed Links).`;
  }
  return redact(`posting failed: ${String(e?.message ?? err).slice(0, 300)}`);
}

// ── wiring ─────────────────────────────────────────────────────────────────────

/** What `ctx.services.digest` holds: the service, or why it is unavailable. */
export type DigestSlot = DigestService | { unavailable: string };

/** What the digest registers in a running app's services (the commands' context names them). */
export interface DigestServices {
  digest?: DigestSlot;
  /** The scheduler while the bot is connected: poked when settings change, so they apply at once. */
  digestScheduler?: { poke(): void };
}

export interface DigestHost {
  services: DigestServices;
  now: () => Date;
}

/**
 * Opens the state (PostgreSQL with databaseUrl, else SQLite under stateDir) and registers the
 * service as `services.digest`. State that cannot be used is logged with its name and registered
 * as unavailable: the digest commands explain it and every other command keeps working.
 */
export async function installDigest(
  host: DigestHost,
  opts: { stateDir: string; databaseUrl?: string } & DigestServiceOptions,
): Promise<DigestService | undefined> {
  try {
    const service = new DigestService(await openStateStore(opts), host.now, opts);
    host.services.digest = service;
    return service;
  } catch (err) {
    const message = err instanceof StateError ? err.message : `The digest state could not be opened: ${(err as Error).message}`;
    log.error({ err }, message);
    host.services.digest = { unavailable: message };
    return undefined;
  }
}

export async function previewAnswer(service: DigestService, corpus: CorpusStore, guildId?: string): Promise<Answer> {
  const { digest, timezone } = await service.preview(corpus, guildId);
  return digestAnswer(digest, 'preview', timezone);
}
