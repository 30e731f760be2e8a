/**
 * Race tests need real PostgreSQL. The PGlite fallback (`npm test` on a laptop without
 * PostgreSQL) serves every request on its single connection, one statement after another, so
 * nothing races there and a race test would pass without proving anything. On PGlite these
 * helpers skip the test and say so in the output (global-setup prints the same once per run).
 */
export const RACES_SKIPPED = process.env.TEST_DB_MODE === 'pglite';

const SKIP_NOTE = 'skipped on PGlite: one connection, nothing races';

let warned = false;
function warnOnce(name: string): void {
  if (warned) return;
  warned = true;
  // eslint-disable-next-line no-console -- a skipped test must say why
  console.warn(
    `RACE TESTS SKIPPED in ${expect.getState().testPath ?? 'this file'} (first: "${name}"): ` +
      'PGlite has one connection, so nothing races; run against PostgreSQL (README, Testing) to run them.',
  );
}

/** `it` for a test that races requests (or instances) against each other. */
export function itRaces(name: string, fn: () => Promise<void>, timeout?: number): void {
  if (!RACES_SKIPPED) return it(name, fn, timeout);
  warnOnce(name);
  it.skip(`${name} [${SKIP_NOTE}]`, fn, timeout);
}

/** `describe` for a block of race tests. */
export function describeRaces(name: string, suite: () => void): void {
  if (!RACES_SKIPPED) return describe(name, suite);
  warnOnce(name);
  describe.skip(`${name} [${SKIP_NOTE}]`, suite);
}
