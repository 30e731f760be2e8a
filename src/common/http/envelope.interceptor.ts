import { CallHandler, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, Observable } from 'rxjs';
import { EnvelopeCode } from '../errors/app-error.js';
import { Envelope, Page, WithMessage } from './envelope.js';
import { recordOutcome } from './request-outcome.js';
import type { RouteFacts, RouteStep } from './route-pipeline.interceptor.js';

export const RAW_RESPONSE = 'raw-response';

/** The handler's result goes out as-is (health probes, file downloads, CSV streams). */
export const RawResponse = () => SetMetadata(RAW_RESPONSE, true);

export function toEnvelope(result: unknown): Envelope {
  if (result instanceof Page) {
    const envelope: Envelope = {
      code: EnvelopeCode.Ok,
      msg: '',
      data: result.items,
      total: result.total,
    };
    if (result.totalCapped !== undefined) envelope.total_capped = result.totalCapped;
    return envelope;
  }
  if (result instanceof WithMessage) {
    return { ...toEnvelope(result.data), msg: result.msg };
  }
  return { code: EnvelopeCode.Ok, msg: '', data: result ?? null };
}

/**
 * Wraps every handler result in the AnqiCMS envelope `{code: 0, msg, data[, total]}`; a step of
 * the global RoutePipelineInterceptor, on every route but @RawResponse() ones.
 */
@Injectable()
export class EnvelopeInterceptor implements RouteStep {
  constructor(private readonly reflector: Reflector) {}

  appliesTo({ handler, controller }: RouteFacts): boolean {
    const targets = [handler, controller] as [() => void, () => void];
    return !this.reflector.getAllAndOverride<boolean>(RAW_RESPONSE, targets);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = ctx.switchToHttp().getRequest<object>();
    return next.handle().pipe(
      map((result) => {
        const envelope = toEnvelope(result);
        recordOutcome(request, { code: envelope.code });
        return envelope;
      }),
    );
  }
}
