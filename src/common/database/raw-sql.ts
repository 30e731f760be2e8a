import { EntityManager } from 'typeorm';

/**
 * Runs an `UPDATE ... RETURNING` or `DELETE ... RETURNING` and gives its rows. (TypeORM's
 * `query()` answers `[rows, affectedCount]` for these commands but plain rows for SELECT and
 * INSERT; this keeps that quirk in one place.)
 */
export async function updateReturning<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const result = await manager.query<[T[], number]>(sql, parameters);
  return result[0];
}
