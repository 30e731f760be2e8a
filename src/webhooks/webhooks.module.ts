import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AdminWebhookController } from './controllers/admin-webhook.controller.js';
import { WebhookAttempt } from './entities/webhook-attempt.entity.js';
import { WebhookDelivery } from './entities/webhook-delivery.entity.js';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity.js';
import { OutboundTargetService } from './services/outbound-target.service.js';
import { WebhookDeliveriesService } from './services/webhook-deliveries.service.js';
import { WebhookDeliveryWorker } from './services/webhook-delivery.worker.js';
import { WebhookDnsResolver } from './services/webhook-dns.resolver.js';
import { WebhookEndpointsService } from './services/webhook-endpoints.service.js';
import { WebhookEventsConsumer } from './services/webhook-events.consumer.js';
import { WebhookOutbox } from './services/webhook-outbox.js';
import { WebhookSender } from './services/webhook-sender.js';

/**
 * Signed outgoing webhooks (docs/notifications.md), fed by the event log: a durable consumer
 * queues deliveries in the transaction that moves its position; a worker sends them after
 * commit, retries, and disables endpoints that are gone (mailing staff through the notifications
 * module's StaffNotices). The event log and the audit trail come from their global modules.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery, WebhookAttempt]),
    NotificationsModule,
  ],
  controllers: [AdminWebhookController],
  providers: [
    WebhookDnsResolver,
    OutboundTargetService,
    WebhookSender,
    WebhookOutbox,
    WebhookEndpointsService,
    WebhookDeliveryWorker,
    WebhookEventsConsumer,
    WebhookDeliveriesService,
  ],
})
export class WebhooksModule {}
