import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { afterCommit } from '../../common/database/after-commit.js';
import { GatewayTransactionOutcome } from '../entities/gateway-transaction.entity.js';
import { Order } from '../../orders/entities/order.entity.js';
import { Payment, PaymentStatus } from '../entities/payment.entity.js';
import { SYSTEM_ACTOR } from '../../common/state-machine/actor.js';
import { OrderStatus, statusName } from '../../orders/order-status.js';
import {
  GatewayAck,
  GatewayName,
  NotificationRejected,
  PaymentEvidence,
  RawNotification,
} from '../gateways/payment-gateway.js';
import { PaymentSettingsService } from '../payment-settings.service.js';
import { GatewayRefundService } from './gateway-refund.service.js';
import { PaymentTransitionService } from './payment-transition.service.js';
import { OrderTransitionService } from '../../orders/services/order-transition.service.js';
import { OrderLookup } from '../../orders/services/order.lookup.js';
import { PaymentQueries } from '../payment.queries.js';

export type SettleResult = GatewayTransactionOutcome | 'duplicate' | 'mismatch' | 'unknown';

/**
 * Results the gateway is told it may stop sending: the money is accounted for, or the event is
 * not ours (`unknown`: a payment id this service never opened, logged): answering an error would
 * have the gateway retry it for days and perhaps disable the endpoint. Only a mismatch is refused.
 */
const ACCOUNTED: readonly SettleResult[] = [
  'settled',
  'already_paid',
  'refunding',
  'needs_review',
  'duplicate',
  'unknown',
];

/**
 * Money arriving through a gateway, whoever reports it (notification, reconciliation, return
 * page): verify → match → settle once.
 * 1. The gateway verifies the signature (NotificationRejected: nothing changes, warning logged).
 * 2. Amount, currency, app and merchant ids must be the payment's (else nothing changes, error).
 * 3. One transaction: the gateway transaction id goes into gateway_transactions (unique: a copy
 *    delivered again, or racing, finds it there and changes nothing), then under the order's row
 *    lock the payment is settled (pay transition, history, commissions) or, when the order no
 *    longer waits for it (cancelled, closed, paid another way), recorded and refunded.
 */
@Injectable()
export class IncomingPaymentService {
  private readonly logger = new Logger('IncomingPayments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PaymentSettingsService,
    private readonly transitions: OrderTransitionService,
    private readonly orders: OrderLookup,
    private readonly payments: PaymentTransitionService,
    private readonly refunds: GatewayRefundService,
  ) {}

  /** A notification at /notify/<gateway>/pay; answers what the gateway expects. */
  async receive(name: GatewayName, request: RawNotification): Promise<GatewayAck> {
    const configured = await this.settings.forGateway(name);
    if (!configured) return { status: 404, contentType: 'text/plain', body: 'unknown gateway' };
    const { gateway, settings } = configured;
    if (!configured.complete) {
      this.logger.warn({ msg: 'notification for a gateway that is not configured', gateway: name });
      return gateway.acknowledge(false);
    }
    let event;
    try {
      event = await gateway.parseNotification(settings, request);
    } catch (error) {
      if (!(error instanceof NotificationRejected)) throw error;
      this.logger.warn({ msg: 'notification rejected', gateway: name, why: error.message });
      return gateway.acknowledge(false);
    }
    if (!event) return gateway.acknowledge(true); // an event we do not act on
    const ok =
      event.kind === 'payment'
        ? ACCOUNTED.includes(await this.settle(name, event, 'notification'))
        : await this.refunds.confirm(name, event);
    return gateway.acknowledge(ok);
  }

  /**
   * Whether money for this payment is still wanted: the payment is pending and is its order's
   * payment, and the order waits for payment. Captures (PayPal) happen only then.
   */
  async awaitsMoney(payment: Payment): Promise<boolean> {
    if (payment.status !== PaymentStatus.Pending) return false;
    const order = await this.dataSource.getRepository(Order).findOne({
      select: { id: true, status: true, paymentId: true },
      where: { orderId: payment.orderId },
    });
    return order?.status === OrderStatus.Waiting && order.paymentId === payment.paymentId;
  }

