/**
 * Fetching from the open web, safely: `/add url:` and the feeds read pages and feeds that anyone
 * can point the bot at, so every request is capped in time and size and may not reach private
 * addresses (unless FETCH_ALLOW_PRIVATE, for tests and intranets).
 *
 * - http(s) only; redirects followed by hand, at most `maxRedirects`, each hop checked again.
 * - One time cap over the whole exchange (DNS, connect, redirects, body).
 * - One byte cap on the body *as decoded* (gzip, deflate, br): the stream is cut at the cap, never
 *   buffered whole, so neither a 1 GB body nor a gzip bomb costs more than the cap.
 * - The address checked is the one actually connected to: a custom `lookup` filters what DNS
 *   returns (so a name that resolves to a private address, or rebinds to one, is never dialled),
 *   literal IP hosts are checked before connecting, and the socket's remote address after.
 * - Failures are one error type, `FetchError`, whose `reason` is short and fit for a reply.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { getConfig, type Config } from '../config.js';
import { isPrivateAddress } from './address.js';

export { isPrivateAddress } from './address.js';

/** What went wrong, for callers that act on it (the feeds back off on `http` and `timeout`). */
export type FetchErrorKind = 'url' | 'private' | 'dns' | 'connect' | 'timeout' | 'too-large' | 'type' | 'http' | 'redirects' | 'encoding';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    /** Short and safe to show a member: no stack, no internals. */
    readonly reason: string,
    /** The HTTP status, for kind 'http'. */
    readonly status?: number,
    /** Seconds the server asked to wait (Retry-After on 429/503), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(reason);
    this.name = 'FetchError';
  }
}

export interface SafeFetchOptions {
  /** Request headers (e.g. If-None-Match, If-Modified-Since). Host and Accept-Encoding are ours. */
  headers?: Record<string, string>;
  /**
   * Media types the caller can use (`text/html`, `application/*`); anything else is refused
   * before its body is read. Absent: any type.
   */
  accept?: readonly string[];
  /** How the refusal names what was expected: "not a web page: application/zip". */
  acceptName?: string;
  /** Cap on the decoded body (default FETCH_MAX_BYTES). */
  maxBytes?: number;
  /** Cap on the whole exchange, redirects included (default FETCH_TIMEOUT_SECONDS). */
  timeoutMs?: number;
  /** Redirects followed before giving up (default FETCH_MAX_REDIRECTS). */
  maxRedirects?: number;
  /** Allow private, loopback and link-local addresses (default FETCH_ALLOW_PRIVATE). */
  allowPrivate?: boolean;
  /** Stops the fetch early (e.g. the bot shutting down). */
  signal?: AbortSignal;
}

export interface FetchResult {
  /** 2xx, or 304 when a conditional request found nothing new (then `body` is empty). */
  status: number;
  /** The URL after redirects: the one to cite. */
  url: string;
  /** Response headers, names in lower case (etag, last-modified, retry-after, …). */
  headers: Record<string, string>;
  /** The media type without parameters, lower case (`text/html`); '' when the server sent none. */
  contentType: string;
  /** The charset parameter of Content-Type, when given. */
  charset?: string;
  /** The decoded body. */
  body: Buffer;
}

