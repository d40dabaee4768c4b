/**
 * Timers and timings. How long the phases of a load take, published for whoever measures them (the benchmark
 * subscribes) on a Node diagnostics channel, so that production code takes no benchmark
 * parameters; publishing costs nothing while nobody listens.
 */
import diagnostics from 'node:diagnostics_channel';

/** One phase done: its name and how long it took. */
export interface PhaseTiming {
  phase: string;
  ms: number;
}

/** The channel every phase timing is published on. */
export const PHASE_CHANNEL = 'factdesk:phase';
const channel = diagnostics.channel(PHASE_CHANNEL);

/** A stopwatch: each call publishes, under `phase`, the time since the previous call (or since it was made). */
export function phaseTimer(): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    if (channel.hasSubscribers) channel.publish({ phase, ms: now - last } satisfies PhaseTiming);
    last = now;
  };
}

/** A settable timer, so schedulers can be driven by a fake one in tests. */
export interface Timer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Real timeouts that never keep the process alive by themselves (a schedule alone is no reason to run). */
export const unrefTimer: Timer = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};
