import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RefundDecisionRequestDto, RefundRequestDto } from '../dto/order-action.request.dto.js';
import { OrderResponseDto } from '../dto/order.response.dto.js';
import { Order } from '../entities/order.entity.js';
import { Actor } from '../../common/state-machine/actor.js';
import { OrderPaymentService } from '../../payments/services/order-payment.service.js';
import { OrderQueryService } from './order-query.service.js';
import { OrderReservationService } from './order-reservation.service.js';
import { OrderSettlementService } from './order-settlement.service.js';
import { OrderTransitionService } from './order-transition.service.js';

/**
 * Refunds: the buyer (or staff) asks → status 8; staff approve → 9 with refund_status 1, the
 * money back the way it came (balance payments to the balance, gateways through the gateway,
 * offline ones are returned by staff outside the service), stock and coupon back, commissions
 * cancelled; or refuse → refund_status -1 and the status the order had before.
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
  ) {}

  async apply(actor: Actor, input: RefundRequestDto): Promise<OrderResponseDto> {
    const { order } = await this.dataSource.transaction((manager) =>
      this.transitions.transition(manager, { orderId: input.order_id }, 'apply_refund', actor, {
        note: input.reason ?? '',
      }),
    );
    return this.query.detail({ id: order.id }, actor.role);
  }

  /** Staff decision on a refund request: status 1 approves, anything else refuses. */
  async decide(adminId: number, input: RefundDecisionRequestDto): Promise<OrderResponseDto> {
    const actor: Actor = { role: 'staff', id: adminId };
    const order = await this.dataSource.transaction(async (manager) => {
      const locator = { orderId: input.order_id };
      const note = input.reason ?? '';
      if (input.status === 1) return this.approve(manager, locator, actor, note);
      const rejected = await this.transitions.transition(manager, locator, 'reject_refund', actor, {
        note,
      });
      return rejected.order;
    });
    return this.query.detail({ id: order.id }, 'staff');
  }

  /** AnqiCMS `refund/apply` for staff: open and approve in one go. */
  async refundNow(adminId: number, input: RefundRequestDto): Promise<OrderResponseDto> {
    const actor: Actor = { role: 'staff', id: adminId };
    const order = await this.dataSource.transaction(async (manager) => {
      const locator = { orderId: input.order_id };
      const note = input.reason ?? '';
      await this.transitions.transition(manager, locator, 'apply_refund', actor, { note });
      return this.approve(manager, locator, actor, note);
    });
    return this.query.detail({ id: order.id }, 'staff');
  }

  private async approve(
    manager: EntityManager,
    locator: { orderId: string },
    actor: Actor,
    note: string,
  ): Promise<Order> {
    const now = new Date();
    const { order } = await this.transitions.transition(manager, locator, 'approve_refund', actor, {
      note,
      now,
    });
    await this.payments.refundPayment(manager, order, actor, note, now);
    await this.reservations.releaseAll(manager, order);
    await this.settlement.cancelCommissions(manager, order);
    return order;
  }
}
