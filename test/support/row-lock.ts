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
