import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiExtension, ApiHeader, ApiSecurity } from '@nestjs/swagger';
import { AdminPrincipal, CustomerPrincipal, Principal } from './principal.js';
import { rolesWith, StaffPermissionName } from './staff-roles.js';

/** Who may call a route. Routes without a decorator are customer-only: deny by default. */
export enum Access {
  Public = 'public',
  Customer = 'customer',
  Admin = 'admin',
  /** A logged-in customer or admin (e.g. attachment upload). */
  AnyAccount = 'any-account',
}

export const ACCESS_KEY = 'access';

export const SWAGGER_CUSTOMER_AUTH = ['token', 'cookie', 'bearer'] as const;
export const SWAGGER_ADMIN_AUTH = ['admin', 'bearer'] as const;

/** One decorator declares access for both the guard and Swagger. */
function access(level: Access, security: readonly string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_KEY, level),
    ...security.map((name) => ApiSecurity(name)),
  );
}

export const Public = () =>
  applyDecorators(SetMetadata(ACCESS_KEY, Access.Public), ApiSecurity({}));
export const CustomerOnly = () => access(Access.Customer, SWAGGER_CUSTOMER_AUTH);
export const Admin = () => access(Access.Admin, SWAGGER_ADMIN_AUTH);
export const AnyAccount = () =>
  applyDecorators(
    access(Access.AnyAccount, [...SWAGGER_CUSTOMER_AUTH, 'admin']),
    ApiHeader({
      name: 'admin',
      required: false,
      description: 'Admin token (staff); or send a customer token',
    }),
  );

export const STAFF_PERMISSION_KEY = 'staff-permission';

/**
 * The permission a staff token needs on this route (on @Admin() and @AnyAccount() routes), from
 * the role table in staff-roles.ts. Without it a route is owner-only. Swagger shows the
 * permission and the roles that hold it (`x-staff-permission`, `x-staff-roles`).
 */
export const StaffPermission = (permission: StaffPermissionName) =>
  applyDecorators(
    SetMetadata(STAFF_PERMISSION_KEY, permission),
    ApiExtension('x-staff-permission', permission),
    ApiExtension('x-staff-roles', rolesWith(permission)),
  );

export const ACCOUNT_ROW_KEY = 'account-row';

/**
 * The route shows the logged-in customer's own account: the token check reads the whole row in
 * its one statement (instead of the four columns it checks) and the handler takes it with
 * @CurrentAccountRow(), so the route answers without reading the account a second time. The row
 * is as fresh as a second read in the same request would be: both come from the primary after
 * the caller's earlier writes committed.
 */
export const WithAccountRow = () => SetMetadata(ACCOUNT_ROW_KEY, true);

export const ACCOUNT_IN_READ_KEY = 'account-in-read';

/**
 * A customer read whose one statement also checks the account (exists, active, the token's
 * version): the guard verifies the token only, the lookup adds the account check to the read's
 * condition (DeferredAccountCheck), and AccountCheckStep runs the check on its own where the read
 * returned no row, before the answer leaves. One statement instead of two, same answers (a stale
 * token still gets 1001, also beside a bad query). Only on GET routes whose reads go through
 * OrderLookup or CommOrderLookup and use nothing of the caller but the id, and whose read runs on
 * the primary: a replica's copy of the account may lag a disable or a password change.
 */
export const AccountCheckedByRead = () => SetMetadata(ACCOUNT_IN_READ_KEY, true);

function principalOf(ctx: ExecutionContext): Principal {
  return ctx.switchToHttp().getRequest<{ user: Principal }>().user;
}

/** The logged-in customer (only on customer routes, where the guard guarantees one). */
export const CurrentCustomer = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => principalOf(ctx) as CustomerPrincipal,
);

/** The logged-in staff member (only on @Admin() routes). */
export const CurrentAdmin = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => principalOf(ctx) as AdminPrincipal,
);

/** Whoever is logged in, customer or admin (on @AnyAccount() routes). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  principalOf(ctx),
);

/**
 * The account row the token check read on a @WithAccountRow() route (the users module's entity;
 * undefined where the request logged in another way, e.g. a stream ticket).
 */
export const CurrentAccountRow = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) =>
    ctx.switchToHttp().getRequest<{ accountRow?: unknown }>().accountRow,
);