/** The fetch settings of a configuration, as safeFetch's defaults. */
export function fetchDefaults(
  config: Config,
): Required<Pick<SafeFetchOptions, 'maxBytes' | 'timeoutMs' | 'maxRedirects' | 'allowPrivate'>> {
  return {
    maxBytes: config.fetchMaxBytes,
    timeoutMs: config.fetchTimeoutSeconds * 1000,
    maxRedirects: config.fetchMaxRedirects,
    allowPrivate: config.fetchAllowPrivate,
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'factdesk (+https://github.com/factdesk; a bot that cites news documents)';
/** Special-use names for local networks (RFC 6761, 6762, 8375; `.internal`, `.lan` by custom). */
const LOCAL_NAMES = /(^|\.)(localhost|local|internal|lan|home\.arpa)$/;
/** Names reserved never to resolve on the internet (RFC 2606, 6761). */
const NEVER_NAMES = /(^|\.)(test|invalid|example)$/;
/** Headers not carried to another origin on a redirect. */
const ORIGIN_BOUND = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** "10 MB", "512 KB", "900 bytes": a cap as a member reads it. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

function formatSeconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`;
}

/** Parses and checks a link: http(s), a host, no credentials. */
export function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FetchError('url', 'not a link: expected http:// or https://');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('url', `refused: only http and https links (got ${url.protocol.replace(/:$/, '')})`);
  }
  if (url.username || url.password) throw new FetchError('url', 'refused: links with a user name or password');
  if (!url.hostname) throw new FetchError('url', 'not a link: no host');
  return url;
}

/** The host as `net` expects it: IPv6 literals without their brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * dns.lookup with private answers removed. Node calls it with `all: true` when it may try several
 * addresses (autoSelectFamily): then only the public ones are handed back.
 */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const allowed = addresses.filter((a) => !isPrivateAddress(a.address));
    if (allowed.length === 0) {
      const refused = Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EFACTDESKPRIVATE' });
      return callback(refused, []);
    }
    if (options.all) return callback(null, allowed);
    callback(null, allowed[0].address, allowed[0].family);
  });
}

/** A decoder chain for Content-Encoding (`gzip`, `deflate`, `br`, `identity`, or a list of them). */
function decoders(encoding: string | undefined): Transform[] {
  const codings = (encoding ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity');
  // Applied in the order listed, so decoded in reverse.
  return codings.reverse().map((c) => {
    if (c === 'gzip' || c === 'x-gzip' || c === 'deflate') return zlib.createUnzip();
    if (c === 'br') return zlib.createBrotliDecompress();
    throw new FetchError('encoding', `unsupported content encoding: ${c.slice(0, 40)}`);
  });
}

function mediaType(header: string | undefined): { type: string; charset?: string } {
  if (!header) return { type: '' };
  const [type, ...params] = header.split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1]).find(Boolean);
  return { type: type.trim().toLowerCase(), charset: charset?.toLowerCase() };
}

function accepted(type: string, accept: readonly string[]): boolean {
  return accept.some((a) => {
    const want = a.toLowerCase();
    return want.endsWith('/*') ? type.startsWith(want.slice(0, -1)) : type === want;
  });
}

/** Retry-After as seconds: a number of seconds or an HTTP date. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now) / 1000));
}

function headerRecord(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function connectError(err: NodeJS.ErrnoException, host: string): FetchError {
  if (err instanceof FetchError) return err;
  if (err.code === 'EFACTDESKPRIVATE') return new FetchError('private', 'refused: private address');
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'ENODATA') {
    return new FetchError('dns', `not found: no such host ${host.slice(0, 100)}`);
  }
  if (err.code === 'ECONNREFUSED') return new FetchError('connect', `unreachable: ${host.slice(0, 100)} refused the connection`);
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return new FetchError('connect', 'unreachable: the connection was cut');
  if (err.code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(err.message)) {
    return new FetchError('connect', 'unreachable: the secure connection failed (certificate)');
  }
  return new FetchError('connect', `unreachable: ${err.code ?? 'connection failed'}`);
}

interface Hop {
  status: number;
  headers: http.IncomingHttpHeaders;
  response: http.IncomingMessage;
}

/**
 * Fetches `url` with GET. Resolves with the final response (2xx or 304) and its decoded body;
 * rejects with a FetchError for anything else (including 4xx/5xx: `status`, `retryAfterSeconds`).
 */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<FetchResult> {
  const defaults = fetchDefaults(getConfig());
  const maxBytes = options.maxBytes ?? defaults.maxBytes;
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const maxRedirects = options.maxRedirects ?? defaults.maxRedirects;
  const allowPrivate = options.allowPrivate ?? defaults.allowPrivate;

  // One controller for the whole exchange: the time cap and the caller's signal both abort it.
  const controller = new AbortController();
  const timeoutError = new FetchError('timeout', `timed out after ${formatSeconds(timeoutMs)}`);
  const timer = setTimeout(() => controller.abort(timeoutError), timeoutMs);
  const onAbort = () => controller.abort(new FetchError('timeout', 'stopped'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const aborted = () => {
    const reason: unknown = controller.signal.reason;
    return reason instanceof FetchError ? reason : timeoutError;
  };

  try {
    let current = checkUrl(url);
    let headers = { ...options.headers };
    for (let hop = 0; ; hop++) {
      const { status, headers: responseHeaders, response } = await request(current, headers, allowPrivate, controller.signal, aborted);
      if (REDIRECTS.has(status)) {
        response.resume();
        const location = responseHeaders.location;
        if (!location) throw new FetchError('http', `HTTP ${status} without a Location`, status);
        if (hop >= maxRedirects) throw new FetchError('redirects', `too many redirects (over ${maxRedirects})`);
        let next: URL;
        try {
          next = checkUrl(new URL(location, current).href);
        } catch (err) {
          if (err instanceof FetchError) throw new FetchError(err.kind, `redirect ${err.reason}`);
          throw err;
        }
        if (next.origin !== current.origin)
          headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !ORIGIN_BOUND.has(k.toLowerCase())));
        current = next;
        continue;
      }
      const record = headerRecord(responseHeaders);
      if (status === 304) {
        response.resume();
        return { status, url: current.href, headers: record, contentType: mediaType(record['content-type']).type, body: Buffer.alloc(0) };
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw new FetchError('http', `HTTP ${status}`, status, retryAfterSeconds(record['retry-after']));
      }
      const { type, charset } = mediaType(record['content-type']);
      if (options.accept && !accepted(type, options.accept)) {
        response.destroy();
        throw new FetchError('type', `not ${options.acceptName ?? 'an accepted type'}: ${type.slice(0, 80) || 'no content type'}`);
      }
      const declared = Number(record['content-length']);
      if (!record['content-encoding'] && Number.isFinite(declared) && declared > maxBytes) {
        response.destroy();
        throw new FetchError('too-large', `too large: over ${formatBytes(maxBytes)}`);
      }
      const body = await readCapped(response, record['content-encoding'], maxBytes, controller.signal, aborted);
      return { status, url: current.href, headers: record, contentType: type, charset, body };
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** One request, no redirects followed: resolves at the response's headers. */
function request(
  url: URL,
  headers: Record<string, string>,
  allowPrivate: boolean,
  signal: AbortSignal,
  aborted: () => FetchError,
): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    if (signal.aborted) return reject(aborted());
    const host = bareHost(url);
    // A literal IP is connected to without a lookup: check it here.
    if (!allowPrivate && net.isIP(host) && isPrivateAddress(host)) {
      return reject(new FetchError('private', 'refused: private address'));
    }
    // Names that are local by definition are refused, and names that never exist are not looked up.
    const name = host.toLowerCase().replace(/\.$/, '');
    if (!allowPrivate && LOCAL_NAMES.test(name)) return reject(new FetchError('private', 'refused: private address'));
    if (NEVER_NAMES.test(name)) return reject(new FetchError('dns', `not found: no such host ${name.slice(0, 100)}`));
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'GET',
      agent: false, // a fresh socket per request: a kept-alive one would skip the checks above
      headers: { 'user-agent': USER_AGENT, accept: '*/*', ...headers, 'accept-encoding': 'gzip, deflate, br' },
      signal,
      ...(allowPrivate ? {} : { lookup: guardedLookup }),
    });
    req.on('socket', (socket) => {
      // The address actually connected to, whatever resolved it.
      socket.once('connect', () => {
        const remote = socket.remoteAddress;
        if (!allowPrivate && remote && isPrivateAddress(remote)) req.destroy(new FetchError('private', 'refused: private address'));
      });
    });
    req.on('response', (response) => resolve({ status: response.statusCode ?? 0, headers: response.headers, response }));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (signal.aborted) return reject(aborted());
      reject(connectError(err, host));
    });
    req.end();
  });
}

/** Reads the body through its decoders, cutting everything at `maxBytes` decoded bytes. */
function readCapped(
  response: http.IncomingMessage,
  encoding: string | undefined,
  maxBytes: number,
  signal: AbortSignal,
  aborted: () => FetchError,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    let chain: Transform[];
    try {
      chain = decoders(encoding);
    } catch (err) {
      response.destroy();
      return reject(err instanceof Error ? err : new FetchError('encoding', 'unsupported content encoding'));
    }
    const streams: Readable[] = [response, ...chain];
    let source: Readable = response;
    for (const d of chain) source = source.pipe(d);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | undefined, body?: Buffer) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      if (err) {
        for (const s of streams) s.destroy();
        reject(err);
      } else resolve(body!);
    };
    const onAbort = () => finish(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Checked per decoded chunk, before keeping it: memory never holds more than the cap and a chunk.
      if (size > maxBytes) return finish(new FetchError('too-large', `too large: over ${formatBytes(maxBytes)}`));
      chunks.push(chunk);
    });
    source.on('end', () => finish(undefined, Buffer.concat(chunks)));
    for (const s of streams) {
      s.on('error', (err: NodeJS.ErrnoException) => {
        if (signal.aborted) return finish(aborted());
        if (s !== response) return finish(new FetchError('encoding', 'broken compressed body'));
        finish(connectError(err, ''));
      });
    }
    response.on('aborted', () => finish(new FetchError('connect', 'unreachable: the connection was cut')));
  });
}
