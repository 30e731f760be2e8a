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
import { AppError } from '../../common/errors/app-error.js';
import { BackgroundPasses } from '../../common/jobs/background-passes.js';
import { webhookHeaders } from '../webhook-message.js';
import { DISABLE_AFTER_FAILING_SECONDS, retryDelaySeconds } from '../webhook-retry.js';
import { OutboundTargetService } from './outbound-target.service.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { ClaimedDelivery, TryOutcome, WebhookOutbox } from './webhook-outbox.js';
import { SendResult, WebhookSender } from './webhook-sender.js';

/** Deliveries claimed (and sent side by side) per statement. */
const CLAIM_BATCH = 10;

/**
 * Sends the queued deliveries: claim due rows (one short statement, SKIP LOCKED), send each
 * after that commit (target checked again, connection pinned, signed now), then record the try
 * and the next one in another short transaction. Woken by the consumer's commits and replays on
 * this instance, and by a timer for retries and other instances' rows. Runs in the background
 * only with EVENT_WORKERS; tests call runOnce().
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookDelivery');
  private readonly background = new BackgroundPasses(this.logger, 'webhook delivery pass', () =>
    this.pass(),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: WebhookOutbox,
    private readonly targets: OutboundTargetService,
    private readonly sender: WebhookSender,
    private readonly endpoints: WebhookEndpointsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.eventWorkers) this.background.start(this.config.eventsPollIntervalMs);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.background.stop();
  }

  /** A pass now (or once more after the one in flight), on background instances only. */
  wake(): void {
    this.background.wake();
  }

  /** Sends everything due now; how many tries were made (tests call it directly). */
  async runOnce(): Promise<number> {
    await this.background.settled();
    return this.pass();
  }

  private async pass(): Promise<number> {
    let tried = 0;
    while (!this.background.stopped) {
      const claimed = await this.outbox.claimDue(this.dataSource.manager, CLAIM_BATCH);
      if (!claimed.length) break;
      await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
      tried += claimed.length;
    }
    return tried;
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const result = await this.send(delivery);
    const retryIn = retryDelaySeconds(delivery.tries);
    const outcome: TryOutcome = {
      ...result,
      next: result.ok
        ? { status: 'delivered' }
        : retryIn === undefined
          ? { status: 'failed' }
          : { status: 'pending', retryInSeconds: retryIn },
    };
    await this.dataSource.transaction(async (manager) => {
      await this.outbox.recordTry(manager, delivery, outcome);
      const { failingTooLong } = await this.outbox.markEndpoint(
        manager,
        delivery.endpointId,
        result.ok,
        DISABLE_AFTER_FAILING_SECONDS,
      );
      if (result.statusCode === 410)
        await this.endpoints.disable(
          manager,
          delivery.endpointId,
          'The receiver answered 410 Gone',
        );
      else if (failingTooLong)
        await this.endpoints.disable(
          manager,
          delivery.endpointId,
          'Every delivery failed for 5 days',
        );
    });
  }

  /** One try: the target is checked again now (its DNS answer may have changed). */
  private async send(delivery: ClaimedDelivery): Promise<SendResult> {
    let target;
    try {
      target = await this.targets.check(delivery.url);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { ok: false, statusCode: null, durationMs: 0, response: '', error: error.message };
    }
    const headers = webhookHeaders(delivery.eventId, delivery.body, delivery.secrets, new Date());
    return this.sender.post(target, headers, delivery.body);
  }
}
