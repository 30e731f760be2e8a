import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { afterCommit } from '../../common/database/after-commit.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { WalletService } from '../../wallet/services/wallet.service.js';
import {
  AdminPayRequestDto,
  OrderNumberRequestDto,
  PaymentRequestDto,
} from '../dto/order-action.request.dto.js';
import { PaymentCheckResponseDto, PaymentResponseDto } from '../dto/payment.response.dto.js';
import { Order } from '../entities/order.entity.js';
import { Payment, PaymentStatus } from '../entities/payment.entity.js';
import { numberPlaceholder, rowNumber } from '../order-number.js';
import { OrderActor, SYSTEM_ACTOR } from '../order-status.js';
import { toPaymentResponse } from '../order.mapper.js';
import { OrderErrors } from '../orders.errors.js';
import { PaymentGatewayRegistry } from '../payment/payment-gateway.registry.js';
import { OrderSettlementService } from './order-settlement.service.js';
import { OrderTransitionService } from './order-transition.service.js';

/** Ways staff may record money that arrived outside the service (never the buyer's balance). */
const CONFIRMABLE_PAY_WAYS = ['offline', 'wechat', 'weapp', 'alipay', 'paypal'];

/**
 * Paying orders. `balance` pays at once (one debit, one payment row, one transition, in one
 * transaction); `offline` and gateways open a pending payment that staff or the gateway's
 * notification confirm later. An order has at most one live payment (unique index) and pays once
 * (the transition under a row lock): twenty racing requests charge the buyer once.
 */
