import { existsSync } from 'node:fs';

/** Debian's `chromium` (`.ci/run` installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium's flags for a headless run as root on a machine with a closed network: without the
 * background-networking flags it keeps trying (and failing) to reach Google's hosts.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe` when Chromium is installed. Without it the suite is skipped with a message saying
 * why, unless REQUIRE_BROWSER=1 (set by CI once the browser is installed) makes it fail.
 */
export function describeInBrowser(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM)) return describe(name, suite);
  const why = `${name} skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(why);
  // eslint-disable-next-line no-console -- a skipped test must say why
  console.warn(why);
  describe.skip(name, suite);
}
