/**
 * HTML articles: the text a reader view would show (Mozilla Readability over linkedom),
 * turned into blocks: `# ` headings, `• ` list items, paragraphs split by blank lines.
 * Scripts, styles and navigation never reach the text.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlArticle {
  title?: string;
  published?: string;
  source?: string;
  url?: string;
  author?: string;
  body: string;
}

const BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,blockquote,pre,figcaption,dd,dt,td';

function metaContent(doc: Document, selectors: string[]): string | undefined {
  for (const sel of selectors) {
    const el = doc.querySelector(sel);
    const v = el?.getAttribute('content') ?? el?.getAttribute('datetime') ?? undefined;
    if (v && v.trim()) return v.trim();
  }
  return undefined;
}

function jsonLdField(doc: Document, field: string): string | undefined {
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      const data: unknown = JSON.parse(s.textContent ?? '');
      const items = Array.isArray(data) ? data : [data];
      for (const item of items) {
        const v = item && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
        if (typeof v === 'string' && v.trim()) return v.trim();
      }
    } catch {
      // Broken JSON-LD is common and harmless: the field is just unknown.
    }
  }
  return undefined;
}

function squash(text: string): string {
  return text.replace(/[ \t\r\n\f]+/g, ' ').trim();
}

export function readHtml(html: string): HtmlArticle {
  const { document } = parseHTML(html);
  // Read metadata before Readability, which mutates the document.
  const published =
    metaContent(document, [
      'meta[property="article:published_time"]',
      'meta[name="article:published_time"]',
      'meta[itemprop="datePublished"]',
      'meta[name="date"]',
      'meta[name="pubdate"]',
      'meta[name="DC.date.issued"]',
      'time[datetime]',
    ]) ?? jsonLdField(document, 'datePublished');
  const source = metaContent(document, ['meta[property="og:site_name"]', 'meta[name="application-name"]']);
  const url =
    metaContent(document, ['meta[property="og:url"]']) ??
    document.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    undefined;
  const author = metaContent(document, ['meta[name="author"]', 'meta[property="article:author"]']);
  const ogTitle = metaContent(document, ['meta[property="og:title"]']);

  for (const el of Array.from(document.querySelectorAll('script,style,noscript,template,iframe'))) el.remove();

  let contentHtml: string | undefined;
  let title: string | undefined;
  try {
    const article = new Readability(document, { charThreshold: 100 }).parse();
    contentHtml = article?.content ?? undefined;
    title = article?.title ? squash(article.title) : undefined;
  } catch {
    contentHtml = undefined;
  }
  const { document: content } = parseHTML(`<!doctype html><html><body>${contentHtml ?? document.body?.innerHTML ?? ''}</body></html>`);
  const lines: string[] = [];
  for (const el of Array.from(content.querySelectorAll(BLOCKS))) {
    // Only innermost blocks, so that a <li><p>…</p></li> is not read twice.
    if (el.querySelector(BLOCKS)) continue;
    const text = squash(el.textContent ?? '');
    if (!text) continue;
    const tag = el.tagName.toLowerCase();
    if (/^h[1-6]$/.test(tag)) lines.push(`# ${text}`);
    else if (tag === 'li') lines.push(`• ${text}`);
    else lines.push(text);
  }
  if (lines.length === 0) {
    const text = squash(content.body?.textContent ?? '');
    if (text) lines.push(text);
  }
  return { title: title || ogTitle || undefined, published, source, url, author, body: lines.join('\n\n') };
}
