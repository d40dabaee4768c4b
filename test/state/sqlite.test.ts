/**
 * The SQLite state file: created when missing, a clear error when corrupted, refused when newer.
 * What every store does is in contract.pg.test.ts, run on SQLite and PostgreSQL alike.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore, STATE_FILE, StateError } from '../../src/state/index.js';

const open: SqliteStore[] = [];
function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'factdesk-state-'));
}
function store(dir: string): SqliteStore {
  const s = SqliteStore.open(dir);
  open.push(s);
  return s;
}
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('SqliteStore', () => {
  it('creates a missing state directory and file, in WAL mode, at the current schema', async () => {
    const dir = path.join(tempDir(), 'nested', 'state');
    const s = store(dir);
    expect(s.file).toBe(path.join(dir, STATE_FILE));
    expect(existsSync(s.file)).toBe(true);
    await s.close();
    const db = new Database(path.join(dir, STATE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    db.close();
  });

  it('a corrupted file is a StateError naming the file, and the file is left as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, STATE_FILE);
    const junk = 'not a database, someone wrote over it\n'.repeat(200);
    writeFileSync(file, junk);
    let err: unknown;
    try {
      SqliteStore.open(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).file).toBe(file);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/not a valid SQLite database/);
    expect(readFileSync(file, 'utf8')).toBe(junk);
  });

  it('a database from a newer version is refused rather than guessed at', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, STATE_FILE));
    db.pragma('user_version = 99');
    db.close();
    expect(() => SqliteStore.open(dir)).toThrow(/newer factdesk/);
  });
});
