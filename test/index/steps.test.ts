import { afterEach, describe, expect, it, vi } from 'vitest';
import { runNow, runSliced, type Steps } from '../../src/index/steps.js';

/** A clock that moves only when a step says so: slices are counted in steps, not in real time. */
let clock = 0;

/** `n` steps of 3 ms each (on the fake clock), adding to the current task's total. */
function* work(n: number, spent: Map<number, number>, task: () => number): Steps<number> {
  for (let i = 0; i < n; i++) {
    clock += 3;
    spent.set(task(), (spent.get(task()) ?? 0) + 3);
    yield;
  }
  return n;
}

/**
 * The fake clock in place, and the turns of the event loop counted: each check phase moves the
 * count on (queued before the runs, so it comes before their own resumptions in every turn).
 */
function turns(): { turn: () => number; stop: () => void } {
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
  let turn = 0;
  let running = true;
  const tick = () => {
    turn++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { turn: () => turn, stop: () => (running = false) };
}

describe('runSliced', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the loop back after a slice, and two runs one after the other share the slice', async () => {
    const loop = turns();
    const spent = new Map<number, number>();
    // 9 steps: 7 in a first slice (21 ms), 2 in the next; the second run goes on in that task.
    const a = await runSliced(work(9, spent, loop.turn));
    const b = await runSliced(work(12, spent, loop.turn));
    loop.stop();
    expect([a, b]).toEqual([9, 12]);
    // Every step counted, and no task held more than a slice (20 ms) and the step that crossed it.
    expect([...spent.values()].reduce((x, y) => x + y, 0)).toBe(63);
    expect(Math.max(...spent.values())).toBeLessThanOrEqual(21);
    expect(spent.size).toBeGreaterThanOrEqual(3);
  });

  it('two runs under way at once take turns: one slice per turn of the loop', async () => {
    const loop = turns();
    const spent = new Map<number, number>();
    const [a, b] = await Promise.all([runSliced(work(20, spent, loop.turn)), runSliced(work(15, spent, loop.turn))]);
    loop.stop();
    expect([a, b]).toEqual([20, 15]);
    expect([...spent.values()].reduce((x, y) => x + y, 0)).toBe(105);
    expect(Math.max(...spent.values())).toBeLessThanOrEqual(21);
  });

  it('runNow runs every step in one go', () => {
    const spent = new Map<number, number>();
    expect(runNow(work(5, spent, () => 0))).toBe(5);
    expect(spent.get(0)).toBe(15);
  });
});
