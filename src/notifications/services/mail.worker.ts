import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { BackgroundPasses } from '../../common/jobs/background-passes.js';
import { classifySmtpFailure, MAX_MAIL_ATTEMPTS, retryDelaySeconds } from '../smtp-failure.js';
import { ClaimedMail, MailComposer } from './mail-composer.service.js';
import { isConfigured, MailSettings, MailSettingsService } from './mail-settings.service.js';
import { MailTransportService } from './mail-transport.service.js';
import { MailQueries } from '../mail.queries.js';

/** Rows one claim takes; each is sent after the claim's statement committed. */
const CLAIM_BATCH = 10;
/** A claimed row whose sender vanished (crash) is taken over after this. */
const LEASE_SECONDS = 300;
/** How often an instance deletes mails older than MAIL_RETENTION. */
const PRUNE_EVERY_MS = 3_600_000;

export interface MailPass {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

type Outcome =
  | { status: 'sent'; address: string; subject: string }
  | { status: 'skipped'; reason: string }
  | { status: 'retry' | 'failed'; address: string; subject: string; error: string };

interface ClaimedRow {
  id: string;
  kind: ClaimedMail['kind'];
  audience: ClaimedMail['audience'];
  user_id: number;
  address: string;
  comm_order_id: number | null;
  order_id: string | null;
  message_id: string | null;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * Sends the outbox. A pass claims due rows in one short statement (`FOR UPDATE SKIP LOCKED`,
 * so instances racing take different rows; a lease lets another take over a row whose sender
 * died), renders and sends them with no transaction open, then records each result in a
 * statement of its own, guarded by the claim (status and attempt number), so a sender whose
 * lease ran out cannot overwrite the next one's result. SMTP 4xx and network trouble retry with
 * backoff (up to MAX_MAIL_ATTEMPTS), 5xx and configuration errors fail (listed with the reply).
 * Woken after commit by the consumer when it queued a mail due now; a timer (the event poll
 * interval) catches batches coming due, retries and other instances' rows.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MailWorker');
  private readonly background = new BackgroundPasses(this.logger, 'mail pass', async () => {
    await this.runOnce();
    await this.pruneNowAndThen();
  });
  private prunedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: MailSettingsService,
    private readonly composer: MailComposer,
    private readonly transport: MailTransportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.eventWorkers) this.background.start(this.config.eventsPollIntervalMs);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.background.stop();
  }

  /** A pass now, or once more after the one in flight (background instances only). */
  wake(): void {
    this.background.wake();
  }

  /**
   * Sends every row due by `dueBy` (default: now), claim after claim, until none is left (tests
   * call it directly; `dueBy` in the future sends batches and retries early).
   */
  async runOnce(options: { dueBy?: Date } = {}): Promise<MailPass> {
    const pass: MailPass = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    for (;;) {
      const rows = await this.claim(options.dueBy);
      if (!rows.length) return pass;
      // One read of the settings per claim, not one per mail.
      const settings = await this.settings.effective();
      const outcomes = await Promise.all(rows.map((row) => this.deliver(row, settings)));
      for (const [i, outcome] of outcomes.entries()) {
        const status = await this.record(rows[i], outcome);
        pass[status] += 1;
      }
      if (this.background.stopped) return pass;
    }
  }

  /** Deletes finished mails older than MAIL_RETENTION (at most hourly per instance). */
  async prune(): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown, number]>(MailQueries.prune, [
      this.config.mailRetentionSeconds,
    ]);
    return deleted;
  }

  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = Date.now();
    await this.prune();
  }

  /** Due by the database's clock (every instance agrees), unless a test moves it ahead. */
  private async claim(dueBy: Date | undefined): Promise<ClaimedMail[]> {
    const [rows] = await this.dataSource.query<[ClaimedRow[], number]>(MailQueries.claim, [
      dueBy?.toISOString() ?? null,
      CLAIM_BATCH,
      LEASE_SECONDS,
    ]);
    return rows.map((row) => ({
      id: Number(row.id),
      kind: row.kind,
      audience: row.audience,
      userId: row.user_id,
      address: row.address,
      commOrderId: row.comm_order_id,
      orderId: row.order_id,
      messageId: row.message_id === null ? null : Number(row.message_id),
      subject: row.subject,
      body: row.body,
      attempts: row.attempts,
    }));
  }

  /** Render and send; no transaction is open here. */
  private async deliver(row: ClaimedMail, settings: MailSettings): Promise<Outcome> {
    let address = row.address;
    let subject = row.subject;
    try {
      if (!isConfigured(settings))
        return { status: 'failed', address, subject, error: 'mail is not configured' };
      const composed = await this.composer.compose(row, settings.senderName);
      if ('skip' in composed) return { status: 'skipped', reason: composed.skip };
      address = composed.to;
      subject = composed.mail.subject;
      await this.transport.send(settings, {
        to: composed.to,
        subject: composed.mail.subject,
        text: composed.mail.text,
        html: composed.mail.html,
        unsubscribeUrl: composed.unsubscribeUrl,
        senderName: composed.senderName,
      });
      return { status: 'sent', address, subject };
    } catch (error) {
      const failure = classifySmtpFailure(error);
      const retry = failure.kind === 'retry' && row.attempts < MAX_MAIL_ATTEMPTS;
      return {
        status: retry ? 'retry' : 'failed',
        address,
        subject,
        error: failure.kind === 'config' ? `configuration: ${failure.message}` : failure.message,
      };
    }
  }

  private async record(row: ClaimedMail, outcome: Outcome): Promise<keyof MailPass> {
    if (outcome.status === 'skipped') {
      await this.dataSource.query(MailQueries.recordSkipped, [
        row.id,
        row.attempts,
        outcome.reason,
      ]);
    } else if (outcome.status === 'sent') {
      await this.dataSource.query(MailQueries.recordSent, [
        row.id,
        row.attempts,
        outcome.address.slice(0, 254),
        outcome.subject.slice(0, 300),
      ]);
    } else {
      const retry = outcome.status === 'retry';
      await this.dataSource.query(MailQueries.recordFailed, [
        row.id,
        row.attempts,
        retry ? 'pending' : 'failed',
        outcome.address.slice(0, 254),
        outcome.subject.slice(0, 300),
        outcome.error.slice(0, 1000),
        retry ? retryDelaySeconds(row.attempts) : 0,
      ]);
    }
    // Ids and classes only: addresses and contents stay out of the logs.
    const status = outcome.status === 'retry' ? 'retried' : outcome.status;
    this.logger.log({ msg: 'mail', id: row.id, kind: row.kind, status, attempt: row.attempts });
    return status;
  }
}
