import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';
import { LoginThrottleService } from './login-throttle.service.js';

/** Deletes login counters that can no longer lock anything, every CLEANUP_INTERVAL_SECONDS. */
@Injectable()
export class LoginThrottleCleanupService extends PeriodicJob {
  protected readonly logger = new Logger('LoginThrottleCleanup');

  constructor(
    private readonly throttle: LoginThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalSeconds(): number {
    return this.config.cleanupIntervalSeconds;
  }

  async runOnce(): Promise<number> {
    const deleted = await this.throttle.deleteExpired();
    if (deleted) this.logger.log({ msg: 'expired login counters deleted', deleted });
    return deleted;
  }
}
