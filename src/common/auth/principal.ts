import type { DeferredAccountCheck } from './deferred-account.js';
import type { StaffRole } from './staff-roles.js';

/** Who is calling, as established by the access guard from a verified token. */
export interface CustomerPrincipal {
  kind: 'customer';
  id: number;
  /** Empty on @AccountCheckedByRead() routes: the account is read by the route's statement. */
  userName: string;
  /** On @AccountCheckedByRead() routes until that read (or the check after it) ran. */
  accountCheck?: DeferredAccountCheck;
}

export interface AdminPrincipal {
  kind: 'admin';
  id: number;
  userName: string;
  /** Read with the token check on every request: a role change applies at once. */
  role: StaffRole;
  /**
   * The name staff sign messages with (real name, else user name), read by the same token check
   * so a staff write needs no second read for it; absent where the principal came another way
   * (a stream ticket), and then read when needed.
   */
  displayName?: string;
}

export type Principal = CustomerPrincipal | AdminPrincipal;

/** Passport strategy names; the users module registers them. */
export const CUSTOMER_JWT = 'customer-jwt';
export const ADMIN_JWT = 'admin-jwt';

/** JWT audiences: a customer token can never pass as an admin token, and vice versa. */
export const CUSTOMER_AUDIENCE = 'customer';
export const ADMIN_AUDIENCE = 'admin';
