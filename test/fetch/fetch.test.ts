/**
 * safeFetch against a server of our own on 127.0.0.1: caps (time, bytes after decoding), redirects,
 * content types, conditional requests, errors a member can read — and the private-address refusal,
 * which must hold for 127.0.0.1 itself unless allowPrivate is given.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, checkUrl, isPrivateAddress, retryAfterSeconds, safeFetch } from '../../src/fetch/index.js';

const PAGE = '<html><head><title>Harbour report</title></head><body><p>The ferry to Tollmark resumed on Tuesday.</p></body></html>';

let server: http.Server;
let base = '';
let requests = 0;
/** Bytes the endless route managed to write before the client hung up. */
let endlessWritten = 0;
let endlessClosed: Promise<void> = Promise.resolve();

function routes(req: http.IncomingMessage, res: http.ServerResponse): void {
  requests++;
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/page':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v7"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' });
      return void res.end(PAGE);
    case '/conditional':
      if (req.headers['if-none-match'] === '"v7"') return void res.writeHead(304, { etag: '"v7"' }).end();
      res.writeHead(200, { 'content-type': 'text/html', etag: '"v7"' });
      return void res.end(PAGE);
    case '/gzip':
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      return void res.end(zlib.gzipSync(PAGE));
    case '/br':
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' });
      return void res.end(zlib.brotliCompressSync(PAGE));
    case '/deflate':
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' });
      return void res.end(zlib.deflateSync(PAGE));
    case '/zip':
      res.writeHead(200, { 'content-type': 'application/zip' });
      return void res.end(Buffer.alloc(100));
    case '/bomb': {
      // 16 MB of zeros compress to ~16 KB: the decoded size is what must be capped.
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      return void res.end(zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024)));
    }
    case '/endless': {
      // A body that would go on for 1 GB: written as fast as the client reads, until it hangs up.
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      endlessWritten = 0;
      endlessClosed = new Promise((resolve) => res.on('close', resolve));
      const pump = () => {
        while (endlessWritten < 1024 ** 3 && !res.destroyed) {
          endlessWritten += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    case '/declared-large':
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) });
      return void res.write('<p>');
    case '/slow':
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.write('<p>the rest never comes');
    case '/hop': {
      const n = Number(url.searchParams.get('n'));
      if (n > 0) return void res.writeHead(302, { location: `/hop?n=${n - 1}` }).end();
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end(PAGE);
    }
    case '/loop':
      return void res.writeHead(301, { location: '/loop' }).end();
    case '/to-file':
      return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    case '/busy':
      return void res.writeHead(429, { 'retry-after': '120' }).end();
    case '/echo':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(req.headers));
    default:
      return void res.writeHead(404).end('no');
  }
}

beforeAll(async () => {
  server = http.createServer(routes);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const local = { allowPrivate: true, timeoutMs: 5000, maxBytes: 1024 * 1024 };

async function failure(p: Promise<unknown>): Promise<FetchError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}

describe('isPrivateAddress', () => {
  it('refuses loopback, private, CGNAT, link-local, unspecified, multicast and reserved IPv4', () => {
    for (const ip of ['127.0.0.1', '127.8.9.10', '10.4.4.4', '172.16.0.1', '172.31.255.255', '192.168.7.7', '100.64.0.1', '100.127.1.1']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['169.254.169.254', '0.0.0.0', '224.0.0.9', '255.255.255.255', '198.18.3.3'])
      expect(isPrivateAddress(ip), ip).toBe(true);
  });

  it('refuses IPv6 loopback, unspecified, unique-local, link-local and the IPv4 forms that embed a private address', () => {
    for (const ip of [
      '::1',
      '::',
      'fd12:3456::1',
      'fc00::7',
      'fe80::1%eth0',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.1.2.3',
    ]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['64:ff9b::a9fe:a9fe', '2002:c0a8:0101::1', '::127.0.0.1']) expect(isPrivateAddress(ip), ip).toBe(true);
  });

  it('lets public addresses through, including their IPv4-mapped forms', () => {
    for (const ip of [
      '93.184.216.34',
      '8.8.4.4',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700::1111',
      '::ffff:93.184.216.34',
      '2002:5db8:d822::1',
    ]) {
      expect(isPrivateAddress(ip), ip).toBe(false);
    }
  });

  it('treats anything that is not an address as private', () => {
    expect(isPrivateAddress('example.org')).toBe(true);
  });
});

describe('checkUrl', () => {
  it('takes http and https links only, without credentials', () => {
    expect(checkUrl(' https://example.org/a ').href).toBe('https://example.org/a');
    expect(() => checkUrl('ftp://example.org/f')).toThrow(/only http and https/);
    expect(() => checkUrl('javascript:alert(1)')).toThrow(/only http and https/);
    expect(() => checkUrl('https://u:p@example.org/')).toThrow(/user name or password/);
    expect(() => checkUrl('not a link')).toThrow(/not a link/);
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterSeconds('90')).toBe(90);
    expect(retryAfterSeconds('Wed, 02 Dec 2026 10:00:30 GMT', Date.parse('2026-12-02T10:00:00Z'))).toBe(30);
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });
});

