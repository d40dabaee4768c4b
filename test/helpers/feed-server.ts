/**
 * A web server on 127.0.0.1 for feed tests: each path serves what the test sets (a feed, an
 * article page, an error, a redirect loop, a gzip bomb, a body that never ends), answers
 * conditional requests with 304 when the ETag matches, and counts requests and full bodies sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export type Route =
  | { body: string | Buffer; type?: string; etag?: string; lastModified?: string; status?: number; headers?: Record<string, string> }
  | { redirect: string }
  | { gzipBomb: number }
  | { hang: true }
  | { endless: true };

export class FeedServer {
  readonly routes = new Map<string, Route>();
  /** Requests per path, and how many of them were answered with a full body (not a 304). */
  readonly hits = new Map<string, { requests: number; bodies: number; notModified: number }>();
  private server?: http.Server;
  private readonly open = new Set<http.ServerResponse>();
  base = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  url(p: string): string {
    return `${this.base}${p}`;
  }

  set(p: string, route: Route): void {
    this.routes.set(p, route);
  }

  count(p: string): { requests: number; bodies: number; notModified: number } {
    return this.hits.get(p) ?? { requests: 0, bodies: 0, notModified: 0 };
  }

  async stop(): Promise<void> {
    for (const r of this.open) r.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const p = new URL(req.url ?? '/', this.base).pathname;
    const hit = this.hits.get(p) ?? { requests: 0, bodies: 0, notModified: 0 };
    hit.requests++;
    this.hits.set(p, hit);
    const route = this.routes.get(p);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such page');
      return;
    }
    if ('redirect' in route) {
      res.writeHead(302, { location: route.redirect }).end();
      return;
    }
    if ('hang' in route) {
      this.open.add(res);
      return;
    }
    if ('endless' in route) {
      this.open.add(res);
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.write('<rss version="2.0"><channel><title>');
      pump();
      return;
    }
    if ('gzipBomb' in route) {
      // A small compressed body that inflates to gzipBomb bytes.
      const body = zlib.gzipSync(Buffer.alloc(route.gzipBomb, ' '));
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(body);
      return;
    }
    if (route.etag && req.headers['if-none-match'] === route.etag) {
      hit.notModified++;
      res.writeHead(304, { etag: route.etag }).end();
      return;
    }
    hit.bodies++;
    const headers: Record<string, string> = { 'content-type': route.type ?? 'application/rss+xml; charset=utf-8', ...route.headers };
    if (route.etag) headers.etag = route.etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    res.writeHead(route.status ?? 200, headers).end(route.body);
  }
}

export interface TestItem {
  id: string;
  title: string;
  link?: string;
  date?: string;
  author?: string;
  content?: string;
  summary?: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function rss(title: string, site: string, items: TestItem[]): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title>${i.link ? `<link>${esc(i.link)}</link>` : ''}<guid isPermaLink="false">${esc(i.id)}</guid>` +
        `${i.date ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : ''}${i.author ? `<author>${esc(i.author)}</author>` : ''}` +
        `${i.summary ? `<description>${esc(i.summary)}</description>` : ''}` +
        `${i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${esc(title)}</title><link>${esc(site)}</link><description>test</description>
${body}
</channel></rss>`;
}

export function atom(title: string, site: string, items: TestItem[]): string {
  const body = items
    .map(
      (i) =>
        `<entry><title>${esc(i.title)}</title>${i.link ? `<link rel="alternate" href="${esc(i.link)}"/>` : ''}<id>${esc(i.id)}</id>` +
        `<updated>${i.date ?? '2026-01-01T00:00:00Z'}</updated>${i.author ? `<author><name>${esc(i.author)}</name></author>` : ''}` +
        `${i.summary ? `<summary>${esc(i.summary)}</summary>` : ''}${i.content ? `<content type="html">${esc(i.content)}</content>` : ''}</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(title)}</title><link rel="alternate" href="${esc(site)}"/><id>urn:test:${esc(title)}</id><updated>2026-01-01T00:00:00Z</updated>
${body}
</feed>`;
}

export function jsonFeed(title: string, site: string, items: TestItem[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    home_page_url: site,
    items: items.map((i) => ({
      id: i.id,
      url: i.link,
      title: i.title,
      content_html: i.content,
      summary: i.summary,
      date_published: i.date,
      authors: i.author ? [{ name: i.author }] : undefined,
    })),
  });
}

/** An article page that Readability reads as one. */
export function articlePage(title: string, paragraphs: string[], canonical?: string): string {
  return `<!doctype html><html><head><title>${esc(title)}</title>${canonical ? `<link rel="canonical" href="${esc(canonical)}">` : ''}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>${esc(title)}</h1>
${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article><footer>Copyright</footer></body></html>`;
}
