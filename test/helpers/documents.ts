/**
 * PDF and Word files made in the test, never stored: pdf-lib lays out lines of text at given
 * positions (so a test decides where columns, headers and page numbers fall); a .docx is a zip
 * of a few XML parts, written with jszip.
 */
import JSZip from 'jszip';
import { PDFDocument, PDFHexString, StandardFonts } from 'pdf-lib';

/** A line of text on a PDF page: position in points from the bottom left, font size. */
export interface PdfLine {
  text: string;
  x?: number;
  y: number;
  size?: number;
  bold?: boolean;
}

export interface PdfSpec {
  /** Lines per page; an empty page has no text layer, like a scanned page. */
  pages: PdfLine[][];
  title?: string;
  created?: Date;
  /** Lines drawn on every page (a running header or footer); `#` becomes the page number. */
  running?: PdfLine[];
}

export async function makePdf(spec: PdfSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (spec.title) doc.setTitle(spec.title);
  else doc.setTitle('');
  if (spec.created) doc.setCreationDate(spec.created);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  spec.pages.forEach((lines, i) => {
    const page = doc.addPage([612, 792]);
    if (!lines.length) return;
    for (const l of [...(spec.running ?? []), ...lines]) {
      page.drawText(l.text.replace('#', String(i + 1)), { x: l.x ?? 72, y: l.y, size: l.size ?? 11, font: l.bold ? bold : regular });
    }
  });
  return doc.save();
}

/** Body lines from the top of a column down, 14 points apart; '' leaves a paragraph gap. */
export function column(lines: readonly string[], opts: { x?: number; top?: number; size?: number } = {}): PdfLine[] {
  const out: PdfLine[] = [];
  let y = opts.top ?? 700;
  for (const text of lines) {
    if (text) out.push({ text, x: opts.x ?? 72, y, size: opts.size ?? 11 });
    y -= text ? 14 : 10;
  }
  return out;
}

/**
 * An encrypted PDF: a standard security handler whose user password is not empty, so no
 * reader opens it without one (pdf-lib cannot encrypt; the /Encrypt entry is all a reader checks first).
 */
export async function makeEncryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  page.drawText('Secret text', { x: 72, y: 700, size: 11, font: await doc.embedFont(StandardFonts.Helvetica) });
  const hex = (n: number) =>
    PDFHexString.of(Array.from({ length: n }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, '0')).join(''));
  const encrypt = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, P: -44, O: hex(32), U: hex(32) });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  doc.context.trailerInfo.ID = doc.context.obj([hex(16), hex(16)]);
  return doc.save({ useObjectStreams: false });
}

export interface DocxBlock {
  text: string;
  /** Word's paragraph style: 'Heading1', 'Heading2', 'Title', 'ListParagraph'… */
  style?: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A minimal .docx: the paragraphs with their styles, and core properties when given. */
export async function makeDocx(
  blocks: readonly DocxBlock[],
  core: { title?: string; created?: string; creator?: string } = {},
): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
  );
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  const styleNames: Record<string, string> = {
    Heading1: 'heading 1',
    Heading2: 'heading 2',
    Title: 'Title',
    ListParagraph: 'List Paragraph',
  };
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${Object.entries(
      styleNames,
    )
      .map(([id, name]) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`)
      .join('')}</w:styles>`,
  );
  const body = blocks
    .map(
      (b) =>
        `<w:p>${b.style ? `<w:pPr><w:pStyle w:val="${b.style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${esc(b.text)}</w:t></w:r></w:p>`,
    )
    .join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  zip.file(
    'docProps/core.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${core.title ? `<dc:title>${esc(core.title)}</dc:title>` : ''}${core.creator ? `<dc:creator>${esc(core.creator)}</dc:creator>` : ''}${core.created ? `<dcterms:created xsi:type="dcterms:W3CDTF">${core.created}</dcterms:created>` : ''}</cp:coreProperties>`,
  );
  return zip.generateAsync({ type: 'uint8array' });
}
