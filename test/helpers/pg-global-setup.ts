/**
 * Vitest global setup of the `pg` project (tests named `*.pg.test.ts`; it runs only when one of
 * them is in the run): the PostgreSQL the tests use. TEST_DATABASE_URL when set (CI starts its own
 * cluster), else a throwaway cluster on 127.0.0.1 started here and stopped at the end. Without any
 * PostgreSQL installed the PostgreSQL cases are skipped, and this says so once.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/pg-throwaway.sh');

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of a PostgreSQL server the tests may create databases on; '' when there is none. */
    pgUrl: string;
    /** Why there is none. */
    pgMissing: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    project.provide('pgUrl', given);
    project.provide('pgMissing', '');
    return undefined;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'factdesk-pg-'));
  try {
    const { stdout } = await run('bash', [SCRIPT, 'start', dir]);
    project.provide('pgUrl', stdout.trim());
    project.provide('pgMissing', '');
  } catch (err) {
    const e = err as { code?: unknown; stderr?: string };
    if (e.code !== 3) throw new Error(`could not start a throwaway PostgreSQL: ${e.stderr ?? String(err)}`, { cause: err });
    const why = 'PostgreSQL is not installed: the PostgreSQL cases are skipped (apt-get install postgresql, or set TEST_DATABASE_URL).';
    process.stderr.write(`\n${why}\n\n`);
    project.provide('pgUrl', '');
    project.provide('pgMissing', why);
    return undefined;
  }
  return async () => {
    await run('bash', [SCRIPT, 'stop', dir]);
  };
}
