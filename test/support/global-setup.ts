import pg from 'pg';

/**
 * Decides once whether this run uses real PostgreSQL or the PGlite fallback, and says so.
 * (Runs outside jest's module registry, so it imports nothing relative.)
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  let reachable = false;
  try {
    await client.connect();
    await client.query('SELECT 1');
    reachable = true;
  } catch {
    // unreachable: fall back to PGlite below, unless REQUIRE_POSTGRES
  } finally {
    await client.end().catch(() => undefined);
  }
  if (!reachable && process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at ${url}`);
  }
  process.env.TEST_DB_MODE = reachable ? 'postgres' : 'pglite';
  if (!reachable) {
    // Loud on purpose: a green run on PGlite has not run the race tests.
    const bar = '!'.repeat(78);
    process.stdout.write(
      `\n${bar}\n!! NO POSTGRESQL at ${url}: running on embedded PGlite (one connection).\n` +
        '!! Nothing can race on one connection, so EVERY RACE TEST IS SKIPPED (marked\n' +
        '!! "skipped on PGlite" below), as are the tests that need two instances.\n' +
        '!! A green run here does not prove concurrency; CI runs on PostgreSQL.\n' +
        `${bar}\n`,
    );
  }
  process.stdout.write(
    `\ntests run on ${reachable ? `PostgreSQL (${url}), one database per test file` : 'embedded PGlite (no PostgreSQL reachable), one in-memory database per test file'}\n`,
  );
}
