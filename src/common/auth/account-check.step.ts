import { CallHandler, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, concatMap, from, Observable, throwError } from 'rxjs';
import type { RouteFacts, RouteStep } from '../http/route-pipeline.interceptor.js';
import { ACCOUNT_IN_READ_KEY } from './access.decorators.js';
import type { RequestWithAuth } from './access.guard.js';

/**
 * On @AccountCheckedByRead() routes: the login the guard left open is finished before anything
 * leaves, after the handler's answer or its error (a validation error included: the pipes run
 * inside). A read that found the account current costs nothing more; otherwise the account
 * check's own statement runs, and a stale token answers 1001 (1002 for a staff token) instead.
 * A step of the global RoutePipelineInterceptor, innermost: the envelope wraps what it lets out.
 */
@Injectable()
export class AccountCheckStep implements RouteStep {
  constructor(private readonly reflector: Reflector) {}

  appliesTo({ handler, controller }: RouteFacts): boolean {
    const targets = [handler, controller] as [() => void, () => void];
    return !!this.reflector.getAllAndOverride<boolean>(ACCOUNT_IN_READ_KEY, targets);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const finish = ctx.switchToHttp().getRequest<RequestWithAuth>().finishLogin;
    if (!finish) return next.handle();
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        await finish();
        return value;
      }),
      // finishLogin runs once: a refusal it threw above comes back here and wins again.
      catchError((error: unknown) =>
        from(finish()).pipe(concatMap(() => throwError(() => error))),
      ),
    );
  }
}
