import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { Payment } from '../entities/payment.entity.js';
import { PAYMENT_STATUSES_AWAITING_MONEY } from '../payment-status.js';
import { PaymentSettingsService } from '../payment-settings.service.js';
import { GatewayRefundService } from './gateway-refund.service.js';
import { gatewayPaymentOf } from '../gateway-payment.js';
import { IncomingPaymentService } from './incoming-payment.service.js';

/** Payments one run asks about at most. */
const RECONCILE_BATCH_LIMIT = 100;
/** After this long a payment that never got paid is no longer asked about. */
const RECONCILE_GIVE_UP_MS = 48 * 3_600_000;
const RECONCILE_MAX_WAIT_MS = 6 * 3_600_000;

export interface PaymentJobsRun {
  reconciled: string[];
  /** Cancelled payments closed at their gateway. */
  closed: string[];
  refunds_sent: string[];
  failed: string[];
}

/**
 * The payment jobs, run with the order jobs (OrderJobsService):
 * - reconciliation: gateway payments still unpaid PAYMENT_RECONCILE_AFTER_MINUTES after they were
 *   opened (also ones cancelled meanwhile: a buyer may have paid just before the order closed) are
 *   asked about at the gateway, and a paid one is settled exactly as its notification would have
 *   been. Asked again with a growing wait (a quarter of its age, at most 6 h) for 48 h.
 * - closing: cancelled gateway payments (another way chosen, the order cancelled, closed or paid
 *   another way) are closed at their gateway after the cancelling commit (`close_time`).
 * - refunds: GatewayRefundService.runOnce.
 * Safe on several instances: each payment is claimed with FOR UPDATE SKIP LOCKED in a short
 * transaction that also moves its next check (the gateway is asked after that commit).
 */
@Injectable()
export class PaymentJobsService {
  private readonly logger = new Logger('PaymentJobs');

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PaymentSettingsService,
    private readonly incoming: IncomingPaymentService,
    private readonly refunds: GatewayRefundService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async runOnce(now: Date = new Date()): Promise<PaymentJobsRun> {
    const run: PaymentJobsRun = { reconciled: [], closed: [], refunds_sent: [], failed: [] };
    await this.reconcile(now, run);
    await this.closeCancelled(now, run);
    const refunds = await this.refunds.runOnce(now);
    run.refunds_sent.push(...refunds.sent);
    run.failed.push(...refunds.failed);
    return run;
  }

  private reconcile(now: Date, run: PaymentJobsRun): Promise<void> {
    return this.forEachDue(
      (skip) => this.claim(now, skip),
      async (payment) => {
        const configured = await this.settings.forGateway(payment.gateway);
        if (!configured?.complete) return;
        const evidence = await configured.gateway.query(
          configured.settings,
          gatewayPaymentOf(payment, ''),
          { mayCapture: await this.incoming.awaitsMoney(payment) },
        );
        if (!evidence) return;
        const outcome = await this.incoming.settle(payment.gateway, evidence, 'reconcile');
        run.reconciled.push(`${payment.paymentId}:${outcome}`);
      },
      'reconciliation failed; will retry',
      run,
    );
  }

  /**
   * Closes cancelled gateway payments at their gateway (`close_time` due), one at a time: each is
   * claimed in a short transaction that pushes its close_time back (a lease), the gateway is
   * called after that commit, and close_time is cleared when it answered. A failing close is
   * retried with the same backoff as reconciliation, for 48 h.
   */
  private closeCancelled(now: Date, run: PaymentJobsRun): Promise<void> {
    return this.forEachDue(
      (skip) => this.claimClose(now, skip),
      async (payment) => {
        const configured = await this.settings.forGateway(payment.gateway);
        if (configured?.complete)
          await configured.gateway.close(configured.settings, gatewayPaymentOf(payment, ''));
        await this.dataSource
          .getRepository(Payment)
          .update({ id: payment.id, closeTime: Not(IsNull()) }, { closeTime: null });
        if (configured?.complete) run.closed.push(payment.paymentId);
      },
      'closing a cancelled payment at its gateway failed; will retry',
      run,
    );
  }

  /**
   * Claims due payments one at a time (each claim a short transaction that leases the row) and
   * works on each after that commit, at most a batch per run; a failure is logged and the row
   * waits for its next due time.
   */
  private async forEachDue(
    claim: (skip: number[]) => Promise<Payment | null>,
    work: (payment: Payment) => Promise<void>,
    failure: string,
    run: PaymentJobsRun,
  ): Promise<void> {
    const skip: number[] = [];
    while (skip.length < RECONCILE_BATCH_LIMIT) {
      const payment = await claim(skip);
      if (!payment) return;
      skip.push(payment.id);
      try {
        await work(payment);
      } catch (error) {
        run.failed.push(payment.paymentId);
        this.logger.warn({
          msg: failure,
          payment_id: payment.paymentId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  private claimClose(now: Date, skip: number[]): Promise<Payment | null> {
    return this.dataSource.transaction(async (manager) => {
      const payment = await manager
        .getRepository(Payment)
        .createQueryBuilder('p')
        .where('p.close_time <= :now', { now })
        .andWhere("p.gateway <> ''")
        .andWhere('NOT (p.id = ANY(:skip))', { skip })
        .orderBy('p.close_time')
        .addOrderBy('p.id')
        .limit(1)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (!payment) return null;
      const age = now.getTime() - payment.createdTime.getTime();
      const wait = Math.min(Math.max(age / 4, 60_000), RECONCILE_MAX_WAIT_MS);
      await manager
        .getRepository(Payment)
        .update(
          { id: payment.id },
          { closeTime: age > RECONCILE_GIVE_UP_MS ? null : new Date(now.getTime() + wait) },
        );
      return payment;
    });
  }

  private claim(now: Date, skip: number[]): Promise<Payment | null> {
    return this.dataSource.transaction(async (manager) => {
      const payment = await manager
        .getRepository(Payment)
        .createQueryBuilder('p')
        .where('p.reconcile_time <= :now', { now })
        .andWhere("p.gateway <> ''")
        .andWhere('p.status IN (:...open)', { open: PAYMENT_STATUSES_AWAITING_MONEY })
        .andWhere('NOT (p.id = ANY(:skip))', { skip })
        .orderBy('p.reconcile_time')
        .addOrderBy('p.id')
        .limit(1)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (!payment) return null;
      const age = now.getTime() - payment.createdTime.getTime();
      const wait = Math.min(
        Math.max(age / 4, this.config.paymentReconcileAfterMinutes * 60_000),
        RECONCILE_MAX_WAIT_MS,
      );
      await manager
        .getRepository(Payment)
        .update(
          { id: payment.id },
          { reconcileTime: age > RECONCILE_GIVE_UP_MS ? null : new Date(now.getTime() + wait) },
        );
      return payment;
    });
  }
}
