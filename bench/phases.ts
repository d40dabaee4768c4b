/**
 * The benchmark's view of a load's phases: the loader and the snapshot publish each phase's
 * time on a diagnostics channel (src/timing.ts) instead of taking a callback for the benchmark;
 * this listens to it while a load runs.
 */
import diagnostics from 'node:diagnostics_channel';
import type { LoadPhase } from '../src/load/index.js';
import type { RestoreStep } from '../src/snapshot/index.js';
import { PHASE_CHANNEL, type PhaseTiming } from '../src/timing.js';

export type Phase = LoadPhase | RestoreStep;

/** Runs `run`, calling `onPhase` for every phase that ends meanwhile (synchronously, as it ends). */
export async function withPhases<T>(run: () => Promise<T>, onPhase: (phase: Phase, ms: number) => void): Promise<T> {
  const listener = (message: unknown) => {
    const { phase, ms } = message as PhaseTiming;
    onPhase(phase as Phase, ms);
  };
  diagnostics.subscribe(PHASE_CHANNEL, listener);
  try {
    return await run();
  } finally {
    diagnostics.unsubscribe(PHASE_CHANNEL, listener);
  }
}
