import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { toUnixSeconds } from '../../common/database/column-types.js';
import { updateReturning } from '../../common/database/raw-sql.js';
import { AppError } from '../../common/errors/app-error.js';
import { Actor, PersonActor } from '../../common/state-machine/actor.js';
import { ACTOR_SPELLINGS } from '../../common/state-machine/actor-spellings.js';
import { WalletService } from '../../wallet/services/wallet.service.js';
import type { LedgerReference } from '../../wallet/services/wallet.service.js';
import { WalletErrors } from '../../wallet/wallet.errors.js';
import { CustomerRefundRequestDto, StaffRefundRequestDto } from '../dto/order-refund.dto.js';
import { CommissionStatus, OrderCommission } from '../entities/order-commission.entity.js';
import { OrderDetail } from '../entities/order-detail.entity.js';
import { OrderRefund, OrderRefundStatus } from '../entities/order-refund.entity.js';
import { Order } from '../entities/order.entity.js';
import { Payment, PaymentStatus } from '../../payments/entities/payment.entity.js';
import { numberPlaceholder, rowNumber } from '../order-number.js';
import {
  afterSalesWindowOpen,
  ORDER_REFUND_MACHINE,
  OrderRefundAction,
  orderRefundFrom,
} from '../order-refund-status.js';
import { OrderStatus } from '../order-status.js';
import { OrderErrors } from '../orders.errors.js';
import { GatewayRefundService } from '../../payments/services/gateway-refund.service.js';
import { PaymentTransitionService } from '../../payments/services/payment-transition.service.js';
import { OrderTransitionService } from './order-transition.service.js';
import { OrderLookup, OrderRef } from './order.lookup.js';
import { OrderQueries } from '../order.queries.js';

/** One balance change of a refund: the buyer's money back (+), an earner's reversal (−). */
interface BalanceMove {
  userId: number;
  amount: number;
  reference: LedgerReference;
  commissionKind?: string;
}

/**
 * The part of a credited amount `amount` that refunds have taken back once `refunded` of `paid`
 * fen went back: floor(amount × refunded / paid), in exact integer arithmetic. Each refund takes
 * the difference between this after and before it, so the parts always add up to exactly what
 * was taken back so far, and to the whole amount once everything is refunded (refunded = paid).
 */
export function proportionalShare(amount: number, refunded: number, paid: number): number {
  if (paid <= 0 || refunded <= 0) return 0;
  if (refunded >= paid) return amount;
  return Number((BigInt(amount) * BigInt(refunded)) / BigInt(paid));
}

/**
 * Refunds as the order's refund history (order_refunds, ORDER_REFUND_MACHINE) and after-sales
 * refunds of finished orders. Everything runs in the caller's transaction under the order's row
 * lock (OrderTransitionService), and the money is exact:
 * - `orders.refunded_amount` rises by a conditional UPDATE (`refunded_amount + amount <= amount`,
 *   plus a CHECK), so racing refunds never pay back more than was paid;
 * - the money goes back the way it came: a balance payment is credited at once, a gateway
 *   payment gets a pending gateway refund of that part under its own out_refund_no (sent by the
 *   refund job after commit, never a remote call here), an offline one is returned by staff;
 * - the seller's income and the commissions credited at finish are taken back in proportion
 *   (proportionalShare), each from its earner's balance with a ledger entry;
 * - stock comes back only when staff say the goods came back.
 */
