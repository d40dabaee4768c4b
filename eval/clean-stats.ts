/**
 * What cleaning removes from a corpus, and which lines it marks as headings.
 *   npx tsx eval/clean-stats.ts ../shared/corpus/bbc [--show 40]
 */
import { cleanBody } from '../src/clean/index.js';
import { readDocument } from '../src/read/document.js';
import { listDocuments } from '../src/read/files.js';

async function main(): Promise<void> {
  const root = process.argv[2] ?? 'data';
  const showAt = process.argv.indexOf('--show');
  const show = showAt > 0 ? Number(process.argv[showAt + 1]) : 20;
  const files = await listDocuments(root);
  let unreadable = 0;
  let blocks = 0;
  const removed: string[] = [];
  const headings: string[] = [];
  for (const f of files) {
    const r = await readDocument(root, f, { maxBytes: 50 * 1024 * 1024 });
    if (!r.ok) {
      unreadable++;
      continue;
    }
    const c = cleanBody(r.doc.body, r.doc.meta.title);
    blocks += c.blocks.length + c.removed.length;
    for (const b of c.removed) removed.push(`${f}: ${b.text.slice(0, 100)}`);
    for (const b of c.blocks) if (b.heading) headings.push(`${f}: ${b.text}`);
  }
  console.log(
    `${root}: ${files.length} files (${unreadable} unreadable), ${blocks} blocks, ${removed.length} removed as boilerplate, ${headings.length} marked as headings`,
  );
  if (removed.length) console.log(`removed:\n${removed.slice(0, show).join('\n')}`);
  if (headings.length) console.log(`headings:\n${headings.slice(0, show).join('\n')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
