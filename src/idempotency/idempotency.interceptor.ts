import { CallHandler, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of, switchMap, throwError } from 'rxjs';
import type { Principal } from '../common/auth/principal.js';
import { acceptsIdempotencyKey } from '../common/http/idempotent-route.js';
import type { RouteFacts, RouteStep } from '../common/http/route-pipeline.interceptor.js';
import { IdempotencyErrors } from './idempotency.errors.js';
import { parseIdempotencyKey, requestFingerprint } from './request-fingerprint.js';
import { IdempotencyService, IdempotentRequest } from './services/idempotency.service.js';

/** Response header on an answer that was stored earlier and is sent again. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * `Idempotency-Key` on state-changing POSTs (docs/security.md). A step of the global
 * RoutePipelineInterceptor around the envelope, so it sees (and stores) the final envelope; only
 * on routes that accept keys (acceptsIdempotencyKey). A request without the header passes
 * through without a single statement.
 */
@Injectable()
export class IdempotencyInterceptor implements RouteStep {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  appliesTo({ method, handler, controller }: RouteFacts): boolean {
    return acceptsIdempotencyKey(this.reflector, method, [handler, controller]);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Principal }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !request.user) return next.handle();
    const key = parseIdempotencyKey(header);
    if (!key) return throwError(() => IdempotencyErrors.keyInvalid());
    const keyed: IdempotentRequest = {
      scope: `${request.user.kind}:${request.user.id}`,
      key,
      fingerprint: requestFingerprint(request.method, request.url, request.body),
      request: `${request.method} ${request.url}`,
    };
    return from(this.idempotency.begin(keyed)).pipe(
      switchMap((decision) => {
        if (decision.kind === 'replay') {
          http.getResponse<FastifyReply>().header(REPLAYED_HEADER, 'true');
          return of(decision.response);
        }
        return next.handle().pipe(
          mergeMap(async (envelope: unknown) => {
            // The effect has committed: a failure to record it must not turn into an error answer
            // (the client would retry and act twice as soon as the claim times out).
            await this.idempotency
              .complete(keyed, decision.claimId, envelope)
              .catch((error: unknown) => this.warn('could not store the answer', keyed, error));
            return envelope;
          }),
          catchError(async (error: unknown) => {
            await this.idempotency
              .release(keyed, decision.claimId)
              .catch((failure: unknown) => this.warn('could not release the key', keyed, failure));
            throw error;
          }),
        );
      }),
    );
  }

  private warn(msg: string, keyed: IdempotentRequest, error: unknown): void {
    this.logger.warn({ msg, scope: keyed.scope, request: keyed.request, error: String(error) });
  }
}
