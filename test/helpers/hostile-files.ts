/** A few hundred hostile files of every format, drawn with a fixed seed (see test/ingest/hostile-corpus.test.ts). */
import { makeDocx, makeEncryptedPdf, makePdf } from './documents.js';
import { prng } from './prng.js';

const TAGS = ['div', 'span', 'p', 'a', 'b', 'i', 'ul', 'li', 'table', 'tr', 'td', 'section', 'article', 'em', 'font', 'center'];

export async function hostileFiles(): Promise<Record<string, string | Uint8Array>> {
  const rnd = prng(1717);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
  const words = (n: number) =>
    Array.from({ length: n }, () => pick(['quay', 'ledger', 'Orsolya', 'said', 'the', 'of', '2019', 'Varn', 'mill'])).join(' ');
  const files: Record<string, string | Uint8Array> = {};

  // Deep nesting, up to the 1.2 MB page of 100,000 nested elements.
  for (let i = 0; i < 20; i++) {
    const n = i === 0 ? 100_000 : 300 + Math.floor(rnd() * 8000);
    const tag = pick(TAGS);
    files[`nested/n${i}.html`] = `<html><body>${`<${tag}>`.repeat(n)}text${`</${tag}>`.repeat(n)}</body></html>`;
  }
  // Garbage HTML as it comes off broken pages: thousands of tags, mostly never closed, words between.
  for (let i = 0; i < 70; i++) {
    let s = '<html><body>';
    for (let k = 0; k < 3000; k++) s += rnd() < 0.85 ? `<${pick(TAGS)} class="c${k}">${words(2)} ` : `</${pick(TAGS)}>`;
    files[`garbage/g${i}.html`] = s;
  }
  // Shallow garbage: tags opened and closed at random (a parser keeps it flat), read as a page.
  for (let i = 0; i < 10; i++) {
    let s = '<html><body>';
    for (let k = 0; k < 1500; k++) s += rnd() < 0.55 ? `<${pick(TAGS)}>${words(2)} ` : `</${pick(TAGS)}>`;
    files[`garbage/flat${i}.html`] = s;
  }
  // Random bytes under every extension.
  for (let i = 0; i < 80; i++)
    files[`random/r${i}.${pick(['md', 'txt', 'html', 'pdf', 'docx'])}`] = bytes(200 + Math.floor(rnd() * 20_000));
  // Broken front matter.
  for (let i = 0; i < 20; i++) {
    files[`frontmatter/f${i}.md`] = pick([
      `---\ntitle: [open\n---\n\n${words(30)}\n`,
      `---\ntitle: Never closed\n${words(30)}\n`,
      `---\n- a\n- b\n---\n\n${words(30)}\n`,
      `---\nt: &a [x, *a]\n---\n\n${words(30)}\n`,
    ]);
  }
  // Huge lines: one line of 200,000 characters without a space, or 60 KB of words without a full stop.
  for (let i = 0; i < 20; i++) {
    files[`huge/h${i}.${i % 2 ? 'md' : 'txt'}`] = i % 4 ? `Huge ${i}\n\n${'x'.repeat(200_000)}\n` : `Huge ${i}\n\n${words(10_000)}\n`;
  }
  // PDFs: truncated, garbage after a header, encrypted, without text.
  const pdf = await makePdf({ pages: [[{ text: 'The Varn mill reopened in 2019.', x: 72, y: 700 }]] });
  const encrypted = await makeEncryptedPdf();
  const scanned = await makePdf({ pages: [[], []] });
  for (let i = 0; i < 24; i++) {
    files[`pdf/p${i}.pdf`] = [
      pdf.slice(0, 100 + Math.floor(rnd() * (pdf.length - 200))),
      Uint8Array.from([...new TextEncoder().encode('%PDF-1.4\n'), ...bytes(3000), ...new TextEncoder().encode('\n%%EOF\n')]),
      encrypted,
      scanned,
    ][i % 4];
  }
  // Word files: truncated zips and zips of something else.
  const docx = await makeDocx([{ text: 'The quay ledger was found in 2019.' }]);
  for (let i = 0; i < 16; i++) files[`docx/d${i}.docx`] = i % 2 ? docx.slice(0, 50 + Math.floor(rnd() * (docx.length - 100))) : bytes(500);
  return files;
}
