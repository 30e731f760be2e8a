import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { defer, Observable } from 'rxjs';

/** What a pipeline step may decide by: the route (handler, controller) and the request method. */
export interface RouteFacts {
  method: string;
  handler: object;
  controller: object;
}

/**
 * An interceptor of the global pipeline that says, once per route and method, whether it acts
 * there at all; where it does not, requests skip it entirely (no rxjs layer, no metadata read).
 */
export interface RouteStep extends NestInterceptor {
  appliesTo(route: RouteFacts): boolean;
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown>;
}

/** The pipeline's steps, outermost first (AppModule lists them). */
export const ROUTE_STEPS = Symbol('ROUTE_STEPS');

/**
 * The one global interceptor: it runs, in order, only the steps that apply to the route and
 * method (idempotency on logged-in POSTs, the envelope on non-raw routes, the write position with
 * read replicas, the login throttle on @LoginThrottled routes). Which steps apply is decided on a
 * route's first request and kept: the metadata never changes at run time. A cheap GET then pays
 * for one step (the envelope) instead of four global interceptors that each looked and passed.
 */
@Injectable()
export class RoutePipelineInterceptor implements NestInterceptor {
  /** Steps by controller, handler, then request method (HEAD reaches GET handlers too). */
  private readonly chains = new WeakMap<object, WeakMap<object, Map<string, RouteStep[]>>>();

  constructor(@Inject(ROUTE_STEPS) private readonly steps: RouteStep[]) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const chain = this.chainOf(ctx);
    if (!chain.length) return next.handle();
    // Inner steps start when the step around them subscribes (as Nest runs a list of them).
    let inner: CallHandler = next;
    for (let i = chain.length - 1; i > 0; i--) {
      const step = chain[i];
      const handler = inner;
      inner = { handle: () => defer(() => step.intercept(ctx, handler)) };
    }
    return chain[0].intercept(ctx, inner);
  }

  private chainOf(ctx: ExecutionContext): RouteStep[] {
    const handler = ctx.getHandler();
    const controller = ctx.getClass();
    const { method } = ctx.switchToHttp().getRequest<{ method: string }>();
    let handlers = this.chains.get(controller);
    if (!handlers) this.chains.set(controller, (handlers = new WeakMap()));
    let byMethod = handlers.get(handler);
    if (!byMethod) handlers.set(handler, (byMethod = new Map<string, RouteStep[]>()));
    let chain = byMethod.get(method);
    if (!chain) {
      const route = { method, handler, controller };
      chain = this.steps.filter((step) => step.appliesTo(route));
      byMethod.set(method, chain);
    }
    return chain;
  }
}
