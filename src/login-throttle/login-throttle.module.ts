import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginAttempt } from './entities/login-attempt.entity.js';
import { LoginThrottleInterceptor } from './login-throttle.interceptor.js';
import { LoginThrottleService } from './services/login-throttle.service.js';

/**
 * Login throttling in PostgreSQL (docs/security.md): routes opt in with @LoginThrottled();
 * the interceptor is a step of the global pipeline (AppModule) that only those routes meet.
 */
@Module({
  imports: [TypeOrmModule.forFeature([LoginAttempt])],
  providers: [LoginThrottleService, LoginThrottleInterceptor],
  exports: [LoginThrottleInterceptor],
})
export class LoginThrottleModule {}
