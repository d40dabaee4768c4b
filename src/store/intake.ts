/**
 * Where a new document's bytes come from: a link (read like an `.html` document, its URL kept as
 * the citation's `url`), a Discord attachment, or a file on the machine (the console only).
 * Everything fetched goes through safeFetch's caps and address rules.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkUrl, FetchError, safeFetch, type SafeFetchOptions } from '../fetch/index.js';
import type { NewDocument } from './index.js';

/** The fetch settings of the running configuration (see fetchDefaults). */
export type FetchSettings = Required<Pick<SafeFetchOptions, 'maxBytes' | 'timeoutMs' | 'maxRedirects' | 'allowPrivate'>>;

export interface IntakeOptions {
  fetch: FetchSettings;
  /** MAX_DOC_BYTES: no document larger is fetched or read. */
  maxDocBytes: number;
  /**
   * DISCORD_API, when Discord is reached somewhere else (the tests' fake): attachments served
   * from its host are Discord's own and may be fetched from it even on a private address.
   */
  discordApi?: string;
}

/** Discord's hosts for attachments. */
const DISCORD_CDN = new Set(['cdn.discordapp.com', 'media.discordapp.net']);

const PAGE_TYPES = ['text/html', 'application/xhtml+xml'];

export class IntakeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'IntakeError';
  }
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The charset a page declares in its own markup (`<meta charset>`), read from its first bytes. */
function declaredCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 2048).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

function decode(bytes: Buffer, charset: string | undefined): string {
  for (const label of [charset, declaredCharset(bytes), 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown label: try the next one.
    }
  }
  return bytes.toString('utf8');
}

/**
 * The page with its address written in as `og:url` (first in the head, so the HTML reader takes
 * it as the citation's url), any other og:url dropped, stored as UTF-8.
 */
export function pageWithUrl(html: string, url: string): string {
  const tag = `<meta property="og:url" content="${escapeAttribute(url)}">`;
  const cleaned = html
    .replace(/<meta[^>]+property\s*=\s*["']og:url["'][^>]*>/gi, '')
    .replace(/<meta[^>]+charset\s*=\s*["']?[\w-]+["']?[^>]*>/gi, '<meta charset="utf-8">');
  const head = /<head(\s[^>]*)?>/i.exec(cleaned);
  if (head) return cleaned.slice(0, head.index + head[0].length) + tag + cleaned.slice(head.index + head[0].length);
  return `${tag}\n${cleaned}`;
}

/** A readable file name for a page: its host and the last words of its path. */
export function pageName(url: URL): string {
  const words = url.pathname
    .split('/')
    .filter(Boolean)
    .slice(-2)
    .join('-')
    .replace(/\.(s?html?|php|aspx?)$/i, '');
  return `${url.hostname.replace(/^www\./, '')}${words ? `-${words}` : ''}.html`;
}

/** An article page from a link. Throws FetchError (its reason is for the member). */
export async function fromLink(link: string, opts: IntakeOptions, by?: string): Promise<NewDocument> {
  const url = checkUrl(link);
  const page = await safeFetch(url.href, {
    ...opts.fetch,
    maxBytes: Math.min(opts.fetch.maxBytes, opts.maxDocBytes),
    accept: PAGE_TYPES,
    acceptName: 'a web page',
  });
  const finalUrl = new URL(page.url);
  const html = pageWithUrl(decode(page.body, page.charset), finalUrl.href);
  return { bytes: Buffer.from(html, 'utf8'), name: pageName(finalUrl), folder: 'added', origin: { url: finalUrl.href, by } };
}

/** A file attached in Discord. Only Discord's own hosts are fetched from. */
export async function fromAttachment(link: string, opts: IntakeOptions, by?: string): Promise<NewDocument> {
  const url = checkUrl(link);
  let own: string | undefined;
  try {
    own = opts.discordApi ? new URL(opts.discordApi).host : undefined;
  } catch {
    own = undefined;
  }
  const fromFake = own !== undefined && url.host === own;
  if (!DISCORD_CDN.has(url.hostname) && !fromFake) throw new IntakeError('refused: that attachment is not on Discord');
  const file = await safeFetch(url.href, { ...opts.fetch, maxBytes: opts.maxDocBytes, allowPrivate: opts.fetch.allowPrivate || fromFake });
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? '') || 'attachment';
  return { bytes: file.body, name, folder: 'added', origin: { by } };
}

/** A file on this machine: only ever for the console, whose user runs the bot. */
export async function fromPath(file: string, opts: IntakeOptions): Promise<NewDocument> {
  const full = path.resolve(file);
  const stat = await fs.stat(full).catch(() => undefined);
  if (!stat) throw new IntakeError(`no such file: ${file.slice(0, 200)}`);
  if (!stat.isFile()) throw new IntakeError(`not a file: ${file.slice(0, 200)}`);
  if (stat.size > opts.maxDocBytes)
    throw new IntakeError(`too large: over the ${opts.maxDocBytes.toLocaleString('en')} bytes of MAX_DOC_BYTES`);
  return { bytes: await fs.readFile(full), name: path.basename(full), folder: 'added', origin: { by: 'console' } };
}

/** The reason to show for a failed intake; anything unexpected is rethrown (a bug, with its error id). */
export function intakeReason(err: unknown): string {
  if (err instanceof FetchError || err instanceof IntakeError) return err.reason;
  throw err;
}
