/**
 * Body text → blocks. Blank lines separate blocks; inside a block, a line break starts a new
 * block (pasted web text puts captions, decks and list items on lines of their own) unless
 * the line is hard-wrapped prose (no closing punctuation, next line starts in lower case).
 */
export interface Block {
  text: string;
  /** A markdown `#` heading or a line that reads as one (see cleanDocument). */
  heading: boolean;
  listItem: boolean;
  /** The page the block starts on, for formats that have pages (PDF). */
  page?: number;
}

const BULLET = /^(?:[•●▪◦‣∙·*]|-(?!-)|–(?!–))[ \t\u00a0]+/;
const MD_HEADING = /^#{1,6}[ \t]+/;
const ENDS_CLAUSE = /[.!?:;"”’)\]…]$/;

export function toBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  const chunks = body.replace(/\r\n?/g, '\n').split(/\n[ \t\u00a0]*\n/);
  for (const chunk of chunks) {
    const lines = chunk
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    let current: string | undefined;
    const flush = () => {
      if (current === undefined) return;
      let text = current;
      let heading = false;
      let listItem = false;
      if (MD_HEADING.test(text)) {
        heading = true;
        text = text.replace(MD_HEADING, '').replace(/[ \t]+#+$/, '');
      } else if (BULLET.test(text)) {
        listItem = true;
        text = text.replace(BULLET, '');
      }
      text = text.trim();
      if (text) blocks.push({ text, heading, listItem });
      current = undefined;
    };
    for (const line of lines) {
      const wrapped =
        current !== undefined && !ENDS_CLAUSE.test(current) && !MD_HEADING.test(current) && /^[a-z(]/.test(line) && !BULLET.test(line);
      if (wrapped) current = `${current} ${line}`;
      else {
        flush();
        current = line;
      }
    }
    flush();
  }
  return blocks;
}
