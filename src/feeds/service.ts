/**
 * Following feeds: adding and removing them, and polling them — each poll claimed in the state
 * database first (exactly once across replicas, like a digest), fetched with the validators of
 * the last good response (a 304 costs no re-read), parsed, and each item not seen before turned
 * into a document under `DATA_DIR/feeds/`. Items already in the feed when it is first read enter
 * the corpus but are recorded as seen before any digest window, so they are never news. The same
 * story from two feeds (same guid, canonical URL or text) is stored once; an item the feed changes
 * is rewritten in place. A feed that fails is backed off and reported; the others go on.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { checkUrl, fetchDefaults, FetchError, safeFetch, type FetchResult, type SafeFetchOptions } from '../fetch/index.js';
import { child } from '../log.js';
import { hashBytes } from '../read/document.js';
import { docIdFor } from '../read/files.js';
import type { FeedClaim, FeedItemRecord, FeedRecord, StateStore } from '../state/index.js';
import {
  articleOfPage,
  canonicalUrl,
  itemFileStem,
  itemSignature,
  renderItemDocument,
  slugify,
  textHash,
  textOfItem,
  type ItemDocument,
} from './document.js';
import { decodeFeed, FeedParseError, readFeed, type FeedEntry } from './parse.js';

const log = child('feeds');

/** The folder under the corpus root that feed items are saved in. */
export const FEEDS_FOLDER = 'feeds';
/** First-seen time of documents that were in a feed when it was added: before every digest window. */
export const NOT_NEWS = 0;
/** Article pages read in one poll of one feed, at most; later items use the feed's own text. */
export const MAX_PAGES_PER_POLL = 30;
/** The longest a failing feed is left alone (back-off doubles up to it). */
export const MAX_BACKOFF_MS = 24 * 3600_000;
/** A poll claim not finished in this long belongs to a run that died: another run takes it over. */
export const FEED_CLAIM_TIMEOUT_MS = 15 * 60_000;

const FEED_TYPES = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/** What the service needs of the running app: the new files read into the corpus (absent in the CLI). */
export interface FeedHost {
  ingest?(files: string[]): Promise<void>;
}

export interface FeedServiceOptions {
  store: StateStore;
  dataDir: string;
  /** FEED_INTERVAL_MINUTES in ms. */
  intervalMs: number;
  /** Documents larger than this are not written (MAX_DOC_BYTES). */
  maxDocBytes: number;
  /** Options for every fetch (allowPrivate, caps); the defaults come from the configuration. */
  fetch?: Omit<SafeFetchOptions, 'headers' | 'accept' | 'acceptName'>;
  host?: FeedHost;
  now?: () => number;
  claimTimeoutMs?: number;
}

export interface PollReport {
  feedId: number;
  url: string;
  title?: string;
  status: 'read' | 'not-modified' | 'failed' | 'not-due';
  /** New documents written, items updated in place, items already stored from another feed. */
  added: number;
  updated: number;
  duplicates: number;
  /** Items with no text at all (nothing to store). */
  empty: number;
  error?: string;
  /** The files written (relative to the corpus root). */
  files: string[];
}

export type AddResult = { ok: true; feed: FeedRecord; created: boolean; report?: PollReport } | { ok: false; reason: string };

export class FeedService {
  private readonly now: () => number;
  private readonly claimTimeoutMs: number;
  /** The feeds as last read, for autocomplete (which must answer from memory). */
  private cached: FeedRecord[] = [];

  constructor(readonly options: FeedServiceOptions) {
    this.now = options.now ?? (() => Date.now());
    this.claimTimeoutMs = options.claimTimeoutMs ?? FEED_CLAIM_TIMEOUT_MS;
  }

  get store(): StateStore {
    return this.options.store;
  }

  /** Feeds as last listed, without a query. */
  known(): readonly FeedRecord[] {
    return this.cached;
  }

  async list(): Promise<FeedRecord[]> {
    this.cached = await this.store.feeds();
    return this.cached;
  }

