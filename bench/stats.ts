/** Latency figures shared by the benchmark's processes (run.ts, live.ts, pg-serve.ts, discord.ts). */

export interface Lat {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

/** The nearest-rank percentile `p` of `values` (any order); NaN for none. */
export function pct(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** p50/p95/p99 of `runs` timed passes of `fn` over `queries`, after one untimed warm-up pass. */
export async function timeQueries(queries: readonly string[], runs: number, fn: (q: string) => unknown): Promise<Lat> {
  for (const q of queries) await fn(q);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const q of queries) {
      const t = performance.now();
      await fn(q);
      times.push(performance.now() - t);
    }
  }
  return { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), n: times.length };
}
