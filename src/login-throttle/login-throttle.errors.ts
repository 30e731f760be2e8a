import { AppError } from '../common/errors/app-error.js';

/** Error catalogue of login throttling. */
export const LoginThrottleErrors = {
  /** `details.retry_after` (seconds) also goes out as the `Retry-After` header. */
  tooManyAttempts: (retryAfterSeconds: number) =>
    new AppError(
      'AUTH.TOO_MANY_ATTEMPTS',
      `Too many failed attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`,
      undefined,
      { retry_after: retryAfterSeconds },
    ),
};
