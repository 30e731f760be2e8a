/**
 * Repeats, after jest's summary, that a PGlite run skipped the race tests (global-setup said so
 * first; by the end of a long run that line has scrolled away).
 */
export default function globalTeardown(): void {
  if (process.env.TEST_DB_MODE !== 'pglite') return;
  process.stdout.write(
    '\n!! This run used embedded PGlite: the race tests and two-instance tests were SKIPPED.\n' +
      '!! Run against PostgreSQL on 127.0.0.1:5432 (or TEST_DATABASE_URL) to run them.\n',
  );
}
