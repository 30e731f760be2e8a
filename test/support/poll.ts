/**
 * Polls `probe` until `done` holds or `withinMs` has passed, and returns the last observation so
 * the test asserts on it (a failure then shows what was seen, not just "timed out"). A bound on
 * behaviour ("answers 503 within 2 s"), not a speed measurement.
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
