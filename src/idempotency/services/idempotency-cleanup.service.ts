import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';
import { IdempotencyService } from './idempotency.service.js';

/** Deletes Idempotency-Key records past IDEMPOTENCY_TTL, every CLEANUP_INTERVAL_SECONDS. */
@Injectable()
export class IdempotencyCleanupService extends PeriodicJob {
  protected readonly logger = new Logger('IdempotencyCleanup');

  constructor(
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return this.config.cleanupIntervalSeconds;
  }

  async runOnce(): Promise<number> {
    const deleted = await this.idempotency.deleteExpired();
    if (deleted) this.logger.log({ msg: 'expired idempotency keys deleted', deleted });
    return deleted;
  }
}
