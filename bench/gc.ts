/**
 * The collector's pauses over a stretch of a benchmark (Node's `gc` performance entries): how
 * many of each kind, their total and the longest, and how much memory outside the JS heap
 * (ArrayBuffers, external strings) grew meanwhile — V8 collects early when that grows, whatever
 * the heap's own allocation. A stall that equals a pause here is the collector's, not our code's.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

export interface GcKind {
  count: number;
  totalMs: number;
  longestMs: number;
  /** Of them, collections asked for because memory outside the heap grew (V8's "external memory pressure"). */
  external: number;
}

export interface GcFigures {
  kinds: Record<string, GcKind>;
  /** Pauses over 50 ms: their length and end (µs on the clock of CPU profiles and of the stall list). */
  long: { endUs: number; ms: number; kind: string }[];
  /** Growth of process.memoryUsage().external (ArrayBuffers included) over the stretch, MB. */
  externalMb: number;
}

export function recordGc(): { stop(): GcFigures } {
  const entries: PerformanceEntry[] = [];
  const obs = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  obs.observe({ entryTypes: ['gc'] });
  const external0 = process.memoryUsage().external;
  // performance.now() and hrtime share no origin: the offset turns an entry's end into hrtime µs.
  const offsetUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
  return {
    stop() {
      obs.disconnect();
      const kinds: Record<string, GcKind> = {};
      const long: GcFigures['long'] = [];
      for (const e of entries) {
        const detail = (e as PerformanceEntry & { detail?: { kind: number; flags: number } }).detail;
        const kind = KINDS[detail?.kind ?? -1] ?? 'other';
        const k = (kinds[kind] ??= { count: 0, totalMs: 0, longestMs: 0, external: 0 });
        k.count++;
        k.totalMs += e.duration;
        k.longestMs = Math.max(k.longestMs, e.duration);
        if ((detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY) k.external++;
        if (e.duration > 50)
          long.push({ endUs: Math.round(offsetUs + (e.startTime + e.duration) * 1000), ms: Math.round(e.duration), kind });
      }
      return { kinds, long, externalMb: (process.memoryUsage().external - external0) / 1024 / 1024 };
    },
  };
}

/** One line: each kind's count, total and longest pause, then the long ones. */
export function gcLine(g: GcFigures): string {
  const f = (n: number) => n.toFixed(n < 10 ? 1 : 0);
  const kinds = Object.entries(g.kinds)
    .map(
      ([k, v]) =>
        `${k} ${v.count} (${f(v.totalMs)} ms, longest ${f(v.longestMs)}${v.external ? `, ${v.external} for external memory` : ''})`,
    )
    .join('; ');
  return `${kinds || 'none'}; external memory ${g.externalMb >= 0 ? '+' : ''}${f(g.externalMb)} MB`;
}
