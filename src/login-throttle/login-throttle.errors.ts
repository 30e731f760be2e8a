import { errorEntry } from '../common/errors/app-error.js';

/** Error catalogue of login throttling. */
export const LoginThrottleErrors = {
  /** `details.retry_after` (seconds) also goes out as the `Retry-After` header. */
  tooManyAttempts: errorEntry('AUTH.TOO_MANY_ATTEMPTS', (retryAfterSeconds: number) => ({
    message: `Too many failed attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`,
    details: { retry_after: retryAfterSeconds },
  })),
};
