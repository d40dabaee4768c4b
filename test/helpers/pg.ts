/**
 * PostgreSQL for tests: each test file creates its own empty databases on the server the `pg`
 * project's global setup provides, so files running in parallel never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The server's URL, or '' when no PostgreSQL is available (then `pgMissing` says why). */
export const pgUrl: string = inject('pgUrl') ?? '';
export const pgMissing: string = inject('pgMissing') || (pgUrl ? '' : 'no PostgreSQL for this run (not in the pg project)');

const created: string[] = [];

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A new empty database; its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `factdesk_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops the databases this file created (connections still open are ended). */
export async function dropDatabases(): Promise<void> {
  if (!created.length) return;
  await admin(async (c) => {
    while (created.length) await c.query(`DROP DATABASE IF EXISTS ${created.pop()} WITH (FORCE)`);
  });
}