  /**
   * Follows a feed and reads it once. A link that is not http(s) is refused; so is a response
   * that is not a feed (an HTML page, say), since following it would never give anything. A feed
   * that cannot be reached now is kept, shown with its error, and tried again with back-off.
   */
  async add(url: string): Promise<AddResult> {
    let clean: string;
    try {
      clean = checkUrl(url).toString();
    } catch (err) {
      return { ok: false, reason: err instanceof FetchError ? err.reason : 'not a link' };
    }
    const { feed, created } = await this.store.addFeed(clean, this.now());
    if (!created) {
      await this.list();
      return { ok: true, feed, created };
    }
    const report = await this.pollFeed(feed.id, true);
    if (report.status === 'failed' && report.error?.startsWith('not a feed')) {
      await this.store.removeFeed(feed.id);
      await this.list();
      return { ok: false, reason: report.error };
    }
    const now = (await this.list()).find((f) => f.id === feed.id) ?? feed;
    return { ok: true, feed: now, created, report };
  }

  /** Stops following a feed (by id or URL); its documents stay in the corpus. */
  async remove(which: string): Promise<FeedRecord | undefined> {
    const feeds = await this.list();
    const feed = feeds.find((f) => String(f.id) === which.trim() || f.url === which.trim());
    if (!feed || !(await this.store.removeFeed(feed.id))) return undefined;
    await this.list();
    return feed;
  }

  /** Polls every feed that is due (all of them with `force`, except those backing off). */
  async pollAll(force = false): Promise<PollReport[]> {
    const out: PollReport[] = [];
    for (const f of await this.store.feeds()) {
      try {
        const r = await this.pollFeed(f.id, force);
        if (r.status !== 'not-due') out.push(r);
      } catch (err) {
        // The state failing for one feed is logged; the next feed still runs.
        log.error({ feed: f.url, err }, 'feed poll failed');
      }
    }
    await this.list();
    return out;
  }

  /** Whether any feed may be polled now (one query; the scheduler asks at each tick). */
  async anyDue(): Promise<boolean> {
    const now = this.now();
    return (await this.store.feeds()).some((f) => f.nextPollAt <= now && f.notBefore <= now);
  }

  /** One feed's poll, if it can be claimed. */
  async pollFeed(id: number, force: boolean): Promise<PollReport> {
    const now = this.now();
    const claim = await this.store.claimFeedPoll(id, now, now - this.claimTimeoutMs, force);
    const report: PollReport = {
      feedId: id,
      url: claim?.url ?? '',
      ...(claim?.title ? { title: claim.title } : {}),
      status: 'not-due',
      added: 0,
      updated: 0,
      duplicates: 0,
      empty: 0,
      files: [],
    };
    if (!claim) return report;
    let response: FetchResult | undefined;
    try {
      const headers: Record<string, string> = { accept: FEED_TYPES };
      if (claim.etag) headers['if-none-match'] = claim.etag;
      if (claim.lastModified) headers['if-modified-since'] = claim.lastModified;
      response = await safeFetch(claim.url, { ...this.options.fetch, headers });
      if (response.status === 304) {
        report.status = 'not-modified';
        await this.store.finishFeedPoll(claim, {
          ok: true,
          now: this.now(),
          nextPollAt: this.now() + this.options.intervalMs,
          etag: response.headers.etag ?? claim.etag,
          lastModified: response.headers['last-modified'] ?? claim.lastModified,
        });
        return report;
      }
      const parsed = readFeed(decodeFeed(response.body, response.charset ? `charset=${response.charset}` : undefined), response.url);
      if (parsed.title) report.title = parsed.title;
      const feedName = parsed.title ?? new URL(claim.url).host;
      let pages = 0;
      // Oldest first, so that files and first-seen times follow the feed's own order.
      for (const item of [...parsed.items].reverse()) {
        const usePage = !claim.firstSight && pages < MAX_PAGES_PER_POLL;
        const outcome = await this.takeItem(claim, item, { feed: feedName, source: parsed.title, usePage });
        if (outcome.fetchedPage) pages++;
        if (outcome.kind === 'added') report.added++;
        else if (outcome.kind === 'updated') report.updated++;
        else if (outcome.kind === 'duplicate') report.duplicates++;
        else if (outcome.kind === 'empty') report.empty++;
        if (outcome.file) report.files.push(outcome.file);
      }
      if (report.files.length && this.options.host?.ingest) await this.options.host.ingest(report.files);
      report.status = 'read';
      await this.store.finishFeedPoll(claim, {
        ok: true,
        now: this.now(),
        nextPollAt: this.now() + this.options.intervalMs,
        title: parsed.title,
        siteUrl: parsed.siteUrl,
        etag: response.headers.etag,
        lastModified: response.headers['last-modified'],
      });
      if (report.added || report.updated)
        log.info({ feed: claim.url, added: report.added, updated: report.updated }, `feed read: ${report.added} new item(s)`);
      return report;
    } catch (err) {
      const error = describeFeedError(err);
      report.status = 'failed';
      report.error = error;
      const failures = claim.failures + 1;
      const t = this.now();
      const backoff = Math.min(this.options.intervalMs * 2 ** (failures - 1), MAX_BACKOFF_MS);
      const retryAfter = err instanceof FetchError && err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : 0;
      // Gone for good: the longest wait; the feed stays listed so someone can remove it.
      const wait =
        err instanceof FetchError && err.status === 410 ? MAX_BACKOFF_MS : Math.max(backoff, Math.min(retryAfter, MAX_BACKOFF_MS));
      await this.store.finishFeedPoll(claim, { ok: false, now: t, nextPollAt: t + wait, notBefore: t + wait, error });
      log.warn({ feed: claim.url, failures, retryInMs: wait }, `feed not read: ${error}`);
      return report;
    }
  }

