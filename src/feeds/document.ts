/**
 * A feed item as a corpus document: a `.md` file with front matter (title, source = the feed's
 * site name, url, published = the item's date, author, feed) and the article's text as
 * paragraphs. The text is the article page read like an `.html` document (Readability), or, when
 * the page cannot be had, the item's own content or summary.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { blocksOfHtml, readHtml } from '../read/html.js';
import type { FeedEntry } from './parse.js';

export interface ItemDocument {
  title: string;
  source?: string;
  url?: string;
  published?: string;
  author?: string;
  /** The feed's title (or address): the digest names it. */
  feed: string;
  feedUrl: string;
  guid?: string;
  body: string;
  /** Where the text came from: the article page, or the feed's own content or summary. */
  from: 'page' | 'content' | 'summary';
}

/** Query parameters that only track a click: the same article with them is the same article. */
const TRACKING = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid)$/i;

/** An article's address as an identity: no fragment, no tracking parameters, host in lower case. */
export function canonicalUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
    return u.toString();
  } catch {
    return undefined;
  }
}

/**
 * The article page's text and canonical address, when the page is an article. A page that comes
 * from another site than the one fetched may not name the canonical address (it could claim
 * another site's story); then the fetched address stands.
 */
export function articleOfPage(html: string, fetchedUrl: string): { body: string; url: string; published?: string } | undefined {
  let article;
  try {
    article = readHtml(html);
  } catch {
    return undefined;
  }
  if (!article.body.trim()) return undefined;
  let url = fetchedUrl;
  if (article.url) {
    try {
      const claimed = new URL(article.url, fetchedUrl);
      if (claimed.host === new URL(fetchedUrl).host) url = claimed.toString();
    } catch {
      // A canonical link that is not a URL: the fetched one stands.
    }
  }
  return { body: article.body, url, ...(article.published ? { published: article.published } : {}) };
}

/** The item's own text: its full content, else its summary (HTML or text). */
export function textOfItem(item: FeedEntry): { body: string; from: 'content' | 'summary' } | undefined {
  for (const [html, from] of [
    [item.content, 'content'],
    [item.summary, 'summary'],
  ] as const) {
    if (!html) continue;
    const body = blocksOfHtml(html).trim();
    if (body) return { body, from };
  }
  return undefined;
}

/** sha256 of the text with case and spacing folded: the same story from two feeds has one. */
export function textHash(body: string): string {
  return createHash('sha256').update(body.toLowerCase().replace(/\s+/g, ' ').trim()).digest('hex');
}

/** What the feed says about an item: when it changes, the item was updated. */
export function itemSignature(item: FeedEntry): string {
  const { title, url, published, updated, content, summary } = item;
  return createHash('sha256')
    .update(JSON.stringify([title, url, published, updated, content, summary]))
    .digest('hex')
    .slice(0, 32);
}

/** The file's bytes: YAML front matter (written by a YAML library, so any title is safe) and the body. */
export function renderItemDocument(d: ItemDocument): Buffer {
  const front: Record<string, string> = { title: d.title };
  if (d.source) front.source = d.source;
  if (d.url) front.url = d.url;
  if (d.published) front.published = d.published;
  if (d.author) front.author = d.author;
  front.feed = d.feed;
  front.feed_url = d.feedUrl;
  if (d.guid) front.guid = d.guid;
  front.text_from = d.from;
  const yaml = stringify(front, { lineWidth: 0 }).trimEnd();
  return Buffer.from(`---\n${yaml}\n---\n\n${d.body.trim()}\n`, 'utf8');
}

/** A name for a new item's file: its date and title, in letters, digits and dashes. */
export function itemFileStem(item: FeedEntry): string {
  const date = item.published?.slice(0, 10) ?? '';
  const slug = slugify(item.title, 60) || 'item';
  return date ? `${date}-${slug}` : slug;
}

export function slugify(s: string, max: number): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}
