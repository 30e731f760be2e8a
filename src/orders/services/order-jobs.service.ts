import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';
import { OrderStatus } from '../order-status.js';
import { OrderLifecycleService } from './order-lifecycle.service.js';
import {
  PaymentJobsRun,
  PaymentJobsService,
} from '../../payments/services/payment-jobs.service.js';
import { OrderQueries } from '../order.queries.js';

/** Orders one run handles per job at most; the next tick takes the rest. */
export const JOB_BATCH_LIMIT = 200;

export interface OrderJobsRun {
  closed: string[];
  finished: string[];
  failed: string[];
  /** The payment jobs (reconciliation, gateway refunds) of the same pass. */
  payments: PaymentJobsRun;
  /** Delta rows of the deep-page counters folded into one per block and status. */
  pageCountsFolded: number;
}

type ClaimDue = (manager: EntityManager, skip: number[]) => Promise<number | null>;

/**
 * The order jobs: close orders unpaid for ORDER_AUTO_CLOSE_MINUTES, finish shipped orders whose
 * end_time has passed, fold the deep-page counters' delta rows (OrderQueries.compactPageCounts). Safe with several server instances: each order is claimed in its own
 * transaction with `FOR UPDATE SKIP LOCKED` (another instance skips it, or, once it is committed,
 * no longer finds it due), and the transition re-checks the status under that lock.
 */
@Injectable()
export class OrderJobsService extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: OrderLifecycleService,
    private readonly paymentJobs: PaymentJobsService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Runs every ORDER_JOBS_INTERVAL_SECONDS; a pass in flight finishes before the pool closes.
    super('OrderJobs', config.orderJobsIntervalSeconds);
  }

  /**
   * One pass of every job (tests call this directly). Reconciliation runs before auto-close, so
   * an order whose payment notification was lost is settled rather than closed when possible.
   */
  async runOnce(now: Date = new Date()): Promise<OrderJobsRun> {
    const payments = await this.paymentJobs.runOnce(now);
    const run: OrderJobsRun = {
      closed: [],
      finished: [],
      failed: [],
      payments,
      pageCountsFolded: 0,
    };
    const closeMinutes = this.config.orderAutoCloseMinutes;
    if (closeMinutes > 0) {
      const cutoff = new Date(now.getTime() - closeMinutes * 60_000);
      await this.drain(
        (manager, skip) => this.claim(manager, 'created_time', OrderStatus.Waiting, cutoff, skip),
        async (manager, id) => (await this.lifecycle.close(manager, id, now)).orderId,
        run.closed,
        run.failed,
      );
    }
    await this.drain(
      (manager, skip) => this.claim(manager, 'end_time', OrderStatus.Delivered, now, skip),
      async (manager, id) => (await this.lifecycle.autoFinish(manager, id, now)).orderId,
      run.finished,
      run.failed,
    );
    // After the jobs, so the deltas of the orders they closed or finished fold in this pass.
    const [{ folded }] = await this.dataSource.query<{ folded: number }[]>(
      OrderQueries.compactPageCounts,
    );
    run.pageCountsFolded = folded;
    this.metrics.jobRuns.inc({ job: 'order_jobs' });
    if (run.failed.length) this.metrics.jobFailures.inc({ job: 'order_jobs' }, run.failed.length);
    if (run.closed.length || run.finished.length || run.failed.length)
      this.logger.log({
        msg: 'order jobs ran',
        closed: run.closed.length,
        finished: run.finished.length,
        failed: run.failed,
      });
    return run;
  }

  /** Claims due orders one at a time, each in its own transaction, until none is left. */
  private async drain(
    due: ClaimDue,
    handle: (manager: EntityManager, id: number) => Promise<string>,
    done: string[],
    failed: string[],
  ): Promise<void> {
    const skip: number[] = [];
    while (done.length + skip.length < JOB_BATCH_LIMIT) {
      let claimed: number | null = null;
      try {
        const orderId = await this.dataSource.transaction(async (manager) => {
          claimed = await due(manager, skip);
          return claimed === null ? null : handle(manager, claimed);
        });
        if (orderId === null) return;
        done.push(orderId);
      } catch (error) {
        if (claimed === null) throw error;
        // Leave a failing order for the next run instead of retrying it forever now.
        skip.push(claimed);
        failed.push(String(claimed));
        this.logger.error({ msg: 'order job failed', order: claimed, error: String(error) });
      }
    }
  }

  private async claim(
    manager: EntityManager,
    column: 'created_time' | 'end_time',
    status: OrderStatus,
    before: Date,
    skip: number[],
  ): Promise<number | null> {
    const rows = await manager.query<{ id: number }[]>(OrderQueries.claimDue(column), [
      status,
      before,
      skip,
    ]);
    return rows[0]?.id ?? null;
  }
}
