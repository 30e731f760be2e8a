/**
 * Recognising what PostgreSQL refused, in one place. TypeORM wraps the driver's error in a
 * QueryFailedError (`driverError`, with its fields also copied onto the wrapper); a raw driver
 * error carries them itself. Both are read the same way here.
 */

/** The SQLSTATE codes the app reacts to (PostgreSQL appendix A). */
export const SqlState = {
  uniqueViolation: '23505',
  numericOutOfRange: '22003',
  readOnlyTransaction: '25006',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  lockNotAvailable: '55P03',
} as const;

interface DriverFields {
  code?: unknown;
  constraint?: unknown;
}

function driverFields(error: unknown): DriverFields {
  if (typeof error !== 'object' || error === null) return {};
  return (error as { driverError?: DriverFields }).driverError ?? error;
}

/** The SQLSTATE of a database error, or undefined for anything else. */
export function sqlStateOf(error: unknown): string | undefined {
  const { code } = driverFields(error);
  if (typeof code === 'string') return code;
  const own =
    typeof error === 'object' && error !== null ? (error as DriverFields).code : undefined;
  return typeof own === 'string' ? own : undefined;
}

/**
 * The name of the unique index or constraint a write ran into, or undefined when the error is
 * not a unique violation. Named constraints (`uq_orders_comm_order_id`) are how a service maps a
 * race it lost to its catalogued error.
 */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  if (sqlStateOf(error) !== SqlState.uniqueViolation) return undefined;
  const { constraint } = driverFields(error);
  return typeof constraint === 'string' ? constraint : undefined;
}

/** A unique violation, of `constraint` when one is named. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (sqlStateOf(error) !== SqlState.uniqueViolation) return false;
  return constraint === undefined || violatedUniqueConstraint(error) === constraint;
}

/** `FOR UPDATE NOWAIT` (or `lock_timeout`) found the row locked by another transaction. */
export function isLockNotAvailable(error: unknown): boolean {
  return sqlStateOf(error) === SqlState.lockNotAvailable;
}
