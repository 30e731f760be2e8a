import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoginThrottleInterceptor } from './login-throttle.interceptor.js';
import { LoginThrottleService } from './services/login-throttle.service.js';

/**
 * Login throttling in PostgreSQL (docs/security.md): routes opt in with @LoginThrottled();
 * the interceptor is global but does nothing on other routes.
 */
@Module({
  providers: [
    LoginThrottleService,
    { provide: APP_INTERCEPTOR, useClass: LoginThrottleInterceptor },
  ],
  exports: [LoginThrottleService],
})
export class LoginThrottleModule {}
