/**
 * Opens the state store the configuration asks for: PostgreSQL when `DATABASE_URL` is set (shared
 * by every replica), else SQLite under `STATE_DIR` (one process). The PostgreSQL driver is loaded
 * only when used.
 */
import { SqliteStore } from './sqlite.js';
import type { StateStore } from './types.js';

export { STATE_FILE, SqliteStore } from './sqlite.js';
export * from './types.js';

export async function openStateStore(opts: { stateDir: string; databaseUrl?: string }): Promise<StateStore> {
  if (opts.databaseUrl) {
    const { PostgresStore } = await import('./postgres.js');
    return PostgresStore.open(opts.databaseUrl);
  }
  return SqliteStore.open(opts.stateDir);
}
