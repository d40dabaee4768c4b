/**
 * A feed's bytes → its site name and items, whatever the format: RSS 2.0, RSS 1.0 (RDF), Atom 1.0
 * or JSON Feed, through feedsmith (one parser for all four; see the README's dependency table).
 * Items come out in one shape with absolute links, ISO dates and plain-text titles; a feed that
 * cannot be read is a FeedParseError whose message says what it was instead.
 */
import { DetectError, MalformedError, parseFeed, type AnyFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';

/** Items read from one feed, at most: a feed is a window on the latest items, never an archive. */
export const MAX_FEED_ITEMS = 200;

export interface FeedEntry {
  /** The feed's own id for the item: RSS guid, Atom id, JSON Feed id, RSS 1.0 rdf:about. */
  guid?: string;
  /** The article's address, absolute. */
  url?: string;
  /** Plain text (markup in titles is read as text, never kept). */
  title: string;
  /** ISO 8601 timestamps; absent when the feed gives none or one that is not a date. */
  published?: string;
  updated?: string;
  author?: string;
  /** The item's full content as HTML, when the feed carries it. */
  content?: string;
  /** The item's summary (HTML or text). */
  summary?: string;
}

export interface ParsedFeed {
  format: AnyFeed['format'];
  /** The feed's title: the site name documents are credited to. */
  title?: string;
  /** The site's home page. */
  siteUrl?: string;
  items: FeedEntry[];
}

/** The bytes are not a feed factdesk can read; the message is short and says why. */
export class FeedParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

/**
 * Decodes a feed's bytes: the charset the server names, else the XML declaration's, else UTF-8.
 * An unknown charset name falls back to UTF-8 rather than failing the feed.
 */
export function decodeFeed(bytes: Uint8Array, contentType?: string): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const label =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

/** Parses a feed; `base` (the address it was fetched from) resolves relative links. */
export function readFeed(text: string, base: string): ParsedFeed {
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(text, { maxItems: MAX_FEED_ITEMS });
  } catch (err) {
    throw new FeedParseError(whyNotAFeed(text, err));
  }
  switch (parsed.format) {
    case 'rss': {
      const f = parsed.feed;
      const siteUrl = absolute(f.link, base);
      const root = absolute(f.xml?.base, base) ?? base;
      return {
        format: 'rss',
        title: plain(f.title),
        siteUrl,
        items: (f.items ?? []).map((i) => {
          const itemBase = absolute(i.xml?.base, root) ?? root;
          const permalink = i.guid?.isPermaLink !== false && /^https?:/i.test(i.guid?.value ?? '') ? i.guid?.value : undefined;
          return entry({
            guid: i.guid?.value,
            url: absolute(i.link ?? permalink, siteUrl ?? itemBase),
            title: i.title ?? i.dc?.titles?.[0],
            published: i.pubDate ?? i.dc?.dates?.[0],
            updated: i.atom?.updated,
            author: i.authors?.[0]?.name ?? i.dc?.creators?.[0],
            content: i.content?.encoded,
            summary: i.description,
          });
        }),
      };
    }
    case 'rdf': {
      const f = parsed.feed;
      const siteUrl = absolute(f.link, base);
      return {
        format: 'rdf',
        title: plain(f.title),
        siteUrl,
        items: (f.items ?? []).map((i) =>
          entry({
            guid: i.rdf?.about,
            url: absolute(i.link ?? i.rdf?.about, siteUrl ?? base),
            title: i.title ?? i.dc?.titles?.[0],
            published: i.dc?.dates?.[0],
            author: i.dc?.creators?.[0],
            content: i.content?.encoded,
            summary: i.description,
          }),
        ),
      };
    }
    case 'atom': {
      const f = parsed.feed;
      const root = absolute(f.xml?.base, base) ?? base;
      const siteUrl = absolute(alternate(f.links), root);
      return {
        format: 'atom',
        title: plain(f.title?.value),
        siteUrl,
        items: (f.entries ?? []).map((e) => {
          const entryBase = absolute(e.xml?.base, root) ?? root;
          return entry({
            guid: e.id,
            url: absolute(alternate(e.links), entryBase),
            title: e.title?.value,
            published: e.published ?? e.dc?.dates?.[0],
            updated: e.updated,
            author: e.authors?.[0]?.name ?? f.authors?.[0]?.name,
            // Atom text constructs: "text" is plain, "html" and "xhtml" are markup.
            content: e.content?.value && (e.content.type === 'text' ? escapeText(e.content.value) : e.content.value),
            summary: e.summary?.value,
          });
        }),
      };
    }
    case 'json': {
      const f = parsed.feed;
      const siteUrl = absolute(f.home_page_url, base);
      return {
        format: 'json',
        title: plain(f.title),
        siteUrl,
        items: (f.items ?? []).map((i) =>
          entry({
            guid: typeof i.id === 'string' ? i.id : i.id === undefined ? undefined : String(i.id),
            url: absolute(i.url ?? i.external_url, siteUrl ?? base),
            title: i.title,
            published: i.date_published,
            updated: i.date_modified,
            author: i.authors?.[0]?.name ?? f.authors?.[0]?.name,
            content: i.content_html ?? (i.content_text ? escapeText(i.content_text) : undefined),
            summary: i.summary,
          }),
        ),
      };
    }
  }
}

