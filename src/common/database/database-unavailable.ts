/**
 * Errors that mean "the database cannot be reached right now", as opposed to a bug or a bad query:
 * the client should try again in a moment (503 + Retry-After), and a load balancer should route
 * elsewhere. pg reports them as Node socket errors (ECONNREFUSED...), as pg-pool's connect timeout
 * (also what an exhausted pool answers once its wait is up), as a terminated connection, or as a
 * PostgreSQL SQLSTATE of class 08 (connection exception) / 57P0x (server shutting down, starting).
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /connection timeout/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.has(code))) return true;
  if (typeof code === 'string' && code.startsWith('08')) return true;
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  // AggregateError (a host name resolving to several addresses) lists one error per attempt.
  if (Array.isArray(errors) && errors.some((each) => isDatabaseUnavailable(each, depth + 1))) {
    return true;
  }
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
