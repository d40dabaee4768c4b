/** Split: cleaned blocks → numbered paragraphs with sentence spans. */
import type { Block } from '../clean/index.js';
import type { DocMeta, ParsedDoc } from '../types.js';
import { splitSentences } from './sentences.js';

export { splitSentences } from './sentences.js';

export function splitDocument(meta: DocMeta, blocks: Block[]): ParsedDoc {
  return {
    meta,
    paragraphs: blocks.map((b, i) => ({
      n: i + 1,
      text: b.text,
      heading: b.heading,
      sentences: b.heading ? [{ start: 0, end: b.text.length }] : splitSentences(b.text),
      ...(b.page !== undefined ? { page: b.page } : {}),
    })),
  };
}
