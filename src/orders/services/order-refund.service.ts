import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CustomerRefundRequestDto,
  StaffRefundDecisionRequestDto,
  StaffRefundRequestDto,
} from '../dto/order-refund.dto.js';
import { OrderResponseDto } from '../dto/order.response.dto.js';
import { Order } from '../entities/order.entity.js';
import {
  Actor,
  CustomerActor,
  StaffActor,
  SYSTEM_ACTOR,
} from '../../common/state-machine/actor.js';
import { OrderPaymentService } from '../../payments/services/order-payment.service.js';
import { OrderStatus } from '../order-status.js';
import { OrderAfterSalesService } from './order-after-sales.service.js';
import { OrderQueryService } from './order-query.service.js';
import { OrderReservationService } from './order-reservation.service.js';
import { OrderSettlementService } from './order-settlement.service.js';
import { OrderTransitionService } from './order-transition.service.js';
import { OrderLookup } from './order.lookup.js';

/**
 * Refunds: the buyer (or staff) asks → status 8; staff approve → 9 with refund_status 1, the
 * money back the way it came (balance payments to the balance, gateways through the gateway,
 * offline ones are returned by staff outside the service), stock and coupon back, commissions
 * cancelled; or refuse → refund_status -1 and the status the order had before. A finished order
 * is refunded in whole or in parts by OrderAfterSalesService (after-sales refunds); every
 * refund is a row of the order's refund history (order_refunds).
 */
@Injectable()
export class OrderRefundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: OrderTransitionService,
    private readonly reservations: OrderReservationService,
    private readonly settlement: OrderSettlementService,
    private readonly payments: OrderPaymentService,
    private readonly query: OrderQueryService,
    private readonly afterSales: OrderAfterSalesService,
    private readonly orders: OrderLookup,
  ) {}

  async apply(buyer: CustomerActor, input: CustomerRefundRequestDto): Promise<OrderResponseDto> {
    const order = await this.dataSource.transaction((manager) =>
      this.afterSales.open(manager, buyer, input, new Date()),
    );
    return this.query.detail({ id: order.id }, 'customer', SYSTEM_ACTOR);
  }

  /** Staff decision on a refund request: status 1 approves, anything else refuses. */
  async decide(actor: StaffActor, input: StaffRefundDecisionRequestDto): Promise<OrderResponseDto> {
    const order = await this.dataSource.transaction(async (manager) => {
      const locator = { orderId: input.order_id };
      const note = input.reason ?? '';
      if (input.status === 1)
        return this.approve(manager, locator, actor, note, input.goods_returned ?? false);
      const rejected = await this.transitions.transition(manager, locator, 'reject_refund', actor, {
        note,
      });
      await this.afterSales.refuse(manager, rejected.order, actor, note);
      return rejected.order;
    });
    return this.query.detail({ id: order.id }, 'staff', SYSTEM_ACTOR);
  }

  /**
   * AnqiCMS `refund/apply` for staff: open and approve in one go (the whole order before it
   * finished; all that is left, or `refund_amount`, of a finished one).
   */
  async refundNow(actor: StaffActor, input: StaffRefundRequestDto): Promise<OrderResponseDto> {
    const order = await this.dataSource.transaction(async (manager) => {
      const locator = { orderId: input.order_id };
      const note = input.reason ?? '';
      await this.afterSales.open(manager, actor, input, new Date());
      return this.approve(manager, locator, actor, note, input.goods_returned ?? false);
    });
    return this.query.detail({ id: order.id }, 'staff', SYSTEM_ACTOR);
  }

  private async approve(
    manager: EntityManager,
    locator: { orderId: string },
    actor: Actor,
    note: string,
    goodsReturned: boolean,
  ): Promise<Order> {
    const locked = await this.orders.lock(manager, locator, actor);
    if (locked.statusBeforeRefund === OrderStatus.Finished)
      return this.afterSales.approveAfterSales(manager, locator, actor, note, goodsReturned);
    const now = new Date();
    const { order } = await this.transitions.transition(manager, locator, 'approve_refund', actor, {
      note,
      now,
    });
    await this.payments.refundPayment(manager, order, actor, note, now);
    await this.reservations.releaseAll(manager, order);
    await this.settlement.cancelCommissions(manager, order);
    await this.afterSales.settleWhole(manager, order, actor, note, now);
    return order;
  }
}
