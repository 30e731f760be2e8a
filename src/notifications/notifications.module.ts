import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommunicationModule } from '../communication/communication.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminSendmailController } from './controllers/admin-sendmail.controller.js';
import { NotificationPreferencesController } from './controllers/notification-preferences.controller.js';
import { UnsubscribeController } from './controllers/unsubscribe.controller.js';
import { MailOutboxRow } from './entities/mail-outbox.entity.js';
import { MailPreference } from './entities/mail-preference.entity.js';
import { MailSetting } from './entities/mail-setting.entity.js';
import { MailComposer } from './services/mail-composer.service.js';
import { MailLogService } from './services/mail-log.service.js';
import { MailOutboxConsumer } from './services/mail-outbox.consumer.js';
import { MailPreferencesService } from './services/mail-preferences.service.js';
import { MailSettingsService } from './services/mail-settings.service.js';
import { MailTestService } from './services/mail-test.service.js';
import { MailTransportService } from './services/mail-transport.service.js';
import { MailWorker } from './services/mail.worker.js';
import { StaffNotices } from './services/staff-notices.service.js';

/**
 * Email notifications (docs/notifications.md): the durable event consumer `mail` fills the
 * outbox, MailWorker sends it after commit. Reads other modules only through their exported
 * contracts (CommMailFacts, OrderMailFacts, UserDirectoryService, SettingsService). Exports
 * StaffNotices, for modules that mail staff in their own transaction.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([MailSetting, MailPreference, MailOutboxRow]),
    UsersModule,
    CommunicationModule,
    OrdersModule,
    SettingsModule,
  ],
  controllers: [AdminSendmailController, NotificationPreferencesController, UnsubscribeController],
  providers: [
    MailSettingsService,
    MailPreferencesService,
    MailTransportService,
    MailComposer,
    MailWorker,
    MailOutboxConsumer,
    MailLogService,
    MailTestService,
    StaffNotices,
  ],
  exports: [StaffNotices],
})
export class NotificationsModule {}
