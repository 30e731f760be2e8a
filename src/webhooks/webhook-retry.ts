/**
 * When a failed delivery is tried again (Standard Webhooks' suggested schedule): after the
 * first failure in about 5 s, then 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; a delivery whose
 * eighth try fails is given up (about 28 h after the event). Each wait is spread by ±10 % so that
 * the deliveries of a burst do not all come back at the same second.
 */
export const RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;

/** Tries in all: the first one and one per retry delay. */
export const MAX_TRIES = RETRY_DELAYS_SECONDS.length + 1;

/** An endpoint failing (no success) for this long is disabled. */
export const DISABLE_AFTER_FAILING_SECONDS = 5 * 86_400;

/**
 * Seconds until the next try after try number `tries` (1 = the first) failed, or undefined
 * when that was the last one. `random` is in [0, 1).
 */
export function retryDelaySeconds(
  tries: number,
  random: number = Math.random(),
): number | undefined {
  const base = RETRY_DELAYS_SECONDS[tries - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (0.9 + 0.2 * random) * 1000) / 1000;
}
