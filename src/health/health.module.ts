import { Global, Module } from '@nestjs/common';
import { LifecycleState } from '../common/lifecycle/lifecycle-state.js';
import { HealthController } from './health.controller.js';
import { ReadinessService } from './readiness.service.js';

@Global()
@Module({
  controllers: [HealthController],
  providers: [LifecycleState, ReadinessService],
  exports: [LifecycleState],
})
export class HealthModule {}
