/**
 * Rows as both stores read them: the SQLite and PostgreSQL tables have the same columns, so one
 * conversion each (a boolean is 0/1 in SQLite, true/false in PostgreSQL).
 */
import { createHash } from 'node:crypto';
import type { FeedItemRecord, FeedRecord, SharedDocument } from './types.js';

/** A document's sha256, as `hashBytes` in read/document.ts gives it (not imported: that module brings every reader). */
export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export const SHARED_DOCUMENT_COLUMNS = 'seq, path, bytes, sha256, origin, at';

export interface SharedDocumentRow {
  seq: number;
  path: string;
  bytes: Buffer | null;
  sha256: string | null;
  origin: string;
  at: number;
}

export function sharedDocumentFrom(r: SharedDocumentRow): SharedDocument {
  return {
    seq: r.seq,
    path: r.path,
    origin: r.origin,
    at: r.at,
    ...(r.bytes ? { bytes: r.bytes } : {}),
    ...(r.sha256 ? { sha256: r.sha256 } : {}),
  };
}

export interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  site_url: string | null;
  added_at: number;
  etag: string | null;
  last_modified: string | null;
  last_poll_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  failures: number;
  next_poll_at: number;
  not_before: number;
  items: number;
}

export interface FeedItemRow {
  feed_id: number;
  key: string;
  doc_id: string;
  file: string;
  guid: string | null;
  canonical_url: string | null;
  text_hash: string;
  signature: string;
  at_subscription: number | boolean;
  first_seen: number;
  updated_at: number;
}

export function feedFrom(r: FeedRow): FeedRecord {
  const f: FeedRecord = {
    id: r.id,
    url: r.url,
    addedAt: r.added_at,
    failures: r.failures,
    nextPollAt: r.next_poll_at,
    notBefore: r.not_before,
    items: r.items,
  };
  if (r.title) f.title = r.title;
  if (r.site_url) f.siteUrl = r.site_url;
  if (r.etag) f.etag = r.etag;
  if (r.last_modified) f.lastModified = r.last_modified;
  if (r.last_poll_at !== null) f.lastPollAt = r.last_poll_at;
  if (r.last_success_at !== null) f.lastSuccessAt = r.last_success_at;
  if (r.last_error) f.lastError = r.last_error;
  if (r.last_error_at !== null) f.lastErrorAt = r.last_error_at;
  return f;
}

export function feedItemFrom(r: FeedItemRow): FeedItemRecord {
  const i: FeedItemRecord = {
    feedId: r.feed_id,
    key: r.key,
    docId: r.doc_id,
    file: r.file,
    textHash: r.text_hash,
    signature: r.signature,
    atSubscription: r.at_subscription === true || r.at_subscription === 1,
    firstSeen: r.first_seen,
    updatedAt: r.updated_at,
  };
  if (r.guid) i.guid = r.guid;
  if (r.canonical_url) i.canonicalUrl = r.canonical_url;
  return i;
}

/** The columns of a feed row with its item count, for both stores. */
export const FEED_COLUMNS = 'feeds.*, (SELECT count(*) FROM feed_items WHERE feed_items.feed_id = feeds.id) AS items';
