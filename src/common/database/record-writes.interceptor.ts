import { CallHandler, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { mergeMap, Observable } from 'rxjs';
import type { Principal } from '../auth/principal.js';
import type { RouteFacts, RouteStep } from '../http/route-pipeline.interceptor.js';
import { ReadReplicas } from './read-replicas.service.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read your own writes: after a logged-in caller's write request succeeded (its transaction has
 * committed), the primary's WAL position is recorded for that account before the answer leaves,
 * so the caller's next read, on any instance, waits for a replica that has it or uses the
 * primary. A step of the global RoutePipelineInterceptor: only on writes, only with replicas.
 */
@Injectable()
export class RecordWritesInterceptor implements RouteStep {
  private readonly logger = new Logger('ReadReplicas');

  constructor(private readonly replicas: ReadReplicas) {}

  appliesTo({ method }: RouteFacts): boolean {
    return this.replicas.enabled && !READS.has(method);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ user?: Principal }>();
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        const caller = request.user;
        if (caller)
          await this.replicas.recordWrite(caller).catch((error: unknown) => {
            // The write itself succeeded; the caller's next reads may then go to the primary
            // anyway (a replica is only used when it is within the lag bound).
            this.logger.warn({ msg: 'recording the write position failed', error: String(error) });
          });
        return value;
      }),
    );
  }
}
