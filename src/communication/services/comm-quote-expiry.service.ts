import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { SYSTEM_ACTOR } from '../../common/state-machine/actor.js';
import { CommOrderStatus } from '../comm-order-status.js';
import { CommOrder } from '../entities/comm-order.entity.js';
import { CommOrderTransitionService } from './comm-order-transition.service.js';

/** Requests one pass expires at most; the next pass takes the rest. */
export const QUOTE_EXPIRY_BATCH_LIMIT = 200;

export interface QuoteExpiryRun {
  /** comm_orders.id of the requests whose quote expired in this pass. */
  expired: number[];
  failed: number[];
}

/** The thread message that tells both sides (a system message, unread on both). */
export function quoteExpiredText(version: number): string {
  return `The quote (v${version}) expired unanswered`;
}

/**
 * The quote-expiry job: a quoted request whose current quote's `quote_valid_until` has passed
 * goes back to in communication through the `expire` transition (system actor), which writes
 * the history row, the system message and the `comm.quote.expired` event in the same
 * transaction. Safe with several instances: each request is claimed in its own short
 * transaction with `FOR UPDATE SKIP LOCKED` (another instance, or an accept holding the row,
 * makes this pass skip it; once committed it is no longer quoted), and the transition's
 * conditional update re-checks the status and version, so each quote expires once.
 */
@Injectable()
export class CommQuoteExpiryService extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CommOrderTransitionService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('CommQuoteExpiry', config.commJobsIntervalSeconds);
  }

  /** One pass (tests call it directly). */
  async runOnce(now: Date = new Date()): Promise<QuoteExpiryRun> {
    const run: QuoteExpiryRun = { expired: [], failed: [] };
    const skip: number[] = [];
    while (run.expired.length + skip.length < QUOTE_EXPIRY_BATCH_LIMIT) {
      let claimed: number | null = null;
      try {
        const expired = await this.dataSource.transaction(async (manager) => {
          const order = await this.claim(manager, now, skip);
          if (!order) return null;
          claimed = order.id;
          await this.transitions.transition(manager, order, 'expire', SYSTEM_ACTOR, {
            note: `quote v${order.quoteVersion} valid until ${order.quoteValidUntil?.toISOString()}`,
            message: {
              system: true,
              messageType: 'text',
              content: quoteExpiredText(order.quoteVersion),
            },
          });
          return order.id;
        });
        if (expired === null) break;
        run.expired.push(expired);
      } catch (error) {
        if (claimed === null) throw error;
        // Leave a failing request for the next pass instead of retrying it forever now.
        skip.push(claimed);
        run.failed.push(claimed);
        this.logger.error({
          msg: 'quote expiry failed',
          comm_order_id: claimed,
          error: String(error),
        });
      }
    }
    this.metrics.jobRuns.inc({ job: 'comm_quote_expiry' });
    if (run.failed.length)
      this.metrics.jobFailures.inc({ job: 'comm_quote_expiry' }, run.failed.length);
    if (run.expired.length || run.failed.length)
      this.logger.log({ msg: 'quotes expired', expired: run.expired.length, failed: run.failed });
    return run;
  }

  /** The oldest due quoted request nobody else holds, locked until this transaction ends. */
  private claim(manager: EntityManager, now: Date, skip: number[]): Promise<CommOrder | null> {
    return manager
      .getRepository(CommOrder)
      .createQueryBuilder('o')
      .where('o.status = :quoted', { quoted: CommOrderStatus.Quoted })
      .andWhere('o.quote_valid_until <= :now', { now })
      .andWhere('NOT (o.id = ANY(:skip))', { skip })
      .orderBy('o.quote_valid_until')
      .addOrderBy('o.id')
      .limit(1)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getOne();
  }
}