  async settle(gateway: string, evidence: PaymentEvidence, source: string): Promise<SettleResult> {
    const payment = await this.dataSource
      .getRepository(Payment)
      .findOneBy({ paymentId: evidence.paymentId });
    if (!payment) {
      this.logger.warn({
        msg: 'payment for a payment id that is not ours; acknowledged, nothing changed',
        gateway,
        payment_id: evidence.paymentId,
        transaction_id: evidence.transactionId,
      });
      return 'unknown';
    }
    const mismatched = this.mismatches(payment, gateway, evidence);
    if (mismatched.length) {
      this.logger.error({
        msg: 'gateway payment does not match; nothing changed',
        gateway,
        source,
        payment_id: payment.paymentId,
        transaction_id: evidence.transactionId,
        fields: mismatched,
        expected: {
          amount: payment.amount,
          currency: payment.currency,
          app_id: payment.appId,
          merchant_id: payment.merchantId,
        },
        got: {
          amount: evidence.amount,
          currency: evidence.currency,
          app_id: evidence.appId,
          merchant_id: evidence.merchantId,
        },
      });
      return 'mismatch';
    }
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<{ id: number }[]>(PaymentQueries.recordTransaction, [
        gateway,
        evidence.transactionId,
        payment.paymentId,
        payment.orderId,
        evidence.amount,
        payment.currency,
        source,
      ]);
      if (!inserted.length) return 'duplicate';
      const outcome = await this.apply(manager, payment.id, evidence, source);
      if (outcome !== 'settled')
        await manager.query(PaymentQueries.setTransactionOutcome, [inserted[0].id, outcome]);
      return outcome;
    });
  }

  private async apply(
    manager: EntityManager,
    paymentId: number,
    evidence: PaymentEvidence,
    source: string,
  ): Promise<GatewayTransactionOutcome> {
    const now = new Date();
    const unlocked = await manager.getRepository(Payment).findOneByOrFail({ id: paymentId });
    // The order first (every order use case locks it first), then the payment.
    const order = await this.orders.lock(manager, { orderId: unlocked.orderId }, SYSTEM_ACTOR);
    const payment = await manager
      .getRepository(Payment)
      .findOneOrFail({ where: { id: paymentId }, lock: { mode: 'pessimistic_write' } });
    const log = {
      gateway: payment.gateway,
      source,
      payment_id: payment.paymentId,
      order_id: order.orderId,
      transaction_id: evidence.transactionId,
    };
    if (
      payment.status === PaymentStatus.Paid &&
      ['', evidence.transactionId, payment.gatewayOrderId].includes(payment.terraceId)
    ) {
      // Staff confirmed it by hand before the gateway told us: the same money. Its transaction
      // id is stored now, so a refund names the right one.
      await manager
        .getRepository(Payment)
        .update({ id: payment.id }, { terraceId: evidence.transactionId, reconcileTime: null });
      return 'already_paid';
    }
    if (payment.status === PaymentStatus.Paid || payment.status === PaymentStatus.Refunded) {
      afterCommit(manager, () =>
        this.logger.error({
          ...log,
          msg: 'a second transaction for a settled payment; staff must review',
        }),
      );
      return 'needs_review';
    }
    const note = `${payment.payWay} ${evidence.transactionId}`;
    if (order.status === OrderStatus.Waiting) {
      await this.payments.cancelPending(
        manager,
        order.orderId,
        SYSTEM_ACTOR,
        note,
        now,
        payment.id,
      );
      await this.transitions.transition(manager, { id: order.id }, 'pay', SYSTEM_ACTOR, {
        patch: { paidTime: now, paymentId: payment.paymentId },
        note,
        now,
      });
      // Entering paid runs the after-paid hooks (commissions, vip orders).
      await this.payments.transition(manager, payment, 'pay', SYSTEM_ACTOR, {
        changes: { paidTime: now, terraceId: evidence.transactionId, reconcileTime: null },
        note,
        now,
      });
      afterCommit(manager, () => this.logger.log({ ...log, msg: 'gateway payment settled' }));
      return 'settled';
    }
    // The order no longer waits for this money: keep the record, send the money back.
    await this.payments.transition(manager, payment, 'refund_late', SYSTEM_ACTOR, {
      changes: {
        paidTime: now,
        refundedTime: now,
        terraceId: evidence.transactionId,
        reconcileTime: null,
      },
      note: this.lateNote(order),
      now,
    });
    await this.refunds.record(
      manager,
      payment,
      'late_payment',
      SYSTEM_ACTOR,
      this.lateNote(order),
      now,
    );
    afterCommit(manager, () =>
      this.logger.warn({
        ...log,
        msg: 'payment arrived for an order that no longer waits for it; refunding',
        order_status: order.status,
      }),
    );
    return 'refunding';
  }

  private lateNote(order: Order): string {
    return `paid after the order was ${statusName(order.status)} (status ${order.status})`;
  }

  private mismatches(payment: Payment, gateway: string, evidence: PaymentEvidence): string[] {
    const wrong: string[] = [];
    if (payment.gateway !== gateway) wrong.push('gateway');
    if (evidence.amount !== payment.amount) wrong.push('amount');
    if (evidence.currency.toUpperCase() !== payment.currency) wrong.push('currency');
    if (payment.appId !== '' && evidence.appId !== payment.appId) wrong.push('app_id');
    if (payment.merchantId !== '' && evidence.merchantId !== payment.merchantId)
      wrong.push('merchant_id');
    return wrong;
  }
}