@Injectable()
export class OrderAfterSalesService {
  constructor(
    private readonly transitions: OrderTransitionService,
    private readonly orders: OrderLookup,
    private readonly wallet: WalletService,
    private readonly catalogue: CatalogueService,
    private readonly gatewayRefunds: GatewayRefundService,
    private readonly payments: PaymentTransitionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A refund is asked for (the order's apply_refund) and written `requested`: by the buyer, or by
   * staff about to approve it at once. Before finishing it is the whole order; after, the buyer
   * must ask within ORDER_REFUND_WINDOW_DAYS of finishing, for at most what is left to refund.
   */
  async open(
    manager: EntityManager,
    actor: PersonActor,
    input: CustomerRefundRequestDto | StaffRefundRequestDto,
    now: Date,
  ): Promise<Order> {
    const locked = await this.orders.lock(manager, { orderId: input.order_id }, actor);
    this.transitions.assertAllowed(locked, 'apply_refund', actor);
    const afterSales = locked.status === OrderStatus.Finished;
    const refundable = locked.amount - locked.refundedAmount;
    if (afterSales && actor.role === 'customer') this.assertWindowOpen(locked, now);
    const amount = input.refund_amount ?? refundable;
    if (!afterSales && amount !== refundable)
      throw OrderErrors.partialRefundBeforeFinish(refundable);
    if (amount > refundable) throw OrderErrors.refundTooLarge(amount, refundable);
    const reason = input.reason ?? '';
    const { order } = await this.transitions.transition(
      manager,
      { id: locked.id },
      'apply_refund',
      actor,
      { note: afterSales ? `${amount} fen${reason ? `: ${reason}` : ''}` : reason, now },
    );
    // A free order has nothing to pay back: it is refunded (stock, coupon) without a money row.
    if (amount > 0) {
      const repository = manager.getRepository(OrderRefund);
      const row = repository.create({
        refundNo: numberPlaceholder(),
        orderId: order.orderId,
        userId: order.userId,
        amount,
        afterSales,
        initiator: ACTOR_SPELLINGS.actorKind[actor.role],
        reason: reason.slice(0, 255),
        images: 'images' in input ? (input.images ?? []) : [],
        status: OrderRefundStatus.Requested,
      });
      await repository.insert(row);
      await repository.update({ id: row.id }, { refundNo: rowNumber(now, row.id) });
    }
    return order;
  }

  /**
   * Staff approve the waiting request of a finished order (the order's approve_refund): a part
   * puts it back to finished, the rest makes it refunded. The money goes back, commissions are
   * taken back in proportion, stock only with `goodsReturned`.
   */
  async approveAfterSales(
    manager: EntityManager,
    ref: OrderRef,
    actor: Actor,
    note: string,
    goodsReturned: boolean,
  ): Promise<Order> {
    const locked = await this.orders.lock(manager, ref, actor);
    const request = await manager
      .getRepository(OrderRefund)
      .findOneBy({ orderId: locked.orderId, status: OrderRefundStatus.Requested });
    const refundable = locked.amount - locked.refundedAmount;
    const amount = request?.amount ?? refundable;
    const now = new Date();
    const { order } = await this.transitions.transition(
      manager,
      { id: locked.id },
      'approve_refund',
      actor,
      {
        // The history row and the audit row say what was approved.
        note: `${amount} fen${goodsReturned ? ', goods returned' : ''}${note ? `: ${note}` : ''}`,
        now,
        context: { refundsTheRest: amount >= refundable },
      },
    );
    if (!request) return order;
    const after = await this.raiseRefunded(manager, order, amount);
    const moves: BalanceMove[] = [];
    const sent = await this.sendBack(manager, order, actor, request, after, note, now, moves);
    await this.reverseCommissions(manager, order, request.refundNo, after, note, moves);
    await this.applyMoves(manager, moves);
    if (goodsReturned) await this.returnGoods(manager, order);
    await this.move(manager, request, 'approve', {
      adminId: actor.id,
      decisionNote: note.slice(0, 255),
      goodsReturned,
      ...sent,
      decidedTime: now,
    });
    return order;
  }

  /**
   * The whole-order refund before finishing was approved (OrderRefundService moved the money,
   * stock and commissions): its request row is refunded and refunded_amount is the whole amount.
   */
  async settleWhole(
    manager: EntityManager,
    order: Order,
    actor: Actor,
    note: string,
    now: Date,
  ): Promise<void> {
    const request = await manager
      .getRepository(OrderRefund)
      .findOneBy({ orderId: order.orderId, status: OrderRefundStatus.Requested });
    if (!request) return;
    await this.raiseRefunded(manager, order, request.amount);
    const payment = await manager.getRepository(Payment).findOne({
      where: { orderId: order.orderId, status: PaymentStatus.Refunded },
      order: { id: 'DESC' },
    });
    const refundWay = OrderAfterSalesService.refundWayOf(payment);
    await this.move(manager, request, 'approve', {
      adminId: actor.id,
      decisionNote: note.slice(0, 255),
      goodsReturned: true,
      refundWay,
      outRefundNo: payment && refundWay === payment.gateway ? `R${payment.paymentId}` : '',
      decidedTime: now,
    });
  }

  /** Staff refused (the order's reject_refund): the waiting request is refused, nothing moves. */
  async refuse(manager: EntityManager, order: Order, actor: Actor, note: string): Promise<void> {
    const request = await manager
      .getRepository(OrderRefund)
      .findOneBy({ orderId: order.orderId, status: OrderRefundStatus.Requested });
    if (!request) return;
    await this.move(manager, request, 'refuse', {
      adminId: actor.id,
      decisionNote: note.slice(0, 255),
      decidedTime: new Date(),
    });
  }

  /** How a payment's money goes back (`refund_way`): balance, the gateway's name, or offline. */
  static refundWayOf(payment: Payment | null): string {
    if (!payment) return '';
    if (payment.payWay === 'balance') return 'balance';
    return payment.gateway !== '' ? payment.gateway : 'offline';
  }

  private assertWindowOpen(order: Order, now: Date): void {
    const days = this.config.orderRefundWindowDays;
    if (!afterSalesWindowOpen(order.finishedTime, days, now))
      throw OrderErrors.refundWindowClosed(days, toUnixSeconds(order.finishedTime));
  }

  /** refunded_amount += amount, only while it stays within what was paid; the new sum. */
  private async raiseRefunded(manager: EntityManager, order: Order, amount: number) {
    const [raised] = await updateReturning<{ refunded_amount: string }>(
      manager,
      OrderQueries.raiseRefunded,
      [order.id, amount],
    );
    if (!raised) throw OrderErrors.refundTooLarge(amount, order.amount - order.refundedAmount);
    order.refundedAmount = Number(raised.refunded_amount);
    return order.refundedAmount;
  }

  /**
   * The part goes back the way the order was paid: the balance at once, a gateway through a
   * pending gateway refund of this part (the refund job sends it after commit), offline by staff.
   * The payment is marked refunded once everything went back.
   */
  private async sendBack(
    manager: EntityManager,
    order: Order,
    actor: Actor,
    request: OrderRefund,
    refundedNow: number,
    note: string,
    now: Date,
    moves: BalanceMove[],
  ): Promise<{ refundWay: string; outRefundNo: string }> {
    const repository = manager.getRepository(Payment);
    const payment = await repository.findOneBy({
      orderId: order.orderId,
      status: PaymentStatus.Paid,
    });
    const way = OrderAfterSalesService.refundWayOf(payment);
    const outRefundNo =
      payment && payment.gateway !== '' && way !== 'balance' ? `AS${request.refundNo}` : '';
    if (!payment) return { refundWay: way, outRefundNo };
    if (way === 'balance')
      moves.push({
        userId: order.userId,
        amount: request.amount,
        reference: { kind: 'order_refund', ref: request.refundNo, orderId: order.orderId, note },
      });
    else if (outRefundNo)
      await this.gatewayRefunds.record(manager, payment, 'after_sales', actor, note, now, {
        outRefundNo,
        amount: request.amount,
      });
    // The payment machine's `refund` (paid → refunded), once everything went back.
    if (refundedNow >= order.amount)
      await this.payments.transition(manager, payment, 'refund', actor, {
        changes: { refundedTime: now },
        note,
        now,
      });
    return { refundWay: way, outRefundNo };
  }

  /**
   * Takes back the credited seller income and commissions in proportion to what is refunded so
   * far: each row's reversed_amount becomes proportionalShare(amount, refunded, paid), and the
   * difference is to be debited from its earner with a `commission_reversal` ledger entry.
   */
  private async reverseCommissions(
    manager: EntityManager,
    order: Order,
    refundNo: string,
    refundedNow: number,
    note: string,
    moves: BalanceMove[],
  ): Promise<void> {
    const repository = manager.getRepository(OrderCommission);
    const rows = await repository.find({
      where: { orderId: order.orderId, status: In([CommissionStatus.Credited]) },
      order: { kind: 'ASC' },
    });
    for (const row of rows) {
      const target = proportionalShare(row.amount, refundedNow, order.amount);
      const part = target - row.reversedAmount;
      if (part <= 0) continue;
      moves.push({
        userId: row.userId,
        amount: -part,
        reference: {
          kind: 'commission_reversal',
          ref: `${refundNo}:${row.kind}`,
          orderId: order.orderId,
          note,
          countsAsReward: row.kind !== 'seller',
        },
        commissionKind: row.kind,
      });
      await repository.update(
        { id: row.id, reversedAmount: row.reversedAmount },
        { reversedAmount: target },
      );
    }
  }

  /**
   * Books the refund's balance movements in user id order, so two refunds touching the same
   * balances always lock them in the same order (no deadlock). A balance that no longer holds a
   * reversal refuses the refund (ORDER.COMMISSION_NOT_REVERSIBLE): balances never go below zero.
   */
  private async applyMoves(manager: EntityManager, moves: BalanceMove[]): Promise<void> {
    const ordered = [...moves].sort((a, b) => a.userId - b.userId);
    for (const move of ordered) {
      if (move.amount > 0) {
        await this.wallet.credit(manager, move.userId, move.amount, move.reference);
        continue;
      }
      try {
        await this.wallet.debit(manager, move.userId, -move.amount, move.reference);
      } catch (error) {
        if (error instanceof AppError && error.reason === WalletErrors.insufficientBalance.reason)
          throw OrderErrors.commissionNotReversible(
            move.userId,
            move.commissionKind ?? '',
            -move.amount,
            Number(error.details?.balance ?? 0),
          );
        throw error;
      }
    }
  }

  /** Staff say the goods came back: every line's stock is given back, once per order. */
  private async returnGoods(manager: EntityManager, order: Order): Promise<void> {
    const repository = manager.getRepository(OrderRefund);
    if (await repository.existsBy({ orderId: order.orderId, goodsReturned: true }))
      throw OrderErrors.goodsAlreadyReturned();
    if (order.type !== 'goods') return;
    const lines = await manager
      .getRepository(OrderDetail)
      .find({ where: { orderId: order.orderId } });
    const stock = lines.map((l) => ({ goodsId: l.goodsId, skuId: l.goodsItemId, qty: l.quantity }));
    for (const line of this.catalogue.inStockLockOrder(stock))
      await this.catalogue.releaseStock(manager, line.goodsId, line.skuId, line.qty);
  }

  /** A refund row's status change, guarded by ORDER_REFUND_MACHINE (conditional UPDATE). */
  private async move(
    manager: EntityManager,
    request: OrderRefund,
    action: OrderRefundAction,
    changes: Partial<Omit<OrderRefund, 'status'>>,
  ): Promise<void> {
    const status = ORDER_REFUND_MACHINE.actions[action].to as OrderRefundStatus;
    const moved = await manager
      .getRepository(OrderRefund)
      .update({ id: request.id, status: In(orderRefundFrom(action)) }, { ...changes, status });
    // Cannot happen under the order's row lock; kept so a caller without it fails loudly.
    if (moved.affected !== 1) throw new Error(`refund ${request.refundNo} cannot ${action} now`);
  }
}
