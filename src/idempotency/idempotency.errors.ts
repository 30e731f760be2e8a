import { errorEntry } from '../common/errors/app-error.js';

/** Error catalogue of `Idempotency-Key` handling (HTTP status stays 200, as for every envelope). */
export const IdempotencyErrors = {
  keyInvalid: errorEntry(
    'IDEMPOTENCY.KEY_INVALID',
    () => 'Idempotency-Key must be 1 to 255 printable ASCII characters (e.g. a UUID), sent once',
  ),
  /** The draft's 422: the key was first used for another path or body. */
  keyReused: errorEntry(
    'IDEMPOTENCY.KEY_REUSED',
    () =>
      'This Idempotency-Key was already used for a different request (another path or body); ' +
      'send a new key for a new request (422 Unprocessable Content)',
  ),
  /** The draft's 409: the first request with this key is still running. */
  inProgress: errorEntry('IDEMPOTENCY.IN_PROGRESS', (retryAfterSeconds: number) => ({
    message:
      'A request with this Idempotency-Key is still being processed; retry it in a moment ' +
      'with the same key to get its answer (409 Conflict)',
    details: { retry_after: retryAfterSeconds },
  })),
};
