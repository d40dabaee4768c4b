/**
 * Index builds written once, run two ways. A build is a generator that `yield`s between small
 * pieces of work: run to the end at once (`runNow`, for a start, when nothing is being served),
 * or in slices between which the event loop runs (`runSliced`, for a live reload: commands are
 * answered from the previous corpus meanwhile, and a build of 190,000 documents would otherwise
 * hold the loop for tens of seconds).
 */

/** A build that pauses at every `yield`. */
export type Steps<T> = Generator<void, T, void>;

/**
 * How often a build yields: every this many items of its loops. Small, because a live update
 * runs builds in slices while commands wait for the event loop: 16 documents' facts are a few
 * milliseconds on a busy machine, where 256 held it for hundreds. A yield costs far less than
 * an item, so a build run at once (`runNow`) is no slower for it.
 */
export const STEP = 16;

export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** A slice of a sliced build gives the event loop back after this long. */
const SLICE_MS = 20;

export async function runSliced<T>(steps: Steps<T>): Promise<T> {
  let until = performance.now() + SLICE_MS;
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() >= until) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      until = performance.now() + SLICE_MS;
    }
  }
}
