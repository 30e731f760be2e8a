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

export const RAW_RESPONSE = 'raw-response';

/** The handler's result goes out as-is (health probes, file downloads, CSV streams). */
export const RawResponse = () => SetMetadata(RAW_RESPONSE, true);

export function toEnvelope(result: unknown): Envelope {
  if (result instanceof Page) {
    return { code: EnvelopeCode.Ok, msg: '', data: result.items, total: result.total };
  }
  if (result instanceof WithMessage) {
    return { ...toEnvelope(result.data), msg: result.msg };
  }
  return { code: EnvelopeCode.Ok, msg: '', data: result ?? null };
}

/** Wraps every handler result in the AnqiCMS envelope `{code: 0, msg, data[, total]}`. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const raw = this.reflector.getAllAndOverride<boolean>(RAW_RESPONSE, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (raw) return next.handle();
    return next.handle().pipe(map(toEnvelope));
  }
}