/** What the bytes were instead of a feed, in a few words for `/feed list`. */
function whyNotAFeed(text: string, err: unknown): string {
  const start = text.slice(0, 1000).trimStart().toLowerCase();
  if (!start) return 'not a feed: the response was empty';
  if (/^(<!doctype html|<html[\s>])/.test(start) || (/<html[\s>]/.test(start) && !/<(rss|feed|rdf:rdf)[\s>]/.test(start)))
    return 'not a feed: an HTML page (look for the site’s RSS or Atom link)';
  if (err instanceof MalformedError) return 'malformed feed: the XML or JSON is broken';
  if (err instanceof DetectError) {
    return start.startsWith('<') || start.startsWith('{')
      ? 'not a feed: neither RSS, Atom nor JSON Feed'
      : 'not a feed: the response is not XML or JSON';
  }
  return `not a feed: ${(err as Error).message.slice(0, 120)}`;
}

interface RawEntry {
  guid?: string;
  url?: string;
  title?: string;
  published?: string;
  updated?: string;
  author?: string;
  content?: string;
  summary?: string;
}

function entry(r: RawEntry): FeedEntry {
  const e: FeedEntry = { title: plain(r.title) ?? '' };
  const guid = r.guid?.trim();
  if (guid) e.guid = guid.slice(0, 1000);
  if (r.url) e.url = r.url;
  const published = isoDate(r.published);
  if (published) e.published = published;
  const updated = isoDate(r.updated);
  if (updated) e.updated = updated;
  const author = plain(r.author);
  if (author) e.author = author.slice(0, 200);
  if (r.content?.trim()) e.content = r.content;
  if (r.summary?.trim()) e.summary = r.summary;
  return e;
}

/** The `alternate` link (or the first one without a rel) of an Atom element. */
function alternate(links: readonly { href?: string; rel?: string }[] | undefined): string | undefined {
  return (links?.find((l) => l.rel === 'alternate') ?? links?.find((l) => !l.rel))?.href;
}

/** An http(s) address resolved against base; anything else (javascript:, mailto:, junk) is dropped. */
export function absolute(href: string | undefined, base: string): string | undefined {
  const h = href?.trim();
  if (!h) return undefined;
  try {
    const u = new URL(h, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** A feed's date (RFC 822 in RSS, RFC 3339 elsewhere) as an ISO timestamp; not a date → undefined. */
export function isoDate(raw: string | undefined): string | undefined {
  if (!raw?.trim()) return undefined;
  const t = Date.parse(raw.trim());
  if (!Number.isFinite(t)) return undefined;
  const d = new Date(t);
  // A year outside this range is a typo or a placeholder, not a publication date.
  const y = d.getUTCFullYear();
  return y < 1900 || y > 2200 ? undefined : d.toISOString().replace('.000Z', 'Z');
}

/** Text that may hold markup or entities → plain text on one line. */
export function plain(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const text = /[<&]/.test(s) ? (parseHTML(`<!doctype html><html><body><p>${s}</p></body></html>`).document.body?.textContent ?? '') : s;
  const out = text.replace(/\s+/g, ' ').trim();
  return out || undefined;
}

/** Plain text as HTML paragraphs, so every item body is read by the one HTML block reader. */
function escapeText(s: string): string {
  return s
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`)
    .join('');
}
