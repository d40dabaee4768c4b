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

/**
 * When the current slice ends, shared by every sliced run: a run that ends hands its caller a
 * resolved promise, whose continuation (the next run of a revision) starts in the same task, so a
 * deadline of its own would let the two hold the loop for two slices.
 */
let sliceEnds = 0;

/**
 * Runs waiting for a slice, one per turn of the event loop, in turn: two runs under way at once
 * (a start prepares two indexes) would otherwise each take a slice in the same turn.
 */
const waiting: (() => void)[] = [];
let turnPending = false;

function nextSlice(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    schedule();
  });
}

/** One turn asked for at a time: it gives the next waiting run its slice, and asks for another while runs wait. */
function schedule(): void {
  if (turnPending) return;
  turnPending = true;
  setImmediate(turn);
}

function turn(): void {
  turnPending = false;
  sliceEnds = performance.now() + SLICE_MS;
  waiting.shift()?.();
  if (waiting.length) schedule();
}

export async function runSliced<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    if (performance.now() >= sliceEnds) await nextSlice();
    const r = steps.next();
    if (r.done) return r.value;
  }
}