  /** One item: skipped when unchanged, recorded as a duplicate, or written as a document. */
  private async takeItem(
    claim: FeedClaim,
    item: FeedEntry,
    ctx: { feed: string; source?: string; usePage: boolean },
  ): Promise<{ kind: 'unchanged' | 'added' | 'updated' | 'duplicate' | 'empty'; file?: string; fetchedPage?: boolean }> {
    const itemUrl = canonicalUrl(item.url);
    const signature = itemSignature(item);
    const key = item.guid ?? itemUrl ?? `text:${signature}`;
    const own = await this.store.feedItem(claim.feedId, key);
    if (own && own.signature === signature) return { kind: 'unchanged' };
    const now = this.now();
    // Another feed's copy of the same story: recorded for this feed, stored once.
    const globalGuid = item.guid && isGlobalId(item.guid) ? item.guid : undefined;
    const recordCopy = (other: FeedItemRecord) =>
      this.store.recordFeedItem({
        ...other,
        feedId: claim.feedId,
        key,
        signature,
        atSubscription: claim.firstSight,
        firstSeen: now,
        updatedAt: now,
      });
    if (!own) {
      const other = await this.store.findFeedItem({ guid: globalGuid, canonicalUrl: itemUrl });
      if (other) {
        await recordCopy(other);
        return { kind: 'duplicate' };
      }
    }
    let text: { body: string; from: ItemDocument['from']; url?: string; published?: string } | undefined;
    let fetchedPage = false;
    if (ctx.usePage && item.url) {
      fetchedPage = true;
      const page = await this.readPage(item.url);
      if (page) text = { ...page, from: 'page' };
    }
    text ??= textOfItem(item);
    if (!text) return { kind: 'empty', fetchedPage };
    const canonical = canonicalUrl(text.url) ?? itemUrl;
    const hash = textHash(text.body);
    if (!own) {
      const other = await this.store.findFeedItem({ canonicalUrl: canonical, textHash: hash });
      if (other) {
        await recordCopy(other);
        return { kind: 'duplicate', fetchedPage };
      }
    }
    const doc: ItemDocument = {
      title: item.title || ctx.feed,
      source: ctx.source,
      url: canonical ?? item.url,
      published: item.published ?? item.updated ?? text.published,
      author: item.author,
      feed: ctx.feed,
      feedUrl: claim.url,
      guid: item.guid,
      body: text.body,
      from: text.from,
    };
    let bytes = renderItemDocument(doc);
    if (bytes.length > this.options.maxDocBytes) {
      // An item too large to keep whole is kept as its summary, or not at all.
      const short = text.from !== 'summary' && item.summary ? textOfItem({ ...item, content: undefined }) : undefined;
      if (!short) return { kind: 'empty', fetchedPage };
      bytes = renderItemDocument({ ...doc, body: short.body, from: 'summary' });
      if (bytes.length > this.options.maxDocBytes) return { kind: 'empty', fetchedPage };
    }
    const file = own?.file ?? (await this.freeName(claim, item));
    await writeAtomically(path.join(this.options.dataDir, file), bytes);
    const docId = docIdFor(file);
    // Not news: an item that was there when the feed was first read, or an update of one.
    if (claim.firstSight || own?.atSubscription) await this.store.recordDocs([{ hash: hashBytes(bytes), id: docId }], NOT_NEWS);
    const record: FeedItemRecord = {
      feedId: claim.feedId,
      key,
      docId,
      file,
      textHash: hash,
      signature,
      atSubscription: own?.atSubscription ?? claim.firstSight,
      firstSeen: own?.firstSeen ?? now,
      updatedAt: now,
    };
    if (item.guid) record.guid = globalGuid ?? `${claim.feedId}:${item.guid}`;
    if (canonical) record.canonicalUrl = canonical;
    await this.store.recordFeedItem(record);
    return { kind: own ? 'updated' : 'added', file, fetchedPage };
  }

