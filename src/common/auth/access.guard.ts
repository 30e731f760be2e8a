import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, IAuthGuard } from '@nestjs/passport';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrors } from '../errors/app-error.js';
import { Access, ACCESS_KEY } from './access.decorators.js';
import { ADMIN_JWT, CUSTOMER_JWT, Principal } from './principal.js';

/** Set by the customer strategy when the token is close to expiry (AnqiCMS's `update-token`). */
export interface RequestWithAuth extends FastifyRequest {
  user?: Principal;
  refreshedToken?: string;
}

/** A passport guard that answers "did this strategy accept the request?" instead of throwing. */
class QuietPassportGuard {
  private readonly guard: IAuthGuard;

  constructor(strategy: string) {
    const Guard = AuthGuard(strategy);
    this.guard = new Guard();
    // Keep the principal, swallow passport's 401: the access guard picks the envelope code.
    this.guard.handleRequest = <T>(err: unknown, user: T): T => {
      if (err instanceof Error) throw err;
      if (err || !user) throw new Error('unauthenticated');
      return user;
    };
  }

  async accepts(ctx: ExecutionContext): Promise<boolean> {
    try {
      return (await this.guard.canActivate(ctx)) === true;
    } catch {
      return false;
    }
  }
}

/**
 * The global guard. Every route is customer-only unless marked @Public(), @Admin() or
 * @AnyAccount(). No valid token → 1001; a valid token of the wrong kind → 1002.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly customer = new QuietPassportGuard(CUSTOMER_JWT);
  private readonly admin = new QuietPassportGuard(ADMIN_JWT);

  constructor(private readonly reflector: Reflector) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const access =
      this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
        ctx.getHandler(),
        ctx.getClass(),
      ]) ?? Access.Customer;

    switch (access) {
      case Access.Public:
        return true;
      case Access.Customer:
        if (await this.customer.accepts(ctx)) return this.afterCustomerLogin(ctx);
        if (await this.admin.accepts(ctx))
          throw CommonErrors.notAllowed('This needs a customer login, not a staff one');
        throw CommonErrors.notLoggedIn();
      case Access.Admin:
        if (await this.admin.accepts(ctx)) return true;
        if (await this.customer.accepts(ctx))
          throw CommonErrors.notAllowed('This needs a staff (admin) login');
        throw CommonErrors.notLoggedIn();
      case Access.AnyAccount:
        if (await this.admin.accepts(ctx)) return true;
        if (await this.customer.accepts(ctx)) return this.afterCustomerLogin(ctx);
        throw CommonErrors.notLoggedIn();
    }
  }

  private afterCustomerLogin(ctx: ExecutionContext): boolean {
    const request = ctx.switchToHttp().getRequest<RequestWithAuth>();
    if (request.refreshedToken) {
      ctx.switchToHttp().getResponse<FastifyReply>().header('update-token', request.refreshedToken);
    }
    return true;
  }
}
