import type { FastifyRequest } from 'fastify';
import type { DeferredAccountCheck } from './deferred-account.js';
import type { AdminPrincipal, CustomerPrincipal } from './principal.js';

/**
 * One realm's token check, as the AccessGuard runs it on every request: the token from the
 * realm's sources, verified (HS256, audience, expiry), its claims checked and the account read.
 * False when the request does not log in; a failure while checking (the database) throws. The
 * users module provides both, from its passport strategies (same options, same `validate`), so
 * the guard skips passport's per-request machinery but not one of its rules.
 */
export abstract class CustomerTokenCheck {
  /**
   * With `wholeRow` (routes marked @WithAccountRow()), the same statement reads every column of
   * the account and leaves it in `request.accountRow`, so the route needs no read of its own.
   */
  abstract check(request: FastifyRequest, wholeRow?: boolean): Promise<CustomerPrincipal | false>;

  /**
   * On @AccountCheckedByRead() routes: the token verified and its claims checked, the account
   * left to the route's read (the principal carries the DeferredAccountCheck). False where
   * `check` would refuse without reading the account.
   */
  abstract defer(request: FastifyRequest): Promise<DeferredLogin | false>;
}

/** A customer login whose account check rides in the route's read. */
export interface DeferredLogin {
  principal: CustomerPrincipal & { accountCheck: DeferredAccountCheck };
  /**
   * After the read: what `check` would have answered. The read confirmed the account, or the
   * check's own statement runs now; the credential and the refreshed token are set as `check`
   * sets them.
   */
  complete(): Promise<CustomerPrincipal | false>;
}

export abstract class AdminTokenCheck {
  abstract check(request: FastifyRequest): Promise<AdminPrincipal | false>;
}
