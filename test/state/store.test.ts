/** The state database: created when missing, a clear error when corrupted, never half-written. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { STATE_FILE, StateError, StateStore } from '../../src/state/store.js';

const open: StateStore[] = [];
function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'factdesk-state-'));
}
function store(dir: string): StateStore {
  const s = StateStore.open(dir);
  open.push(s);
  return s;
}
afterEach(() => {
  while (open.length) open.pop()!.close();
});

const G = { guildId: '1001', channelId: '2001', time: '08:00', timezone: 'Europe/London', nothingNew: 'post' as const };

describe('StateStore', () => {
  it('creates a missing state directory and file, in WAL mode, at the current schema', () => {
    const dir = path.join(tempDir(), 'nested', 'state');
    const s = store(dir);
    expect(s.file).toBe(path.join(dir, STATE_FILE));
    expect(existsSync(s.file)).toBe(true);
    s.close();
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
      StateStore.open(dir);
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
    expect(() => StateStore.open(dir)).toThrow(/newer factdesk/);
  });

  it('keeps guild settings across a reopen; re-setup of an enabled guild keeps its window, of an off one restarts it', () => {
    const dir = tempDir();
    const a = store(dir);
    a.setupGuild(G, 1000);
    a.close();
    const b = store(dir);
    expect(b.guild('1001')).toMatchObject({
      channelId: '2001',
      time: '08:00',
      timezone: 'Europe/London',
      enabled: true,
      windowStart: 1000,
      enabledAt: 1000,
    });
    b.setupGuild({ ...G, time: '09:30' }, 5000);
    expect(b.guild('1001')).toMatchObject({ time: '09:30', windowStart: 1000, enabledAt: 5000 });
    expect(b.disableGuild('1001', 6000)).toBe(true);
    expect(b.disableGuild('1001', 6000)).toBe(false);
    expect(b.enabledGuilds()).toEqual([]);
    b.setupGuild(G, 9000);
    expect(b.guild('1001')).toMatchObject({ enabled: true, windowStart: 9000 });
  });

  it('claims a slot once, even from a second store on the same file (a restart or a second process)', () => {
    const dir = tempDir();
    const a = store(dir);
    const b = store(dir);
    a.setupGuild(G, 0);
    expect(a.claimDigest('1001', 100, 1)).toBe(true);
    expect(b.claimDigest('1001', 100, 2)).toBe(false);
    expect(a.claimDigest('1001', 100, 3)).toBe(false);
    expect(b.claimDigest('1001', 200, 4)).toBe(true);
    expect(b.digest('1001', 100)).toMatchObject({ status: 'claimed', claimedAt: 1 });
  });

  it('finishing a digest moves the window only when it was posted or skipped', () => {
    const s = store(tempDir());
    s.setupGuild(G, 0);
    s.claimDigest('1001', 100, 100);
    s.finishDigest('1001', 100, {
      status: 'failed',
      now: 101,
      windowFrom: 0,
      windowTo: 100,
      messageIds: [],
      documents: 3,
      error: 'channel gone',
    });
    expect(s.guild('1001')).toMatchObject({ windowStart: 0, lastError: 'channel gone', lastErrorAt: 101 });
    s.claimDigest('1001', 200, 200);
    s.finishDigest('1001', 200, { status: 'posted', now: 201, windowFrom: 0, windowTo: 200, messageIds: ['m1', 'm2'], documents: 3 });
    expect(s.guild('1001')!.windowStart).toBe(200);
    expect(s.guild('1001')!.lastError).toBeUndefined();
    expect(s.digests('1001').map((d) => [d.slot, d.status, d.messageIds])).toEqual([
      [200, 'posted', ['m1', 'm2']],
      [100, 'failed', []],
    ]);
  });

  it('records each document once with its first-seen time and lists a window newest first', () => {
    const s = store(tempDir());
    expect([
      ...s.recordDocs(
        [
          { hash: 'h1', id: 'a' },
          { hash: 'h2', id: 'b' },
        ],
        10,
      ),
    ]).toEqual(['h1', 'h2']);
    expect([
      ...s.recordDocs(
        [
          { hash: 'h2', id: 'b' },
          { hash: 'h3', id: 'c' },
        ],
        20,
      ),
    ]).toEqual(['h3']);
    expect(s.firstSeen('h2')).toBe(10);
    expect(s.docsSeenBetween(10, 20, 10)).toEqual({ docs: [{ hash: 'h3', docId: 'c', firstSeen: 20 }], total: 1 });
    expect(s.docsSeenBetween(0, 20, 10).docs.map((d) => d.hash)).toEqual(['h3', 'h2', 'h1']);
    const capped = s.docsSeenBetween(0, 20, 2);
    expect(capped.docs).toHaveLength(2);
    expect(capped.total).toBe(3);
  });

  it('a person keeps the earliest time they were seen', () => {
    const s = store(tempDir());
    s.recordPeople([{ key: 'ahmad vahidi', seen: 50 }]);
    s.recordPeople([
      { key: 'ahmad vahidi', seen: 20 },
      { key: 'ahmad vahidi', seen: 90 },
    ]);
    expect(s.personFirstSeen('ahmad vahidi')).toBe(20);
    expect(s.personFirstSeen('nobody')).toBeUndefined();
  });

  it('a transaction that fails part-way leaves nothing of itself behind', () => {
    const s = store(tempDir());
    const docs = function* () {
      yield { hash: 'ok1', id: 'x' };
      throw new Error('reader failed half-way');
    };
    expect(() => s.recordDocs(docs(), 5)).toThrow(/half-way/);
    expect(s.firstSeen('ok1')).toBeUndefined();
  });
});
