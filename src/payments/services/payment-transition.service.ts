import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { Actor } from '../../common/state-machine/actor.js';
import { ACTOR_SPELLINGS } from '../../common/state-machine/actor-spellings.js';
import { PaymentHistory } from '../entities/payment-history.entity.js';
import { Payment, PaymentStatus } from '../entities/payment.entity.js';
import { PAYMENT_HOOKS } from '../payment-hooks.js';
import type { PaymentHooks } from '../payment-hooks.js';
import { PAYMENT_MACHINE, PaymentAction } from '../payment-status.js';
import { PAYMENT_TRANSITION_EVENTS } from '../../events/event-catalogue.js';
import { EventLogService } from '../../events/services/event-log.service.js';
import { recordPaymentEvent } from '../payment-event.js';
import { statusesAllowing } from '../../common/state-machine/state-machine.js';

export interface PaymentMove {
  /** Columns written with the status (paid_time, terrace_id, close_time...). */
  changes?: Omit<QueryDeepPartialEntity<Payment>, 'status'>;
  note?: string;
  now: Date;
}

export interface PaymentMoved {
  moved: boolean;
  /** The order's status after the after-paid hooks (set when the payment entered `paid`). */
  orderStatus?: number;
}

/**
 * The one place a payment's status changes (style.md: one `transition()` per aggregate): the
 * conditional `UPDATE … WHERE status IN (the statuses the actor may take the action from)`
 * guarded by PAYMENT_MACHINE, a payment_history row, the action's event
 * (PAYMENT_TRANSITION_EVENTS), and — on entering `paid` — the after-paid hooks (PAYMENT_HOOKS),
 * all in the caller's transaction. The event of paying is the order's `order.paid`, written by
 * the order's own `pay` transition in the same transaction.
 */
@Injectable()
export class PaymentTransitionService {
  constructor(
    @Inject(PAYMENT_HOOKS) private readonly hooks: PaymentHooks,
    private readonly events: EventLogService,
  ) {}

  async transition(
    manager: EntityManager,
    payment: Payment,
    action: PaymentAction,
    actor: Actor,
    move: PaymentMove,
  ): Promise<PaymentMoved> {
    const target = PAYMENT_MACHINE.actions[action].to as PaymentStatus;
    const from = statusesAllowing(PAYMENT_MACHINE, action, actor.role);
    const moved = await manager.getRepository(Payment).update(
      { id: payment.id, status: In(from) },
      {
        ...(move.changes ?? {}),
        status: target,
      },
    );
    if (moved.affected !== 1) return { moved: false };
    const previous = payment.status;
    Object.assign(payment, move.changes ?? {}, { status: target });
    await this.history(manager, payment, action, actor, previous, move.note ?? '');
    await this.event(manager, payment, action, actor);
    if (target !== PaymentStatus.Paid) return { moved: true };
    return { moved: true, orderStatus: await this.hooks.afterPaid(manager, payment, move.now) };
  }

  /** The history row of a payment just inserted (its creation). */
  created(manager: EntityManager, payment: Payment, actor: Actor, note = ''): Promise<void> {
    return this.history(manager, payment, 'create', actor, null, note);
  }

  /**
   * Cancels the order's pending payments (but `exceptId`): another way of paying chosen, the
   * order cancelled, closed or paid another way. A gateway payment is marked to be closed at its
   * gateway after commit (`close_time`, the payment jobs).
   */
  async cancelPending(
    manager: EntityManager,
    orderId: string,
    actor: Actor,
    note: string,
    now: Date,
    exceptId?: number,
  ): Promise<void> {
    const pending = await manager.getRepository(Payment).find({
      where: { orderId, status: PaymentStatus.Pending },
      lock: { mode: 'pessimistic_write' },
      order: { id: 'ASC' },
    });
    for (const payment of pending) {
      if (payment.id === exceptId) continue;
      await this.transition(manager, payment, 'cancel', actor, {
        changes: { closeTime: payment.gateway !== '' ? now : null },
        note,
        now,
      });
    }
  }

  /** The action's event, if it has one of its own (PAYMENT_TRANSITION_EVENTS). */
  private async event(
    manager: EntityManager,
    payment: Payment,
    action: PaymentAction,
    actor: Actor,
  ): Promise<void> {
    const type = PAYMENT_TRANSITION_EVENTS[action];
    if (!type) return;
    await recordPaymentEvent(this.events, manager, type, payment.orderId, actor);
  }

  private async history(
    manager: EntityManager,
    payment: Payment,
    action: string,
    actor: Actor,
    fromStatus: PaymentStatus | null,
    note: string,
  ): Promise<void> {
    await manager.getRepository(PaymentHistory).insert({
      paymentId: payment.paymentId,
      orderId: payment.orderId,
      action,
      actorKind: ACTOR_SPELLINGS.actorKind[actor.role],
      actorId: actor.id,
      fromStatus,
      toStatus: payment.status,
      note: note.slice(0, 255),
    });
  }
}
