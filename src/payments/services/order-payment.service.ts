import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { afterCommit } from '../../common/database/after-commit.js';
import { AppError } from '../../common/errors/app-error.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { WalletService } from '../../wallet/services/wallet.service.js';
import {
  AdminPayRequestDto,
  PaymentRequestDto,
} from '../../orders/dto/order-action.request.dto.js';
import { PaymentResponseDto } from '../dto/payment.response.dto.js';
import { Order } from '../../orders/entities/order.entity.js';
import { Payment, PaymentStatus } from '../entities/payment.entity.js';
import { numberPlaceholder, rowNumber } from '../../orders/order-number.js';
import { Actor } from '../../common/state-machine/actor.js';
import { toPaymentResponse } from '../../orders/order.mapper.js';
import { OrderErrors } from '../../orders/orders.errors.js';
import type { GatewayAccount } from '../gateways/payment-gateway.js';
import { gatewayPaymentOf } from '../gateway-payment.js';
import { PaymentTransitionService } from './payment-transition.service.js';
import { PaymentGatewayRegistry } from '../gateways/payment-gateway.registry.js';
import { ConfiguredGateway, PaymentSettingsService } from '../payment-settings.service.js';
import { GatewayRefundService } from './gateway-refund.service.js';
import { OrderTransitionService } from '../../orders/services/order-transition.service.js';
import { OrderLookup } from '../../orders/services/order.lookup.js';

/** Ways staff may record money that arrived outside the service (never the buyer's balance). */
const CONFIRMABLE_PAY_WAYS = [
  'offline',
  'wechat',
  'weapp',
  'alipay',
  'alipay_wap',
  'paypal',
  'stripe',
];

/** What a gateway payment row needs to know about its gateway. */
interface GatewayOpening extends GatewayAccount {
  gateway: string;
  reconcileTime: Date;
}

/**
 * Paying orders. `balance` pays at once (one debit, one payment row, one transition, in one
 * transaction); `offline` and gateways open a pending payment that staff or the gateway confirm
 * later (gateways: IncomingPaymentService). An order has at most one live payment (unique
 * index) and pays once (the transition under a row lock): twenty racing requests charge once.
 */
