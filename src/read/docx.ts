/**
 * Word documents (.docx) through mammoth: paragraphs, headings as headings (Word's heading
 * styles become `# ` blocks), lists as list items. Title from the core properties
 * (docProps/core.xml) or else the first heading; a date from a date line at the top or else the
 * core properties, marked as such.
 */
import type JSZip from 'jszip';
import type Mammoth from 'mammoth';
import { lazy } from '../lazy.js';
import { findDateLine, type MetaDate } from './dateline.js';
import { blocksOfHtml } from './html.js';

const jszip = lazy<typeof JSZip>('jszip');
const mammoth = lazy<typeof Mammoth>('mammoth');

export type DocxRead = { ok: true; body: string; title?: string; author?: string; published?: MetaDate } | { ok: false; reason: string };

/** The text of one element of core.xml (`dc:title`), entities decoded. */
function coreField(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]{1,2000})</${tag}>`).exec(xml);
  if (!m) return undefined;
  const v = m[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return v || undefined;
}

function isoDay(v: string | undefined): string | undefined {
  const m = v ? /^(\d{4})-(\d{2})-(\d{2})/.exec(v) : null;
  if (!m || Number(m[1]) < 1990) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export async function readDocx(bytes: Uint8Array): Promise<DocxRead> {
  // Word encrypts a document by wrapping it in an OLE container, the format of the old .doc.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return {
      ok: false,
      reason: 'encrypted (password-protected) Word file, or an old .doc saved with a .docx name; save an unprotected .docx',
    };
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b))
    return { ok: false, reason: 'not a Word file (a .docx is a zip archive; this is not one)' };
  let zip: JSZip;
  try {
    zip = await jszip().loadAsync(bytes);
  } catch (err) {
    return { ok: false, reason: `broken Word file (${(err as Error).message})` };
  }
  if (zip.file('EncryptedPackage') || !zip.file('word/document.xml')) {
    return { ok: false, reason: 'not a readable Word file (no word/document.xml: encrypted, or another kind of zip)' };
  }
  let html: string;
  try {
    html = (await mammoth().convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (err) {
    return { ok: false, reason: `broken Word file (${(err as Error).message})` };
  }
  const core =
    (await zip
      .file('docProps/core.xml')
      ?.async('string')
      .catch(() => undefined)) ?? '';
  const body = blocksOfHtml(html);
  const lines = body.split('\n\n');
  const firstHeading = lines.find((l) => l.startsWith('# '))?.slice(2);
  const inText = findDateLine(lines.slice(0, 8).map((l) => l.replace(/^# /, '')));
  const fromMeta = isoDay(coreField(core, 'dcterms:created')) ?? isoDay(coreField(core, 'dcterms:modified'));
  const published: MetaDate | undefined = inText
    ? { date: inText, from: 'text' }
    : fromMeta
      ? { date: fromMeta, from: 'docx-metadata' }
      : undefined;
  return { ok: true, body, title: coreField(core, 'dc:title') ?? firstHeading, author: coreField(core, 'dc:creator'), published };
}
