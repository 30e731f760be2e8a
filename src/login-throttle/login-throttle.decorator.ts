import { SetMetadata } from '@nestjs/common';
import type { ErrorEntry } from '../common/errors/app-error.js';
import { withNote } from '../common/swagger/api-envelope.decorators.js';
import { LoginThrottleErrors } from './login-throttle.errors.js';
import type { LoginRealm } from './services/login-throttle.service.js';

export const LOGIN_THROTTLE = 'login-throttle';

export interface LoginThrottlePolicy {
  realm: LoginRealm;
  /** Count per account too (the `user_name` of the body), not only per client address. */
  perAccount: boolean;
  /** Errors that mean "a guess failed": they stay counted. Any other outcome is settled. */
  failures: readonly ErrorEntry[];
}

/**
 * Throttles a login-like route (docs/security.md): attempts are counted per account name and per
 * client address before the handler runs; a locked key answers AUTH.TOO_MANY_ATTEMPTS with
 * `Retry-After`. The login use case itself stays unaware of it.
 */
export const LoginThrottled = (policy: LoginThrottlePolicy) => SetMetadata(LOGIN_THROTTLE, policy);

/** The refusal every throttled route documents in its `ApiEnvelope` errors. */
export const THROTTLED = withNote(LoginThrottleErrors.tooManyAttempts, 'with Retry-After');
