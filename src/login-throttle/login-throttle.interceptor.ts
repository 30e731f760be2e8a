import { CallHandler, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, switchMap } from 'rxjs';
import { AppError } from '../common/errors/app-error.js';
import type { RouteFacts, RouteStep } from '../common/http/route-pipeline.interceptor.js';
import { LOGIN_THROTTLE, LoginThrottlePolicy } from './login-throttle.decorator.js';
import { LoginThrottleService } from './services/login-throttle.service.js';

/**
 * The account a login names, in the customer login's precedence (email, then phone, then
 * user_name: AnqiCMS's), so logging in by email or phone is counted per account too.
 */
function loginOf(body: unknown): string | undefined {
  const fields = body as { email?: unknown; phone?: unknown; user_name?: unknown } | undefined;
  for (const value of [fields?.email, fields?.phone, fields?.user_name])
    if (typeof value === 'string' && value.trim()) return value.trim().toLowerCase();
  return undefined;
}

/**
 * Wraps the routes marked @LoginThrottled(): charges the attempt before the handler (and the
 * validation pipe) run, then settles it by the outcome. A step of the global
 * RoutePipelineInterceptor on those routes only: no other route meets it.
 */
@Injectable()
export class LoginThrottleInterceptor implements RouteStep {
  constructor(
    private readonly reflector: Reflector,
    private readonly throttle: LoginThrottleService,
  ) {}

  appliesTo({ handler }: RouteFacts): boolean {
    return this.policyOf(handler) !== undefined;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const policy = this.policyOf(ctx.getHandler());
    if (!policy) return next.handle();
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    const subject = {
      realm: policy.realm,
      login: policy.perAccount ? loginOf(request.body) : undefined,
      address: request.ip,
    };
    return from(this.throttle.begin(subject)).pipe(
      switchMap((ticket) =>
        next.handle().pipe(
          mergeMap(async (result: unknown) => {
            await this.throttle.succeeded(ticket);
            return result;
          }),
          catchError(async (error: unknown) => {
            const failedGuess =
              error instanceof AppError &&
              policy.failures.some((failure) => failure.reason === error.reason);
            if (!failedGuess) await this.throttle.release(ticket);
            throw error;
          }),
        ),
      ),
    );
  }

  private policyOf(handler: object): LoginThrottlePolicy | undefined {
    return this.reflector.get<LoginThrottlePolicy | undefined>(
      LOGIN_THROTTLE,
      handler as () => void,
    );
  }
}