@Injectable()
export class OrderPaymentService {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: OrderTransitionService,
    private readonly orders: OrderLookup,
    private readonly wallet: WalletService,
    private readonly gateways: PaymentGatewayRegistry,
    private readonly settings: PaymentSettingsService,
    private readonly refunds: GatewayRefundService,
    private readonly payments: PaymentTransitionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async pay(buyerId: number, input: PaymentRequestDto): Promise<PaymentResponseDto> {
    const payWay = input.pay_way.trim().toLowerCase();
    const ref = { orderId: input.order_id };
    const actor: Actor = { role: 'customer', id: buyerId };
    if (payWay === 'balance') return this.payFromBalance(ref, actor);
    const configured = payWay === 'offline' ? undefined : await this.settings.forPayWay(payWay);
    if (payWay !== 'offline' && !configured)
      throw OrderErrors.payWayUnavailable(payWay, this.gateways.payWays());
    const opening = configured && this.opening(configured, payWay);
    const { payment, order } = await this.dataSource.transaction(async (manager) => {
      const order = await this.orders.lock(manager, ref, actor);
      this.transitions.assertAllowed(order, 'pay', actor);
      return { payment: await this.openPending(manager, order, payWay, actor, opening), order };
    });
    const response = toPaymentResponse(payment, order.status);
    if (!configured) return response;
    return { ...response, ...(await this.start(configured, payment, order, input.openid)) };
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
        { role: 'staff', id: adminId },
        { patch: { paidTime: now }, note: input.note ?? payWay, now },
      );
      const staff: Actor = { role: 'staff', id: adminId };
      const { payment, orderStatus } = await this.recordPaid(manager, order, payWay, staff, now);
      return toPaymentResponse(payment, orderStatus);
    });
  }

  /**
   * Sends an approved refund's money back the way it came, in the refund's transaction: balance
   * payments to the balance (with a ledger entry); gateway payments get a pending gateway refund
   * that the refund job sends after commit (never a remote call here); offline ones are returned
   * by staff outside the service. Marks the payment refunded.
   */
  async refundPayment(
    manager: EntityManager,
    order: Order,
    actor: Actor,
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
    } else if (payment.gateway !== '') {
      await this.refunds.record(manager, payment, 'order_refund', actor, note, now);
    }
    await this.payments.transition(manager, payment, 'refund', actor, {
      changes: { refundedTime: now },
      note,
      now,
    });
  }

  private payFromBalance(ref: { orderId: string }, actor: Actor): Promise<PaymentResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const { order } = await this.transitions.transition(manager, ref, 'pay', actor, {
        patch: { paidTime: now },
        note: 'balance',
        now,
      });
      const { payment, orderStatus } = await this.recordPaid(manager, order, 'balance', actor, now);
      if (order.amount > 0) {
        await this.wallet.debit(manager, actor.id, order.amount, {
          kind: 'order_payment',
          ref: payment.paymentId,
          orderId: order.orderId,
        });
      }
      return toPaymentResponse(payment, orderStatus);
    });
  }

  private opening(configured: ConfiguredGateway, payWay: string): GatewayOpening {
    const account = configured.gateway.account(configured.settings, payWay);
    const minutes = this.config.paymentReconcileAfterMinutes;
    return {
      ...account,
      gateway: configured.gateway.name,
      reconcileTime: new Date(Date.now() + minutes * 60_000),
    };
  }

  /** When a gateway payment stops being payable: the order's auto-close time (else 24 h). */
  private expiresAt(order: Order): Date {
    const minutes = this.config.orderAutoCloseMinutes;
    if (minutes <= 0) return new Date(Date.now() + 24 * 3_600_000);
    return new Date(order.createdTime.getTime() + minutes * 60_000);
  }

  /** Asks the gateway to open the payment (after commit); its answer fields go to the client. */
  private async start(
    configured: ConfiguredGateway,
    payment: Payment,
    order: Order,
    openid: string | undefined,
  ): Promise<Record<string, string>> {
    const { gateway, settings, baseUrl } = configured;
    let started;
    try {
      started = await gateway.start(settings, gatewayPaymentOf(payment, order.remark), {
        openid,
        clientIp: '',
        returnUrl: `${baseUrl}/`,
        baseUrl,
        expiresAt: this.expiresAt(order),
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      // The gateway's own text (SIGN_ERROR, "Invalid API Key …1234") is for the log only.
      const why = error instanceof Error ? error.message : String(error);
      this.logger.error({
        msg: 'gateway start failed',
        gateway: gateway.name,
        payment_id: payment.paymentId,
        error: why,
      });
      throw OrderErrors.gatewayFailed(gateway.title);
    }
    if (started.gatewayOrderId) {
      // Written once, and only while the payment is still pending: a second pay() finishing
      // late never replaces the order a return or reconciliation will look for.
      const stored = await this.dataSource.getRepository(Payment).update(
        {
          id: payment.id,
          status: PaymentStatus.Pending,
          gatewayOrderId: In(['', started.gatewayOrderId]),
        },
        { gatewayOrderId: started.gatewayOrderId },
      );
      if (stored.affected !== 1)
        this.logger.warn({
          msg: 'gateway opened another order for a payment that already has one; kept the first',
          payment_id: payment.paymentId,
          gateway_order_id: started.gatewayOrderId,
        });
    }
    return started.fields;
  }

  /**
   * The paid payment of an order that just took the pay transition: the pending one completed
   * when it is the same way of paying (or an offline one switched), else a new one, the pending
   * gateway payment being cancelled: should its money still arrive, it is refunded (a payment
   * row belongs to one gateway, so a late notification always finds its own row). Entering
   * `paid` runs the after-paid hooks (PaymentTransitionService); answers the order's status after.
   */
  private async recordPaid(
    manager: EntityManager,
    order: Order,
    payWay: string,
    actor: Actor,
    now: Date,
  ): Promise<{ payment: Payment; orderStatus: number }> {
    const repository = manager.getRepository(Payment);
    const pending = await repository.findOne({
      where: { orderId: order.orderId, status: PaymentStatus.Pending },
      lock: { mode: 'pessimistic_write' },
    });
    const sameGateway = pending?.gateway === (this.gateways.forPayWay(payWay)?.name ?? '');
    let payment: Payment;
    if (pending && (pending.gateway === '' || sameGateway)) {
      payment = pending;
    } else {
      await this.payments.cancelPending(manager, order.orderId, actor, `paid by ${payWay}`, now);
      payment = await this.newPayment(manager, order, payWay, actor);
    }
    const { orderStatus } = await this.payments.transition(manager, payment, 'pay', actor, {
      changes: { payWay, paidTime: now, reconcileTime: null },
      note: payWay,
      now,
    });
    if (order.paymentId !== payment.paymentId) {
      await manager.getRepository(Order).update({ id: order.id }, { paymentId: payment.paymentId });
      order.paymentId = payment.paymentId;
    }
    this.recordedAfterCommit(manager, payment, 'paid');
    return { payment, orderStatus: orderStatus ?? order.status };
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

  /**
   * The pending payment of an unpaid order: reused when it is the same way of paying with the
   * same gateway account (as AnqiCMS: the gateway sees the same out_trade_no again), an offline
   * one switched to offline again; otherwise it is cancelled and a new one opened.
   */
  private async openPending(
    manager: EntityManager,
    order: Order,
    payWay: string,
    actor: Actor,
    opening: GatewayOpening | undefined,
  ): Promise<Payment> {
    const repository = manager.getRepository(Payment);
    const pending = await repository.findOneBy({
      orderId: order.orderId,
      status: PaymentStatus.Pending,
    });
    if (pending) {
      const reusable =
        pending.payWay === payWay &&
        pending.gateway === (opening?.gateway ?? '') &&
        (!opening ||
          (pending.currency === opening.currency &&
            pending.appId === opening.appId &&
            pending.merchantId === opening.merchantId));
      if (reusable) return pending;
      await this.payments.cancelPending(
        manager,
        order.orderId,
        actor,
        `switched to ${payWay}`,
        new Date(),
      );
    }
    const payment = await this.newPayment(manager, order, payWay, actor, opening);
    await manager.getRepository(Order).update({ id: order.id }, { paymentId: payment.paymentId });
    this.recordedAfterCommit(manager, payment, 'pending');
    return payment;
  }

  /** Inserts a pending payment, numbers it (see order-number.ts) and writes its history row. */
  private async newPayment(
    manager: EntityManager,
    order: Order,
    payWay: string,
    actor: Actor,
    opening?: GatewayOpening,
  ): Promise<Payment> {
    const repository = manager.getRepository(Payment);
    const payment = repository.create({
      terraceId: '',
      gatewayOrderId: '',
      paymentId: numberPlaceholder(),
      orderId: order.orderId,
      userId: order.userId,
      amount: order.amount,
      payWay,
      status: PaymentStatus.Pending,
      paidTime: null,
      gateway: opening?.gateway ?? '',
      currency: opening?.currency ?? 'CNY',
      appId: opening?.appId ?? '',
      merchantId: opening?.merchantId ?? '',
      reconcileTime: opening?.reconcileTime ?? null,
    });
    await repository.insert(payment);
    payment.paymentId = rowNumber(new Date(), payment.id);
    await repository.update({ id: payment.id }, { paymentId: payment.paymentId });
    await this.payments.created(manager, payment, actor, payWay);
    return payment;
  }
}
