import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { mergeMap, Observable } from 'rxjs';
import type { Principal } from '../auth/principal.js';
import { ReadReplicas } from './read-replicas.service.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read your own writes: after a logged-in caller's write request succeeded (its transaction has
 * committed), the primary's WAL position is recorded for that account before the answer leaves,
 * so the caller's next read, on any instance, waits for a replica that has it or uses the
 * primary. Nothing happens without replicas.
 */
@Injectable()
export class RecordWritesInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ReadReplicas');

  constructor(private readonly replicas: ReadReplicas) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.replicas.enabled || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ method: string; user?: Principal }>();
    if (READS.has(request.method)) return next.handle();
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
