import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { CommonErrors } from '../errors/app-error.js';
import { isTrustedOriginRequest, SAFE_METHODS } from '../http/same-origin.js';
import { customerTokenIsCookie } from './token-extractors.js';
import { currentRequestStore } from '../logging/request-context.js';
import {
  Access,
  ACCESS_KEY,
  ACCOUNT_IN_READ_KEY,
  ACCOUNT_ROW_KEY,
  STAFF_PERMISSION_KEY,
} from './access.decorators.js';
import { AdminPrincipal, Principal } from './principal.js';
import { AdminTokenCheck, CustomerTokenCheck } from './token-check.js';
import { roleMay, StaffPermissionName } from './staff-roles.js';
import {
  Credential,
  STREAM_TICKET_KEY,
  StreamTicketRedeemer,
  TOKEN_QUERY_PARAMETERS,
} from './stream-ticket.js';

export interface RequestWithAuth extends FastifyRequest {
  user?: Principal;
  /** Set by either strategy when the token is close to expiry (AnqiCMS's `update-token`). */
  refreshedToken?: string;
  /** The expiry and token version of the token (or ticket) the request logged in with. */
  credential?: Credential;
  /** The whole account row, read by the token check on @WithAccountRow() routes. */
  accountRow?: unknown;
  /**
   * On @AccountCheckedByRead() routes: finishes the login after the route's read (AccountCheckStep
   * calls it before any answer leaves); throws the guard's refusal where the account is not
   * current. Runs once however often it is called.
   */
  finishLogin?: () => Promise<void>;
}

/** What a route's decorators say about who may call it. */
interface RouteAccess {
  access: Access;
  ticketRoute: boolean;
  permission: StaffPermissionName | undefined;
  /** @WithAccountRow(): the customer check reads the whole account row. */
  accountRow: boolean;
  /** @AccountCheckedByRead(): the customer's account is checked by the route's read. */
  accountInRead: boolean;
}

/**
 * "Does this realm's token log the request in?", as the passport guard of its strategy answered
 * it (the principal in `request.user`), without passport's per-request strategy machinery. Only
 * a refusal means "no"; a failure while checking (the database is down, the pool is exhausted)
 * propagates, so the client sees an error rather than a misleading "not logged in".
 */
class Realm {
  constructor(private readonly tokens: CustomerTokenCheck | AdminTokenCheck) {}

  async accepts(ctx: ExecutionContext, wholeRow = false): Promise<boolean> {
    const request = ctx.switchToHttp().getRequest<RequestWithAuth>();
    const principal = await this.tokens.check(request, wholeRow);
    if (!principal) return false;
    request.user = principal;
    return true;
  }
}

