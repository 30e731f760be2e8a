import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { afterCommit } from '../../common/database/after-commit.js';
import { EventConsumerRunner } from '../../events/services/event-consumer.runner.js';
import { HUB_STATEMENT } from '../../events/event-log.queries.js';
import type { LogRow } from '../../events/services/event-log.reader.js';
import { batchDueTime, batchWindow, MAIL_KINDS, mailKindOf } from '../mail-kinds.js';
import { isConfigured, MailSettingsService } from './mail-settings.service.js';
import { dedupeKey, insertOutbox, OutboxEntry } from './mail-outbox.writer.js';
import { MailWorker } from './mail.worker.js';

/**
 * Fills the mail outbox from the event log: the durable consumer `mail`. Each batch of events is
 * handled in the transaction that moves the consumer's position, so each event queues its mails
 * exactly once; this only inserts rows (nothing remote). Nothing is queued while mail is not
 * configured, nor for a kind staff switched off (send_type, customer switches); a customer's own
 * switches and address are checked when the mail is sent.
 */
@Injectable()
export class MailOutboxConsumer {
  constructor(
    runner: EventConsumerRunner,
    private readonly settings: MailSettingsService,
    private readonly worker: MailWorker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    runner.register({ name: 'mail', handle: (manager, rows) => this.handle(manager, rows) });
  }

  async handle(manager: EntityManager, rows: readonly LogRow[]): Promise<void> {
    const settings = await this.settings.effective(manager, HUB_STATEMENT);
    if (!isConfigured(settings)) return;
    const entries: OutboxEntry[] = [];
    for (const row of rows) {
      const kind = mailKindOf(row.type, row.actor);
      if (!kind) continue;
      const spec = MAIL_KINDS[kind];
      const batched = 'batched' in spec;
      const window = batchWindow(row.createdTime, this.config.mailBatchSeconds);
      const common = {
        kind,
        audience: spec.audience,
        commOrderId: row.commOrderId,
        orderId: row.orderId,
        messageId: row.messageId === null ? null : Number(row.messageId),
        eventId: row.id,
        dueTime: batched ? batchDueTime(window, this.config.mailBatchSeconds) : undefined,
      };
      if (spec.audience === 'customer') {
        if (!settings.customer[spec.category]) continue;
        const recipient = `u${row.userId}`;
        entries.push({
          ...common,
          userId: row.userId,
          dedupeKey: batched
            ? dedupeKey(kind, `r${row.commOrderId}`, recipient, `w${window}`)
            : dedupeKey(kind, `e${row.id}`, recipient),
        });
        continue;
      }
      if (!('sendType' in spec) || !settings.sendTypes.includes(spec.sendType)) continue;
      for (const address of settings.recipients)
        entries.push({
          ...common,
          userId: row.userId,
          address,
          dedupeKey: batched
            ? dedupeKey(kind, `r${row.commOrderId}`, address.toLowerCase(), `w${window}`)
            : dedupeKey(kind, `e${row.id}`, address.toLowerCase()),
        });
    }
    const { dueNow } = await insertOutbox(manager, entries, HUB_STATEMENT);
    if (dueNow) afterCommit(manager, () => this.worker.wake());
  }
}
