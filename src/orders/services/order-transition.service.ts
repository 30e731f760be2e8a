import { Injectable, Logger } from '@nestjs/common';
import { afterCommit } from '../../common/database/after-commit.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { ORDER_TRANSITION_EVENTS } from '../../events/event-catalogue.js';
import { EventLogService, SqlRef } from '../../events/services/event-log.service.js';
import { OrderHistory } from '../entities/order-history.entity.js';
import { Order } from '../entities/order.entity.js';
import { Actor } from '../../common/state-machine/actor.js';
import { ACTOR_SPELLINGS } from '../../common/state-machine/actor-spellings.js';
import {
  OrderAction,
  OrderStateSnapshot,
  OrderStatus,
  planTransition,
  PlannedTransition,
  RefundStatus,
} from '../order-status.js';
import { OrderErrors } from '../orders.errors.js';
import { OrderLookup, OrderRef } from './order.lookup.js';
import type { SqlParams } from '../../common/database/sql-params.js';

/** Columns a transition may change besides the status (delivery data, timestamps...). */
export type OrderPatch = Partial<
  Pick<
    Order,
    | 'paidTime'
    | 'deliverTime'
    | 'endTime'
    | 'finishedTime'
    | 'expressCompany'
    | 'trackingNumber'
    | 'paymentId'
  >
>;

export interface TransitionResult {
  /** The order as it is after the change (still locked until the caller's transaction ends). */
  order: Order;
  plan: PlannedTransition;
}

const FINAL: readonly number[] = [
  OrderStatus.Cancelled,
  OrderStatus.Finished,
  OrderStatus.Refunded,
];

/**
 * The one writer of orders.status and orders.refund_status. Under a row lock it checks the
 * transition table, updates the row conditionally on the status it read, and appends a history
 * row, all in the caller's transaction: side effects the caller runs afterwards (stock, money)
 * happen exactly once, because a second request for the same change waits for the lock and then
 * finds the order in its new status.
 */
@Injectable()
export class OrderTransitionService {
  private readonly logger = new Logger('OrderTransitions');

  constructor(
    private readonly metrics: MetricsService,
    private readonly audit: AuditService,
    private readonly events: EventLogService,
    private readonly orders: OrderLookup,
  ) {}

  /**
   * Throws ORDER.INVALID_TRANSITION (naming the current status) when `action` is not allowed now.
   * `context`: what the refund actions need to know beyond the row (refundsTheRest).
   */
  assertAllowed(
    order: Order,
    action: OrderAction,
    actor: Actor,
    context: Pick<OrderStateSnapshot, 'refundsTheRest'> = {},
  ): PlannedTransition {
    const plan = planTransition(
      {
        status: order.status,
        refundStatus: order.refundStatus,
        statusBeforeRefund: order.statusBeforeRefund,
        refundable: order.amount - order.refundedAmount,
        ...context,
      },
      action,
      actor.role,
    );
    if (!plan) throw OrderErrors.invalidTransition(action, order.status, order.refundStatus);
    return plan;
  }

  /** Locks the order as `actor` may reach it (OrderLookup), then applies `action`. */
  async transition(
    manager: EntityManager,
    ref: OrderRef,
    action: OrderAction,
    actor: Actor,
    options: {
      patch?: OrderPatch;
      note?: string;
      now?: Date;
      context?: Pick<OrderStateSnapshot, 'refundsTheRest'>;
    } = {},
  ): Promise<TransitionResult> {
    const order = await this.orders.lock(manager, ref, actor);
    const plan = this.assertAllowed(order, action, actor, options.context);
    const now = options.now ?? new Date();
    // A finished order that comes back to finished (a refunded part) keeps its finishing time.
    const reachesFinal = FINAL.includes(plan.to) && order.statusBeforeRefund !== plan.to;
    const changes: Partial<Order> = {
      status: plan.to,
      refundStatus: plan.toRefundStatus,
      statusBeforeRefund: plan.statusBeforeRefund,
      ...(reachesFinal ? { finishedTime: now } : {}),
      ...options.patch,
    };
    const result = await manager
      .getRepository(Order)
      .update({ id: order.id, status: plan.from, refundStatus: plan.fromRefundStatus }, changes);
    // Cannot happen under the row lock; kept so a future caller without it fails loudly.
    if (result.affected !== 1)
      throw OrderErrors.invalidTransition(action, order.status, order.refundStatus);
    const actorKind = ACTOR_SPELLINGS.actorKind[actor.role];
    await manager.getRepository(OrderHistory).insert({
      orderId: order.orderId,
      action,
      actorKind,
      actorId: actor.id,
      fromStatus: plan.from,
      toStatus: plan.to,
      fromRefundStatus: plan.fromRefundStatus,
      toRefundStatus: plan.toRefundStatus,
      note: options.note ?? '',
    });
    // Every staff action on an order is a transition, so this one line audits all of them.
    if (actor.role === 'staff') {
      await this.audit.record(manager, {
        action: `order.${action}`,
        entityType: 'order',
        entityId: order.orderId,
        details: { from_status: plan.from, to_status: plan.to, note: options.note ?? '' },
      });
    }
    await this.events.record(manager, {
      type: ORDER_TRANSITION_EVENTS[action],
      userId: order.userId,
      orderId: order.orderId,
      commOrderId: order.commOrderId,
      status: plan.to,
      actor: actor.role,
    });
    afterCommit(manager, () => {
      this.logger.log({
        msg: 'order transition',
        order_id: order.orderId,
        action,
        actor: `${actorKind}:${actor.id}`,
        from: plan.from,
        to: plan.to,
      });
      this.metrics.orderTransitions.inc({ action, from: plan.from, to: plan.to });
    });
    return { order: Object.assign(order, changes, { updatedTime: now }), plan };
  }

  /**
   * The history row and the event of a new order (no status before it), as WITH steps of the
   * statement that inserts the order: `from` is that step, giving the new row's order_id,
   * user_id and comm_order_id. Values are added to `params`; after the statement, the caller
   * calls `afterWrite(manager)`.
   */
  creationSteps(params: SqlParams, from: string, actor: Actor, note = ''): string {
    const value = (v: unknown) => params.add(v);
    const history = `INSERT INTO order_history (order_id, action, actor_kind, actor_id, from_status,
                                   to_status, from_refund_status, to_refund_status, note)
       SELECT ${from}.order_id, 'create', ${value(ACTOR_SPELLINGS.actorKind[actor.role])}::text,
              ${value(actor.id)}::int, NULL, ${OrderStatus.Waiting}, NULL, ${RefundStatus.None},
              ${value(note)}::text
         FROM ${from}
       RETURNING *`;
    const event = this.events.insertStatement(
      {
        type: 'order.created',
        userId: new SqlRef(`${from}.user_id`),
        orderId: new SqlRef(`${from}.order_id`),
        commOrderId: new SqlRef(`${from}.comm_order_id`),
        status: OrderStatus.Waiting,
        actor: actor.role,
      },
      params,
      from,
    );
    return `creation_history AS (${history}),\n       creation_event AS (${event})`;
  }

  /** After the statement of creationSteps: wake the event hub once it is committed. */
  afterCreation(manager: EntityManager): void {
    this.events.afterWrite(manager);
  }
}
