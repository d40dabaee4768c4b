/**
 * Work a warm start leaves for later (document bodies, index branches still packed), done in
 * slices of a few milliseconds between which the event loop runs, so that commands are answered
 * meanwhile. The timers are unref'd: a one-shot process exits without waiting for this. Work is
 * done in the order it was queued; `finishBackground` does all that is left at once.
 */

/** One piece of work: does a little and says whether more is left. */
export type Step = () => boolean;

const queue: { step: Step; done: () => void }[] = [];
let scheduled = false;

/** A slice gives the event loop back after this long. */
const SLICE_MS = 4;

/** Queues `step` to run until it says it is done; resolves then. */
export function inBackground(step: Step): Promise<void> {
  return new Promise((resolve) => {
    queue.push({ step, done: resolve });
    schedule();
  });
}

/** Does everything still queued, now. */
export function finishBackground(): void {
  while (queue.length) runHead();
}

/** How many pieces of work are queued. */
export function backgroundPending(): number {
  return queue.length;
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(slice).unref();
}

function slice(): void {
  scheduled = false;
  const until = performance.now() + SLICE_MS;
  while (queue.length && performance.now() < until) runHead(until);
  if (queue.length) schedule();
}

/** Runs the first piece of work (until `until`, or to its end); drops it when done. */
function runHead(until = Infinity): void {
  const head = queue[0];
  let more: boolean;
  do {
    try {
      more = head.step();
    } catch {
      // A piece that fails stays undone: whoever needs it gets the error when it asks.
      more = false;
    }
  } while (more && performance.now() < until);
  if (!more) {
    queue.shift();
    head.done();
  }
}