  /** The article page read like an `.html` document; undefined when it cannot be had (the feed's text stands in). */
  private async readPage(url: string): Promise<{ body: string; url: string; published?: string } | undefined> {
    try {
      const page = await safeFetch(url, {
        ...this.options.fetch,
        maxBytes: Math.min(this.options.fetch?.maxBytes ?? Infinity, this.options.maxDocBytes),
        accept: ['text/html', 'application/xhtml+xml'],
        acceptName: 'a web page',
      });
      return articleOfPage(decodeFeed(page.body, page.charset ? `charset=${page.charset}` : undefined), page.url);
    } catch (err) {
      log.info(
        { url, reason: err instanceof FetchError ? err.reason : (err as Error).message },
        'article page not read; the feed’s own text is used',
      );
      return undefined;
    }
  }

  /** `feeds/<site>/<date>-<title>.md`, with a number added when the name is taken. */
  private async freeName(claim: FeedClaim, item: FeedEntry): Promise<string> {
    const site = slugify(new URL(claim.url).hostname.replace(/^www\./, ''), 40) || 'feed';
    const stem = itemFileStem(item);
    for (let n = 1; ; n++) {
      const rel = `${FEEDS_FOLDER}/${site}/${n === 1 ? stem : `${stem}-${n}`}.md`;
      const taken = await fs.stat(path.join(this.options.dataDir, rel)).then(
        () => true,
        () => false,
      );
      if (!taken) return rel;
    }
  }
}

/** A guid that names the item across the web (a URL, a tag: or urn: id, a long random id), not just within its feed. */
function isGlobalId(guid: string): boolean {
  return /^(https?:|tag:|urn:)/i.test(guid) || /^[0-9a-f-]{32,}$/i.test(guid);
}

/** Written under a hidden temporary name, then renamed: the watcher and a reader never see half a file. */
async function writeAtomically(full: string, bytes: Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(full), { recursive: true });
  const temp = path.join(path.dirname(full), `.feed-${randomBytes(6).toString('hex')}`);
  try {
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, full);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

/** A poll's failure in a few words for `/feed list`. */
export function describeFeedError(err: unknown): string {
  if (err instanceof FetchError) return err.status === 410 ? 'HTTP 410: the feed is gone' : err.reason;
  if (err instanceof FeedParseError) return err.message;
  return `failed: ${String((err as Error)?.message ?? err).slice(0, 200)}`;
}

/** The service's settings from the configuration (the state store, corpus and host come from the caller). */
export function feedSettings(config: Config): Pick<FeedServiceOptions, 'intervalMs' | 'maxDocBytes' | 'fetch'> {
  return {
    intervalMs: config.feedIntervalMinutes * 60_000,
    maxDocBytes: config.maxDocBytes,
    fetch: fetchDefaults(config),
  };
}
