/** YAML front matter at the top of `.md` and `.txt` documents. */
import type * as Yaml from 'yaml';
import { lazy } from '../lazy.js';

/** Read only when the front matter is not simple (`simpleFields`). */
const yaml = lazy<typeof Yaml>('yaml');

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
}

export class FrontMatterError extends Error {}

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;

/**
 * A double-quoted YAML string with nothing to unescape or fold: printable characters, no `"` or
 * `\`, no line break, BOM or lone surrogate.
 */
const QUOTED = String.raw`"([\x20\x21\x23-\x5b\x5d-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*)"`;
/**
 * One line of the front matter most files have (`title: "…"`, `published: 1987-03-03T09:17:32Z`,
 * `topics: ["acq", "earn"]`): a plain key, then a quoted string, a flow list of them, or a date
 * that YAML's core schema reads as a string. Group 1 the key; 2 the string; 3 the list's inside;
 * 4 the date.
 */
const SIMPLE_LINE = new RegExp(
  String.raw`^([A-Za-z][A-Za-z0-9_]*): (?:${QUOTED}|\[((?:${QUOTED.replace('(', '(?:')}(?:, ${QUOTED.replace('(', '(?:')})*)?)\]|(\d{4}-\d\d(?:-\d\d(?:T\d\d:\d\d:\d\dZ)?)?))$`,
);
/** Keys YAML reads as something other than their text. */
const SPECIAL_KEYS = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/**
 * The front matter's fields when every line is a SIMPLE_LINE and no key repeats: what the YAML
 * parser gives for them, for a fraction of its cost (it was most of reading a Reuters file);
 * undefined for anything else, which the parser reads.
 */
export function simpleFields(yamlText: string): Record<string, unknown> | undefined {
  const lines = yamlText.split('\n');
  if (lines.pop() !== '' || !lines.length) return undefined;
  const data: Record<string, unknown> = {};
  for (const line of lines) {
    const m = SIMPLE_LINE.exec(line);
    if (!m || SPECIAL_KEYS.test(m[1]) || Object.hasOwn(data, m[1])) return undefined;
    if (m[2] !== undefined) data[m[1]] = m[2];
    else if (m[3] !== undefined) data[m[1]] = m[3] ? m[3].slice(1, -1).split('", "') : [];
    else data[m[1]] = m[4];
  }
  return data;
}

/** Splits front matter from the body. No front matter → empty data, the text as body. */
export function splitFrontMatter(text: string): FrontMatter {
  const open = OPEN.exec(text);
  if (!open) return { data: {}, body: text };
  const rest = text.slice(open[0].length);
  const close = /^(?:---|\.\.\.)[ \t]*$/m.exec(rest);
  if (!close) throw new FrontMatterError('front matter opened with --- but never closed');
  const yamlText = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length);
  const simple = simpleFields(yamlText);
  if (simple) return { data: simple, body };
  let data: unknown;
  try {
    data = yaml().parse(yamlText, { prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new FrontMatterError(`malformed front matter: ${msg}`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontMatterError('front matter is not a set of key: value fields');
  }
  return { data: data as Record<string, unknown>, body };
}

const PUBLISHED = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/**
 * Normalises a publication date to ISO at the precision given: `2022`, `2022-02`,
 * `2022-02-14`, or a full timestamp (`1987-02-26T15:01:01Z`). Returns undefined when it is
 * not a date we can trust.
 */
export function normalisePublished(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().replace('.000Z', 'Z');
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999) return String(value);
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  const m = PUBLISHED.exec(v);
  if (!m) {
    // Other timestamp forms (RFC 2822 and the like) that Date understands unambiguously.
    if (/\d{4}/.test(v) && /[a-z]{3}/i.test(v) && /\d{1,2}:\d{2}/.test(v)) {
      const d = new Date(v);
      if (!Number.isNaN(d.getTime())) return d.toISOString().replace('.000Z', 'Z');
    }
    return undefined;
  }
  const [, y, mo, d, hh] = m;
  if (mo && (Number(mo) < 1 || Number(mo) > 12)) return undefined;
  if (d) {
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (date.getUTCDate() !== Number(d)) return undefined;
  }
  if (!hh) return v.slice(0, d ? 10 : mo ? 7 : 4);
  const t = new Date(m[7] ? v : `${v}Z`);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString().replace('.000Z', 'Z');
}
