import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service.js';

/** MetricsService for every module that counts something; served by configureApp at /metrics. */
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
