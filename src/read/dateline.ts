/**
 * The publication date of a document that has no front matter (PDF, Word): a line near the top
 * that is a date and nothing else ("12 March 2024", "Published: March 12, 2024", "2024-03-12"),
 * else the file's own metadata — which is when the file was made, so it is marked as such.
 */

/** A publication date and where it was found. */
export interface MetaDate {
  date: string;
  from: 'text' | 'pdf-metadata' | 'docx-metadata';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const WEEKDAY = '(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\\.?,?\\s+)?';
const LABEL = '(?:(?:Published|Date|Dated|Issued|Released)(?:\\s+on)?\\s*:?\\s*)?';
const DAY_MONTH_YEAR = new RegExp(`^${LABEL}${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})\\.?$`, 'i');
const MONTH_DAY_YEAR = new RegExp(`^${LABEL}${WEEKDAY}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\.?$`, 'i');
const ISO_DAY = new RegExp(`^${LABEL}(\\d{4})-(\\d{2})-(\\d{2})$`, 'i');

function iso(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || date.getUTCDate() !== d || y < 1800 || y > 2200) return undefined;
  return date.toISOString().slice(0, 10);
}

function month(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** The date a line states when the line is only a date (with an optional label); else undefined. */
export function dateOfLine(line: string): string | undefined {
  const t = line.trim();
  let m = DAY_MONTH_YEAR.exec(t);
  if (m) return iso(Number(m[3]), month(m[2]), Number(m[1]));
  m = MONTH_DAY_YEAR.exec(t);
  if (m) return iso(Number(m[3]), month(m[1]), Number(m[2]));
  m = ISO_DAY.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

/** The first line among these that is a date alone. */
export function findDateLine(lines: readonly string[]): string | undefined {
  for (const l of lines) {
    const d = dateOfLine(l);
    if (d) return d;
  }
  return undefined;
}
