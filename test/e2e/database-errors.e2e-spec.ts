import {
  isLockNotAvailable,
  isUniqueViolation,
  SqlState,
  sqlStateOf,
  violatedUniqueConstraint,
} from '../../src/common/database/database-errors.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/** Real refusals from the real database, read by the one helper every service maps them with. */
describe('database error recognition (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(
      `CREATE TABLE error_probe (id int PRIMARY KEY, name text,
         CONSTRAINT uq_error_probe_name UNIQUE (name))`,
    );
    await t.dataSource.query(`INSERT INTO error_probe VALUES (1, 'taken')`);
  });
  afterAll(async () => {
    await t.close();
  });

  const refusal = async (sql: string): Promise<unknown> =>
    t.dataSource.query(sql).then(
      () => {
        throw new Error(`expected the database to refuse: ${sql}`);
      },
      (error: unknown) => error,
    );

  it('names the unique constraint a write ran into', async () => {
    const error = await refusal(`INSERT INTO error_probe VALUES (2, 'taken')`);
    expect(sqlStateOf(error)).toBe(SqlState.uniqueViolation);
    expect(violatedUniqueConstraint(error)).toBe('uq_error_probe_name');
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'uq_error_probe_name')).toBe(true);
    expect(isUniqueViolation(error, 'uq_users_email')).toBe(false);
    expect(isLockNotAvailable(error)).toBe(false);
  });

  it('tells other refusals and other errors apart', async () => {
    const outOfRange = await refusal(`SELECT 2147483647::int + 1`);
    expect(sqlStateOf(outOfRange)).toBe(SqlState.numericOutOfRange);
    expect(violatedUniqueConstraint(outOfRange)).toBeUndefined();
    expect(isUniqueViolation(outOfRange)).toBe(false);
    for (const other of [new Error('x'), undefined, null, 'text', { code: 42 }]) {
      expect(sqlStateOf(other)).toBeUndefined();
      expect(isUniqueViolation(other)).toBe(false);
      expect(isLockNotAvailable(other)).toBe(false);
    }
  });

  // Two sessions at once: PGlite has a single one.
  const onPostgres = process.env.TEST_DB_MODE === 'pglite' ? it.skip : it;
  onPostgres('recognises a row locked by another transaction (NOWAIT)', async () => {
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query(`SELECT id FROM error_probe WHERE id = 1 FOR UPDATE`);
      const error = await refusal(`SELECT id FROM error_probe WHERE id = 1 FOR UPDATE NOWAIT`);
      expect(isLockNotAvailable(error)).toBe(true);
      expect(isUniqueViolation(error)).toBe(false);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
