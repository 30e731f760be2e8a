import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginAttempt } from './entities/login-attempt.entity.js';
import { LoginThrottleInterceptor } from './login-throttle.interceptor.js';
import { LoginThrottleService } from './services/login-throttle.service.js';

/**
 * Login throttling in PostgreSQL (docs/security.md): routes opt in with @LoginThrottled();
 * the interceptor is global but does nothing on other routes.
 */
@Module({
  imports: [TypeOrmModule.forFeature([LoginAttempt])],
  providers: [
    LoginThrottleService,
    { provide: APP_INTERCEPTOR, useClass: LoginThrottleInterceptor },
  ],
})
export class LoginThrottleModule {}
