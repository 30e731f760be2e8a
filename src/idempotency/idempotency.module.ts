import { Module } from '@nestjs/common';
import { IdempotencyService } from './services/idempotency.service.js';

/**
 * `Idempotency-Key` records (docs/security.md). The interceptor itself is registered by AppModule,
 * before the envelope interceptor, because it must wrap it (it stores the final envelope).
 */
@Module({
  providers: [IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
