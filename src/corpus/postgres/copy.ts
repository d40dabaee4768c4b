/**
 * Rows into PostgreSQL with COPY (pg-copy-streams): one COPY per table, fed in chunks from a
 * generator so that a large corpus is never held as text in memory. Values are written in COPY's
 * text format; arrays and JSON are encoded here.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';

export type CopyValue = string | number | boolean | null | undefined | CopyArray | CopyJson;

/** An array column (`INTEGER[]`, `TEXT[]`). */
export class CopyArray {
  constructor(readonly values: readonly (string | number)[]) {}
}

/** A JSONB column. */
export class CopyJson {
  constructor(readonly value: unknown) {}
}

export const arr = (values: readonly (string | number)[]): CopyArray => new CopyArray(values);
export const json = (value: unknown): CopyJson => new CopyJson(value);

/** Rows per chunk handed to the stream. */
const CHUNK_ROWS = 2000;

function escapeText(s: string): string {
  // COPY's text format: backslash, tab, newline and carriage return are escaped; NUL cannot be stored.
  return s.replace(/[\\\t\n\r\0]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : ''));
}

function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (v instanceof CopyArray) return escapeText(arrayLiteral(v.values));
  if (v instanceof CopyJson) return escapeText(JSON.stringify(v.value).replace(/\\u0000/g, ''));
  return escapeText(v);
}

export function copyLine(row: readonly CopyValue[]): string {
  return `${row.map(copyField).join('\t')}\n`;
}

/** Writes every row to the table's columns with one COPY on this client (inside the caller's transaction). */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  let count = 0;
  function* chunks(): Iterable<string> {
    let buf: string[] = [];
    for (const r of rows) {
      if (r.length !== columns.length) throw new Error(`${table}: a row of ${r.length} values for ${columns.length} columns`);
      buf.push(copyLine(r));
      count++;
      if (buf.length >= CHUNK_ROWS) {
        yield buf.join('');
        buf = [];
      }
    }
    if (buf.length) yield buf.join('');
  }
  // Loaded only when a corpus is written: a bot that serves a stored corpus never needs it.
  const { from: copyFrom } = await import('pg-copy-streams');
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(), { objectMode: false }), stream);
  return count;
}