describe('safeFetch', () => {
  it('refuses 127.0.0.1, localhost and ::1 without allowPrivate, before any request reaches the server', async () => {
    const before = requests;
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '[::ffff:127.0.0.1]']) {
      const url = base.replace('127.0.0.1', host) + '/page';
      const err = await failure(safeFetch(url, { allowPrivate: false, timeoutMs: 5000 }));
      expect(err.kind, host).toBe('private');
      expect(err.reason).toBe('refused: private address');
    }
    expect(requests).toBe(before);
  });

  it('refuses local names without looking them up, and never looks up names reserved not to exist', async () => {
    for (const url of ['http://printer.local/', 'http://db.internal:5432/', 'http://app.localhost/', 'http://nas.home.arpa/']) {
      expect((await failure(safeFetch(url, { allowPrivate: false, timeoutMs: 2000 }))).kind, url).toBe('private');
    }
    for (const url of ['https://news.test/a', 'https://x.invalid/', 'http://example/']) {
      const err = await failure(safeFetch(url, { allowPrivate: true, timeoutMs: 2000 }));
      expect(err.kind, url).toBe('dns');
      expect(err.reason).toMatch(/^not found: no such host/);
    }
  });

  it('returns status, final URL, headers, content type, charset and body', async () => {
    const r = await safeFetch(`${base}/page`, { ...local, accept: ['text/html'] });
    expect(r.status).toBe(200);
    expect(r.url).toBe(`${base}/page`);
    expect(r.contentType).toBe('text/html');
    expect(r.charset).toBe('utf-8');
    expect(r.headers.etag).toBe('"v7"');
    expect(r.headers['last-modified']).toMatch(/2026/);
    expect(r.body.toString()).toBe(PAGE);
  });

  it('passes the caller’s headers and answers a conditional request with 304 and no body', async () => {
    const echoed = await safeFetch(`${base}/echo`, { ...local, headers: { 'If-Modified-Since': 'Mon, 30 Nov 2026 08:00:00 GMT' } });
    expect(JSON.parse(echoed.body.toString())['if-modified-since']).toBe('Mon, 30 Nov 2026 08:00:00 GMT');
    const fresh = await safeFetch(`${base}/conditional`, { ...local, headers: { 'If-None-Match': '"v6"' } });
    expect(fresh.status).toBe(200);
    const same = await safeFetch(`${base}/conditional`, { ...local, headers: { 'If-None-Match': '"v7"' } });
    expect(same.status).toBe(304);
    expect(same.body.length).toBe(0);
    expect(same.headers.etag).toBe('"v7"');
  });

  it('decodes gzip, deflate and br', async () => {
    for (const path of ['/gzip', '/deflate', '/br']) {
      const r = await safeFetch(base + path, local);
      expect(r.body.toString(), path).toBe(PAGE);
    }
  });

  it('cuts a gzip bomb at the cap on decoded bytes', async () => {
    const err = await failure(safeFetch(`${base}/bomb`, { ...local, maxBytes: 2 * 1024 * 1024 }));
    expect(err.kind).toBe('too-large');
    expect(err.reason).toBe('too large: over 2 MB');
  });

  it('cuts a 1 GB body at the cap and hangs up, without reading it all', async () => {
    const err = await failure(safeFetch(`${base}/endless`, { ...local, maxBytes: 1024 * 1024 }));
    expect(err.reason).toBe('too large: over 1 MB');
    await endlessClosed;
    // What the server got out before the hang-up: the cap plus socket buffers, far from 1 GB.
    expect(endlessWritten).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a declared length over the cap before reading', async () => {
    const err = await failure(safeFetch(`${base}/declared-large`, local));
    expect(err.kind).toBe('too-large');
  });

  it('gives up after the time cap', async () => {
    const err = await failure(safeFetch(`${base}/slow`, { ...local, timeoutMs: 300 }));
    expect(err.kind).toBe('timeout');
    expect(err.reason).toBe('timed out after 0.3 s');
  });

  it('follows redirects up to the limit and reports the final URL', async () => {
    const r = await safeFetch(`${base}/hop?n=2`, { ...local, maxRedirects: 2 });
    expect(r.url).toBe(`${base}/hop?n=0`);
    const err = await failure(safeFetch(`${base}/hop?n=3`, { ...local, maxRedirects: 2 }));
    expect(err.reason).toBe('too many redirects (over 2)');
    expect((await failure(safeFetch(`${base}/loop`, local))).kind).toBe('redirects');
  });

  it('checks every hop: a redirect to a file: link is refused', async () => {
    const err = await failure(safeFetch(`${base}/to-file`, local));
    expect(err.reason).toMatch(/^redirect refused: only http and https/);
  });

  it('refuses a type the caller does not accept, naming it', async () => {
    const err = await failure(
      safeFetch(`${base}/zip`, { ...local, accept: ['text/html', 'application/xhtml+xml'], acceptName: 'a web page' }),
    );
    expect(err.kind).toBe('type');
    expect(err.reason).toBe('not a web page: application/zip');
    const any = await safeFetch(`${base}/zip`, { ...local, accept: ['application/*'] });
    expect(any.body.length).toBe(100);
  });

  it('reports HTTP errors by status, with Retry-After when the server gave one', async () => {
    const missing = await failure(safeFetch(`${base}/nothing-here`, local));
    expect(missing.reason).toBe('HTTP 404');
    expect(missing.status).toBe(404);
    const busy = await failure(safeFetch(`${base}/busy`, local));
    expect(busy.status).toBe(429);
    expect(busy.retryAfterSeconds).toBe(120);
  });

  it('reports a closed port as unreachable, not as a crash', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await failure(safeFetch(`http://127.0.0.1:${port}/`, local));
    expect(err.kind).toBe('connect');
    expect(err.reason).toMatch(/^unreachable/);
  });
});
