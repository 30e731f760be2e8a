import { DynamicModule, Module } from '@nestjs/common';
import { MIGRATIONS } from '../migrations/migrations.js';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { AuditModule } from './audit/audit.module.js';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { CommunicationModule } from './communication/communication.module.js';
import { CouponsModule } from './coupons/coupons.module.js';
import { AccessGuard } from './common/auth/access.guard.js';
import { AccountCheckStep } from './common/auth/account-check.step.js';
import { AppConfig } from './common/config/app-config.js';
import { ConfigModule } from './common/config/config.module.js';
import { DatabaseModule } from './common/database/database.module.js';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter.js';
import { EnvelopeInterceptor } from './common/http/envelope.interceptor.js';
import {
  ROUTE_STEPS,
  RoutePipelineInterceptor,
  RouteStep,
} from './common/http/route-pipeline.interceptor.js';
import { RecordWritesInterceptor } from './common/database/record-writes.interceptor.js';
import { LoginThrottleInterceptor } from './login-throttle/login-throttle.interceptor.js';
import { createValidationPipe } from './common/http/validation.pipe.js';
import { MetricsModule } from './common/metrics/metrics.module.js';
import { DemoModule } from './demo/demo.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { LoginThrottleModule } from './login-throttle/login-throttle.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { PanelModule } from './panel/panel.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { StaffInboxModule } from './staff-inbox/staff-inbox.module.js';
import { UsersModule } from './users/users.module.js';
import { WalletModule } from './wallet/wallet.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ migrations: MIGRATIONS }),
        MetricsModule,
        DiscoveryModule,
        HealthModule,
        LoginThrottleModule,
        IdempotencyModule,
        AuditModule,
        EventsModule,
        UsersModule,
        CatalogueModule,
        CouponsModule,
        WalletModule,
        PanelModule,
        OrdersModule,
        PaymentsModule,
        AttachmentsModule,
        CommunicationModule,
        StaffInboxModule,
        SettingsModule,
        WebhooksModule,
        NotificationsModule,
        DemoModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // One global interceptor runs the steps that apply to each route, outermost first:
        // idempotency wraps the envelope, which wraps the write position, the login throttle and
        // the account check of @AccountCheckedByRead() routes.
        IdempotencyInterceptor,
        EnvelopeInterceptor,
        AccountCheckStep,
        {
          provide: ROUTE_STEPS,
          inject: [
            IdempotencyInterceptor,
            EnvelopeInterceptor,
            RecordWritesInterceptor,
            LoginThrottleInterceptor,
            AccountCheckStep,
          ],
          useFactory: (...steps: RouteStep[]) => steps,
        },
        { provide: APP_INTERCEPTOR, useClass: RoutePipelineInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
