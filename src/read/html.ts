/**
 * HTML articles: the text a reader view would show (Mozilla Readability over linkedom),
 * turned into blocks: `# ` headings, `• ` list items, paragraphs split by blank lines.
 * Scripts, styles and navigation never reach the text.
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';
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

/**
 * An HTML fragment → body text: `# ` headings, `• ` list items, paragraphs split by blank lines.
 * Only innermost blocks are read, so that a <li><p>…</p></li> is not read twice.
 */
export function blocksOfHtml(html: string): string {
  const { document: content } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const lines: string[] = [];
  for (const el of Array.from(content.querySelectorAll(BLOCKS))) {
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
  return lines.join('\n\n');
}

/**
 * How deep elements nest and how many there are, walked without recursion. Readability's cost
 * grows with the cube of the nesting depth (1,000 nested elements: 9 s; 2,000: 109 s), and no
 * article page nests anywhere near MAX_DEPTH.
 */
export function htmlShape(root: Element): { depth: number; elements: number } {
  let depth = 0;
  let elements = 0;
  const stack: [Element, number][] = [[root, 1]];
  while (stack.length) {
    const [el, d] = stack.pop()!;
    elements++;
    if (d > depth) depth = d;
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push([c, d + 1]);
  }
  return { depth, elements };
}

/** Deeper than this is not an article page but a file built (or broken) to stall a parser. */
export const MAX_DEPTH = 200;

export class HtmlShapeError extends Error {}

/** Elements that never hold others, and those whose next sibling closes them (a parser nests neither). */
const NO_NESTING = new Set('area base br col embed hr img input link meta param source track wbr p li dt dd option tr td th'.split(' '));

/**
 * How deep the tags of raw HTML nest, counted on the text before any parsing: linkedom's own
 * parse slows down with depth too (100,000 nested elements: 23 s), so the check comes first.
 * Scripts, styles and comments are left out; tags that a parser closes by itself are not counted.
 */
export function tagDepth(html: string): number {
  // One pass with indexOf and a bounded, anchored tag pattern: linear whatever the input.
  const lower = html.toLowerCase();
  const tag = /<(\/?)([a-z][\w:-]{0,40})\b[^<>]{0,4000}?(\/?)>/y;
  let depth = 0;
  let max = 0;
  let i = 0;
  for (;;) {
    const lt = lower.indexOf('<', i);
    if (lt < 0) break;
    if (lower.startsWith('<!--', lt)) {
      const end = lower.indexOf('-->', lt + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    tag.lastIndex = lt;
    const m = tag.exec(lower);
    if (!m) {
      i = lt + 1;
      continue;
    }
    i = tag.lastIndex;
    const name = m[2];
    if (!m[1] && RAW_TEXT.has(name)) {
      const end = lower.indexOf(`</${name}`, i);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (NO_NESTING.has(name) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > max) max = depth;
  }
  return max;
}

/** Elements whose content is text, not tags. */
const RAW_TEXT = new Set(['script', 'style', 'template', 'textarea']);

export function readHtml(html: string): HtmlArticle {
  const raw = tagDepth(html);
  if (raw > MAX_DEPTH) {
    throw new HtmlShapeError(`HTML tags nested ${raw} deep (an article page nests well under ${MAX_DEPTH}); not read`);
  }
  const { document } = parseHTML(html);
  const shape = htmlShape(document.documentElement);
  if (shape.depth > MAX_DEPTH) {
    throw new HtmlShapeError(`HTML elements nested ${shape.depth} deep (an article page nests well under ${MAX_DEPTH}); not read`);
  }
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
    // Readability over linkedom costs seconds on a page of a few thousand elements that is not
    // an article (it retries with looser rules each time): such pages are read as plain blocks.
    if (!isProbablyReaderable(document)) throw new Error('not article-shaped');
    const article = new Readability(document, { charThreshold: 100 }).parse();
    contentHtml = article?.content ?? undefined;
    title = article?.title ? squash(article.title) : undefined;
  } catch {
    contentHtml = undefined;
  }
  const body = blocksOfHtml(contentHtml ?? document.body?.innerHTML ?? '');
  return { title: title || ogTitle || undefined, published, source, url, author, body };
}