@Injectable()
export class OrderPaymentService {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: OrderTransitionService,
    private readonly wallet: WalletService,
    private readonly settlement: OrderSettlementService,
    private readonly gateways: PaymentGatewayRegistry,
    private readonly metrics: MetricsService,
  ) {}

  async pay(buyerId: number, input: PaymentRequestDto): Promise<PaymentResponseDto> {
    const payWay = input.pay_way.trim().toLowerCase();
    const locator = { orderId: input.order_id, buyerId };
    const actor: OrderActor = { kind: 'customer', id: buyerId };
    if (payWay === 'balance') {
      return this.dataSource.transaction(async (manager) => {
        const now = new Date();
        const { order } = await this.transitions.transition(manager, locator, 'pay', actor, {
          patch: { paidTime: now },
          note: 'balance',
          now,
        });
        const payment = await this.recordPaid(manager, order, 'balance', '', now);
        if (order.amount > 0) {
          await this.wallet.debit(manager, buyerId, order.amount, {
            kind: 'order_payment',
            ref: payment.paymentId,
            orderId: order.orderId,
          });
        }
        const after = await this.settlement.afterPaid(manager, order, now);
        return toPaymentResponse(payment, after.status);
      });
    }
    const gateway = this.gateways.find(payWay);
    if (payWay !== 'offline' && !gateway)
      throw OrderErrors.payWayUnavailable(payWay, this.gateways.payWays());
    const { payment, order } = await this.dataSource.transaction(async (manager) => {
      const order = await this.transitions.lock(manager, locator);
      this.transitions.assertAllowed(order, 'pay', actor);
      return { payment: await this.openPending(manager, order, payWay), order };
    });
    const response = toPaymentResponse(payment, order.status);
    if (!gateway) return response;
    const started = await gateway.start({
      paymentId: payment.paymentId,
      orderId: order.orderId,
      amount: payment.amount,
      description: order.remark,
      terraceId: payment.terraceId,
    });
    if (started.terraceId)
      await this.dataSource
        .getRepository(Payment)
        .update({ id: payment.id }, { terraceId: started.terraceId });
    return { ...response, code_url: started.codeUrl, jump_url: started.jumpUrl };
  }

  /** Staff confirm money received outside the service (offline transfer, manual reconciliation). */
  async confirmByAdmin(adminId: number, input: AdminPayRequestDto): Promise<PaymentResponseDto> {
    const payWay = (input.pay_way ?? 'offline').trim().toLowerCase();
    if (!CONFIRMABLE_PAY_WAYS.includes(payWay))
      throw OrderErrors.payWayUnavailable(payWay, CONFIRMABLE_PAY_WAYS);
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const { order } = await this.transitions.transition(
        manager,
        { orderId: input.order_id },
        'pay',
        { kind: 'admin', id: adminId },
        { patch: { paidTime: now }, note: input.note ?? payWay, now },
      );
      const payment = await this.recordPaid(manager, order, payWay, '', now);
      const after = await this.settlement.afterPaid(manager, order, now);
      return toPaymentResponse(payment, after.status);
    });
  }

  /**
   * A gateway's notification that `paymentId` was paid (called by the gateway's controller after
   * verifying the signature). Idempotent: a repeated notification of a paid order changes nothing.
   */
  async confirmGatewayPayment(paymentId: string, terraceId: string): Promise<PaymentResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const pending = await manager.getRepository(Payment).findOneBy({ paymentId });
      if (!pending) throw OrderErrors.notFound();
      const order = await this.transitions.lock(manager, { orderId: pending.orderId });
      if (pending.status === PaymentStatus.Paid) return toPaymentResponse(pending, order.status);
      const now = new Date();
      const { order: paid } = await this.transitions.transition(
        manager,
        { id: order.id },
        'pay',
        SYSTEM_ACTOR,
        { patch: { paidTime: now }, note: `${pending.payWay} ${terraceId}`, now },
      );
      const payment = await this.recordPaid(manager, paid, pending.payWay, terraceId, now);
      const after = await this.settlement.afterPaid(manager, paid, now);
      return toPaymentResponse(payment, after.status);
    });
  }

  /** GET /api/payment/check: has the buyer's order been paid? */
  async check(buyerId: number, input: OrderNumberRequestDto): Promise<PaymentCheckResponseDto> {
    const order = await this.dataSource
      .getRepository(Order)
      .findOneBy({ orderId: input.order_id, userId: buyerId });
    if (!order) throw OrderErrors.notFound();
    return {
      order_id: order.orderId,
      paid: order.paidTime !== null,
      status: order.status,
    };
  }

  /**
   * Sends an approved refund's money back the way it came: balance payments to the balance (with
   * a ledger entry), gateway payments through the gateway; offline ones are returned by staff
   * outside the service. Marks the payment refunded.
   */
  async refundPayment(
    manager: EntityManager,
    order: Order,
    note: string,
    now: Date,
  ): Promise<void> {
    const repository = manager.getRepository(Payment);
    const payment = await repository.findOneBy({
      orderId: order.orderId,
      status: PaymentStatus.Paid,
    });
    if (!payment) return;
    if (payment.payWay === 'balance') {
      if (payment.amount > 0)
        await this.wallet.credit(manager, order.userId, payment.amount, {
          kind: 'order_refund',
          ref: payment.paymentId,
          orderId: order.orderId,
          note,
        });
    } else if (payment.payWay !== 'offline') {
      const gateway = this.gateways.find(payment.payWay);
      if (!gateway) throw OrderErrors.refundGatewayUnavailable(payment.payWay);
      await gateway.refund(
        {
          paymentId: payment.paymentId,
          orderId: order.orderId,
          amount: payment.amount,
          description: order.remark,
          terraceId: payment.terraceId,
        },
        note,
      );
    }
    await repository.update(
      { id: payment.id },
      { status: PaymentStatus.Refunded, refundedTime: now },
    );
  }

  /**
   * The paid payment of an order that just took the pay transition: the pending one completed
   * (a buyer who started offline or a gateway and then paid another way gets it switched), or a
   * new one.
   */
  private async recordPaid(
    manager: EntityManager,
    order: Order,
    payWay: string,
    terraceId: string,
    now: Date,
  ): Promise<Payment> {
    const repository = manager.getRepository(Payment);
    const pending = await repository.findOneBy({
      orderId: order.orderId,
      status: PaymentStatus.Pending,
    });
    let payment: Payment;
    if (pending) {
      payment = Object.assign(pending, { payWay, status: PaymentStatus.Paid, paidTime: now });
      if (terraceId) payment.terraceId = terraceId;
      await repository.update(
        { id: pending.id },
        { payWay, status: PaymentStatus.Paid, paidTime: now, terraceId: payment.terraceId },
      );
    } else {
      payment = await this.newPayment(manager, order, payWay, PaymentStatus.Paid, now, terraceId);
    }
    if (order.paymentId !== payment.paymentId) {
      await manager.getRepository(Order).update({ id: order.id }, { paymentId: payment.paymentId });
      order.paymentId = payment.paymentId;
    }
    this.recordedAfterCommit(manager, payment, 'paid');
    return payment;
  }

  private recordedAfterCommit(manager: EntityManager, payment: Payment, status: string): void {
    afterCommit(manager, () => {
      this.logger.log({
        msg: `payment ${status}`,
        payment_id: payment.paymentId,
        order_id: payment.orderId,
        pay_way: payment.payWay,
        amount: payment.amount,
      });
      this.metrics.payments.inc({ pay_way: payment.payWay, status });
    });
  }

  /** The pending payment of an unpaid order, reused (switching its pay_way) when one exists. */
  private async openPending(
    manager: EntityManager,
    order: Order,
    payWay: string,
  ): Promise<Payment> {
    const repository = manager.getRepository(Payment);
    const pending = await repository.findOneBy({
      orderId: order.orderId,
      status: PaymentStatus.Pending,
    });
    if (pending) {
      if (pending.payWay !== payWay) await repository.update({ id: pending.id }, { payWay });
      return Object.assign(pending, { payWay });
    }
    const payment = await this.newPayment(manager, order, payWay, PaymentStatus.Pending, null);
    await manager.getRepository(Order).update({ id: order.id }, { paymentId: payment.paymentId });
    this.recordedAfterCommit(manager, payment, 'pending');
    return payment;
  }

  /** Inserts a payment and numbers it (see order-number.ts). */
  private async newPayment(
    manager: EntityManager,
    order: Order,
    payWay: string,
    status: PaymentStatus,
    paidTime: Date | null,
    terraceId = '',
  ): Promise<Payment> {
    const repository = manager.getRepository(Payment);
    const payment = repository.create({
      terraceId,
      paymentId: numberPlaceholder(),
      orderId: order.orderId,
      userId: order.userId,
      amount: order.amount,
      payWay,
      status,
      paidTime,
    });
    await repository.insert(payment);
    payment.paymentId = rowNumber(new Date(), payment.id);
    await repository.update({ id: payment.id }, { paymentId: payment.paymentId });
    return payment;
  }
}