/**
 * The global guard. Every route is customer-only unless marked @Public(), @Admin() or
 * @AnyAccount(). No valid token → 1001; a valid token of the wrong kind → 1002. A staff token
 * must also hold the route's @StaffPermission (none declared = owner-only) → else 1002. The
 * role comes with the one-statement token check: no extra query per request. A disabled staff
 * account fails that check like an expired token (1001: it no longer logs anyone in).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly customer: Realm;
  private readonly admin: Realm;
  private readonly customerTokens: CustomerTokenCheck;
  /** Access metadata by controller class, then by handler (routeOf). */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    customerTokens: CustomerTokenCheck,
    adminTokens: AdminTokenCheck,
    @Optional() private readonly tickets?: StreamTicketRedeemer,
  ) {
    this.customer = new Realm(customerTokens);
    this.customerTokens = customerTokens;
    this.admin = new Realm(adminTokens);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { access, ticketRoute, accountRow, accountInRead } = this.routeOf(ctx);
    if (ticketRoute) {
      const ticket = await this.withTicket(ctx, access);
      if (ticket !== undefined) return ticket;
    }

    switch (access) {
      case Access.Public:
        return true;
      case Access.Customer:
        this.refuseForgeableCookieRequest(ctx);
        if (accountInRead) {
          if (await this.deferCustomer(ctx)) return true;
        } else if (await this.customer.accepts(ctx, accountRow)) return this.afterLogin(ctx);
        return this.refuseCustomer(ctx);
      case Access.Admin:
        if (await this.admin.accepts(ctx)) return this.afterStaffLogin(ctx);
        if (await this.customer.accepts(ctx))
          throw CommonErrors.notAllowed('This needs a staff (admin) login');
        throw CommonErrors.notLoggedIn();
      case Access.AnyAccount:
        if (await this.admin.accepts(ctx)) return this.afterStaffLogin(ctx);
        this.refuseForgeableCookieRequest(ctx);
        if (await this.customer.accepts(ctx)) return this.afterLogin(ctx);
        throw CommonErrors.notLoggedIn();
    }
  }

  /**
   * The route's access metadata, read once per controller method: decorators never change at
   * run time, and reading them through the reflector on every request showed in the profile.
   */
  private routeOf(ctx: ExecutionContext): RouteAccess {
    const handler = ctx.getHandler();
    const controller = ctx.getClass();
    let routes = this.routes.get(controller);
    if (!routes) this.routes.set(controller, (routes = new WeakMap()));
    let route = routes.get(handler);
    if (!route) {
      const targets = [handler, controller];
      route = {
        access:
          this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, targets) ??
          Access.Customer,
        ticketRoute: !!this.reflector.getAllAndOverride<boolean | undefined>(
          STREAM_TICKET_KEY,
          targets,
        ),
        permission: this.reflector.getAllAndOverride<StaffPermissionName | undefined>(
          STAFF_PERMISSION_KEY,
          targets,
        ),
        accountRow: !!this.reflector.getAllAndOverride<boolean | undefined>(
          ACCOUNT_ROW_KEY,
          targets,
        ),
        accountInRead: !!this.reflector.getAllAndOverride<boolean | undefined>(
          ACCOUNT_IN_READ_KEY,
          targets,
        ),
      };
      routes.set(handler, route);
    }
    return route;
  }

  /**
   * On a route that accepts stream tickets: a long-lived token in the URL is refused, and
   * `?ticket=` logs in as the account it was issued to (used up by this attempt). Undefined: no
   * ticket sent, the usual token checks apply.
   */
  private async withTicket(ctx: ExecutionContext, access: Access): Promise<boolean | undefined> {
    const request = ctx.switchToHttp().getRequest<RequestWithAuth>();
    const query = (request.query ?? {}) as Record<string, unknown>;
    const inUrl = TOKEN_QUERY_PARAMETERS.find((name) => query[name] !== undefined);
    if (inUrl) {
      throw CommonErrors.notLoggedIn(
        `A token is never accepted in the URL (?${inUrl}=): send it in a header or the token cookie, or get a single-use stream ticket and pass ?ticket=`,
      );
    }
    const ticket = query.ticket;
    if (ticket === undefined) return undefined;
    const redeemed =
      typeof ticket === 'string' && this.tickets ? await this.tickets.redeem(ticket) : undefined;
    if (!redeemed) {
      throw CommonErrors.notLoggedIn(
        'The stream ticket is unknown, already used or expired; get a new one',
      );
    }
    const { principal, credential } = redeemed;
    const wanted = access === Access.Admin ? 'admin' : 'customer';
    if (access !== Access.AnyAccount && principal.kind !== wanted) {
      throw CommonErrors.notAllowed(
        wanted === 'admin'
          ? 'This needs a staff (admin) login'
          : 'This needs a customer login, not a staff one',
      );
    }
    request.user = principal;
    request.credential = credential;
    return principal.kind === 'admin' ? this.afterStaffLogin(ctx) : true;
  }

  /** A customer route without a customer login: 1002 for a staff token, else 1001. */
  private async refuseCustomer(ctx: ExecutionContext): Promise<never> {
    if (await this.admin.accepts(ctx))
      throw CommonErrors.notAllowed('This needs a customer login, not a staff one');
    throw CommonErrors.notLoggedIn();
  }

  /**
   * @AccountCheckedByRead(): the token verified, the account check left to the route's read.
   * `finishLogin` then answers what the usual check would have: the login (credential,
   * `update-token`), or the same refusal, only later (before any answer leaves).
   */
  private async deferCustomer(ctx: ExecutionContext): Promise<boolean> {
    const request = ctx.switchToHttp().getRequest<RequestWithAuth>();
    const login = await this.customerTokens.defer(request);
    if (!login) return false;
    request.user = login.principal;
    let finished: Promise<void> | undefined;
    request.finishLogin = () =>
      (finished ??= login.complete().then((principal) => {
        request.user = principal || undefined;
        if (principal) {
          this.afterLogin(ctx);
          return;
        }
        return this.refuseCustomer(ctx);
      }));
    return true;
  }

  private afterStaffLogin(ctx: ExecutionContext): boolean {
    const staff = ctx.switchToHttp().getRequest<RequestWithAuth>().user as AdminPrincipal;
    const { permission } = this.routeOf(ctx);
    if (!roleMay(staff.role, permission)) {
      throw CommonErrors.notAllowed(
        `The ${staff.role} role may not do this (needs ${permission ?? 'the owner role'})`,
      );
    }
    // Who and from where, for the audit trail written by the services of this request.
    const store = currentRequestStore();
    if (store) store.staff = { id: staff.id, userName: staff.userName };
    return this.afterLogin(ctx);
  }

  /**
   * The `token` cookie rides along with requests other sites make (a form posted from a sibling
   * subdomain, an old browser without SameSite). A state change it logs in must therefore be
   * JSON (no page can post JSON elsewhere without a CORS preflight) from a trusted origin
   * (isTrustedOriginRequest: ours, or one in CORS_ORIGINS). The Token header and Bearer, which
   * no other site can make a browser send, need neither. The staff pages' session cookie passes
   * the same origin rule (isSameOriginRequest) plus their CSRF token.
   */
  private refuseForgeableCookieRequest(ctx: ExecutionContext): void {
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method) || !customerTokenIsCookie(request)) return;
    if (!isTrustedOriginRequest(request, this.config.publicUrl, this.config.corsOrigins))
      throw CommonErrors.notAllowed(
        'A request logged in by the token cookie must come from this site’s own pages (or an origin in CORS_ORIGINS); send the token in the Token header instead',
      );
    if (!/^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(request.headers['content-type'] ?? ''))
      throw CommonErrors.notAllowed(
        'A request logged in by the token cookie must send a JSON body (Content-Type: application/json); send the token in the Token header instead',
      );
  }

  /** A token close to expiry gets its successor in `update-token` (customers and staff alike). */
  private afterLogin(ctx: ExecutionContext): boolean {
    const request = ctx.switchToHttp().getRequest<RequestWithAuth>();
    if (request.refreshedToken) {
      ctx.switchToHttp().getResponse<FastifyReply>().header('update-token', request.refreshedToken);
    }
    return true;
  }
}
