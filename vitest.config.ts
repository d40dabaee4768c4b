import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // e2e tests open sockets; run files in separate forks so one cannot hold another's handles.
    pool: 'forks',
    // Tests never write snapshots or digest state into the project's own STATE_DIR.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'factdesk-test-state-')) },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/**/*.pg.test.ts'] },
      },
      // Tests that need PostgreSQL: its global setup starts a throwaway cluster only when one of them runs.
      {
        extends: true,
        test: { name: 'pg', include: ['test/**/*.pg.test.ts'], globalSetup: ['test/helpers/pg-global-setup.ts'] },
      },
    ],
  },
});
