import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { afterCommit } from '../../common/database/after-commit.js';
import { isConfigured, MailSettingsService } from './mail-settings.service.js';
import { dedupeKey, insertOutbox } from './mail-outbox.writer.js';
import { MailWorker } from './mail.worker.js';

export interface StaffNotice {
  /** Unique per notice: queuing the same key again queues nothing (e.g. `webhook.disabled:12`). */
  key: string;
  subject: string;
  text: string;
}

/**
 * The notifications module's contract for other modules: mail the staff addresses about
 * something, in the caller's transaction (nothing is queued if it rolls back; the mail leaves
 * after commit). Answers how many mails were queued (0: mail not configured, or the key was used).
 */
@Injectable()
export class StaffNotices {
  constructor(
    private readonly settings: MailSettingsService,
    private readonly worker: MailWorker,
  ) {}

  async queue(manager: EntityManager, notice: StaffNotice): Promise<number> {
    const settings = await this.settings.effective(manager);
    if (!isConfigured(settings)) return 0;
    const { inserted, dueNow } = await insertOutbox(
      manager,
      settings.recipients.map((address) => ({
        dedupeKey: dedupeKey('staff_notice', notice.key, address.toLowerCase()),
        kind: 'staff_notice',
        audience: 'staff',
        address,
        subject: notice.subject,
        body: notice.text,
      })),
    );
    if (dueNow) afterCommit(manager, () => this.worker.wake());
    return inserted;
  }
}
