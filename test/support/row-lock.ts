import type { DataSource, EntityManager } from 'typeorm';

/**
 * Takes a row lock with `lock` in a transaction of its own and keeps that transaction open while
 * `whileHeld` runs (other transactions meet the lock), then rolls it back and runs `afterRelease`.
 */
export async function holdingLock(
  dataSource: DataSource,
  lock: (manager: EntityManager) => Promise<unknown>,
  whileHeld: () => Promise<void>,
  afterRelease: () => Promise<void>,
): Promise<void> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.startTransaction();
    await lock(queryRunner.manager);
    await whileHeld();
    await queryRunner.rollbackTransaction();
    await afterRelease();
  } finally {
    await queryRunner.release();
  }
}

/**
 * Waits until `count` sessions of this database are blocked on a lock (pg_stat_activity's
 * wait_event_type 'Lock': a row lock held elsewhere, e.g. by holdingLock). An event, not a
 * delay: a request counted here has reached the lock. `withinMs` only bounds a hung test; the
 * caller asserts on the count returned.
 */
export async function lockWaiters(
  dataSource: DataSource,
  count: number,
  withinMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const [{ waiting }] = await dataSource.query<{ waiting: number }[]>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (waiting >= count || Date.now() >= deadline) return waiting;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
