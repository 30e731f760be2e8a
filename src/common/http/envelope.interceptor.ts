import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, Observable } from 'rxjs';
import { EnvelopeCode } from '../errors/app-error.js';
import { Envelope, Page, WithMessage } from './envelope.js';
import { recordOutcome } from './request-outcome.js';

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

/** Wraps every handler result in the AnqiCMS envelope `{code: 0, msg, data[, total]}`. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  /** @RawResponse() by controller, then handler, read once (decorators never change at run time). */
  private readonly raw = new WeakMap<object, WeakMap<object, boolean>>();

  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const handler = ctx.getHandler();
    const controller = ctx.getClass();
    let routes = this.raw.get(controller);
    if (!routes) this.raw.set(controller, (routes = new WeakMap<object, boolean>()));
    let raw = routes.get(handler);
    if (raw === undefined) {
      raw = !!this.reflector.getAllAndOverride<boolean>(RAW_RESPONSE, [handler, controller]);
      routes.set(handler, raw);
    }
    if (raw) return next.handle();
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
