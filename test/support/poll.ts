/**
 * Polls `probe` until `done` holds or `withinMs` has passed, and returns the last observation so
 * the test asserts on it (a failure then shows what was seen, not just "timed out"). Waits for
 * an event (readiness flipped, a row appeared); `withinMs` should be generous, so that it only
 * fails a hung test, never a slow machine.
 */
export async function pollUntil<T>(
  withinMs: number,
  probe: () => Promise<T>,
  done: (observed: T) => boolean,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const observed = await probe();
    if (done(observed) || Date.now() >= deadline) return observed;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
