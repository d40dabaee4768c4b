/**
 * A load publishes the time of each of its phases on the phase channel (src/timing.ts), in
 * order, a warm start its restore steps too; nothing is published to nobody.
 */
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/load/index.js';
import { PHASE_CHANNEL, phaseTimer, type PhaseTiming } from '../../src/timing.js';

const DATA = path.resolve('data');
const state = mkdtempSync(path.join(os.tmpdir(), 'factdesk-phases-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));

async function phasesOf(run: () => Promise<unknown>): Promise<PhaseTiming[]> {
  const seen: PhaseTiming[] = [];
  const listener = (m: unknown) => seen.push(m as PhaseTiming);
  diagnostics.subscribe(PHASE_CHANNEL, listener);
  try {
    await run();
  } finally {
    diagnostics.unsubscribe(PHASE_CHANNEL, listener);
  }
  return seen;
}

describe('load phases', () => {
  it('a cold load publishes list, ingest, build and the snapshot save; a warm one the check and its restore steps', async () => {
    const cold = await phasesOf(() => loadCorpus(DATA, { maxBytes: 1 << 20, workers: 0, stateDir: state }));
    expect(cold.map((p) => p.phase)).toEqual(['list', 'ingest', 'build', 'snapshot-save']);
    for (const p of cold) expect(p.ms).toBeGreaterThanOrEqual(0);
    const warm = await phasesOf(() => loadCorpus(DATA, { maxBytes: 1 << 20, workers: 0, stateDir: state }));
    expect(warm.map((p) => p.phase)).toEqual([
      'list',
      'check',
      'restore-docs',
      'restore-indexes',
      'restore-facts',
      'restore-build',
      'snapshot-load',
    ]);
  });

  it('a stopwatch measures from its previous call', async () => {
    const seen = await phasesOf(async () => {
      const lap = phaseTimer();
      await new Promise((r) => setTimeout(r, 30));
      lap('first');
      lap('second');
    });
    expect(seen.map((p) => p.phase)).toEqual(['first', 'second']);
    expect(seen[0].ms).toBeGreaterThanOrEqual(25);
    expect(seen[1].ms).toBeLessThan(seen[0].ms);
  });
});
