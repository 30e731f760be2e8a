import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { afterCommit } from '../../common/database/after-commit.js';
import type { EventConsumer } from '../../events/services/event-consumer.runner.js';
import { EventConsumerRunner } from '../../events/services/event-consumer.runner.js';
import type { LogRow } from '../../events/services/event-log.reader.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookOutbox } from './webhook-outbox.js';

/**
 * Fills the deliveries outbox from the event log: in the transaction that moves the `webhooks`
 * position, one row per event and subscribed endpoint (nothing remote here). Once that commits,
 * this instance's worker is woken to send them.
 */
@Injectable()
export class WebhookEventsConsumer implements EventConsumer {
  readonly name = 'webhooks';

  constructor(
    runner: EventConsumerRunner,
    private readonly outbox: WebhookOutbox,
    private readonly worker: WebhookDeliveryWorker,
  ) {
    runner.register(this);
  }

  async handle(manager: EntityManager, rows: readonly LogRow[]): Promise<void> {
    const queued = await this.outbox.queueForSubscribers(manager, rows);
    if (queued) afterCommit(manager, () => this.worker.wake());
  }
}
