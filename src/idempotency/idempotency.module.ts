import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyRecord } from './entities/idempotency-record.entity.js';
import { IdempotencyService } from './services/idempotency.service.js';

/**
 * `Idempotency-Key` records (docs/security.md). The interceptor itself is registered by AppModule,
 * before the envelope interceptor, because it must wrap it (it stores the final envelope).
 */
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyRecord])],
  providers: [IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
