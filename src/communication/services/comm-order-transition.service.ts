import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { afterCommit } from '../../common/database/after-commit.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import type { CommActor } from '../comm-actor.js';
import {
  COMM_ORDER_STATUS_NAMES,
  CommTransition,
  CommTransitionAction,
  findTransition,
} from '../comm-order-status.js';
import { CommErrors } from '../communication.errors.js';
import { CommMessage } from '../entities/comm-message.entity.js';
import { CommOrderHistory } from '../entities/comm-order-history.entity.js';
import { CommOrder } from '../entities/comm-order.entity.js';
import { CommThreadWriter, ThreadMessage } from './comm-thread.writer.js';

export interface TransitionOptions {
  /** Other columns that change together with the status (quote fields, shopOrderRowId, reasons). */
  changes?: QueryDeepPartialEntity<CommOrder>;
  /** Recorded in the history row and in the default system message. */
  note?: string;
  /**
   * The thread message that announces the change. Defaults to a system message; a first staff
   * reply or a quote is announced by that reply or quote message itself.
   */
  message?: ThreadMessage;
}

export interface TransitionResult {
  /** The row as it is after the change. */
  order: CommOrder;
  /** The thread message that announced it. */
  message: CommMessage;
}

function systemText(transition: CommTransition, actor: CommActor, note: string): string {
  const who = actor.side === 'customer' ? 'the customer' : 'staff';
  const base =
    transition.action === 'accept'
      ? 'The customer accepted the quote'
      : transition.action === 'reject'
        ? 'The customer rejected the quote'
        : `Status changed to ${COMM_ORDER_STATUS_NAMES[transition.to]} by ${who}`;
  return note ? `${base}: ${note}` : base;
}

/**
 * The one place a communication order's status changes. Callers lock the row first
 * (lockVisible), check what only they know (quote version, owner...), then call transition().
 */
@Injectable()
export class CommOrderTransitionService {
  private readonly logger = new Logger('CommTransitions');

  constructor(
    private readonly thread: CommThreadWriter,
    private readonly metrics: MetricsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Loads and locks (FOR UPDATE) a request the actor may see, until the transaction ends.
   * A customer sees only their own: someone else's id is "not found", exactly like an unknown one.
   * With `noWait`, a row locked by another transaction fails at once (PostgreSQL 55P03) instead
   * of waiting: see CommAcceptService for why.
   */
  async lockVisible(
    manager: EntityManager,
    id: number,
    actor: CommActor,
    options: { noWait?: boolean } = {},
  ): Promise<CommOrder> {
    const query = manager
      .getRepository(CommOrder)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id });
    if (options.noWait) query.setOnLocked('nowait');
    if (actor.side === 'customer') query.andWhere('o.user_id = :userId', { userId: actor.id });
    const order = await query.getOne();
    if (!order) throw CommErrors.notFound();
    return order;
  }

  /** lockVisible + transition, for moves that need no check of their own in between. */
  async lockAndTransition(
    manager: EntityManager,
    id: number,
    action: CommTransitionAction,
    actor: CommActor,
    options: TransitionOptions = {},
  ): Promise<TransitionResult> {
    const locked = await this.lockVisible(manager, id, actor);
    return this.transition(manager, locked, action, actor, options);
  }

  /**
   * Applies `action` by `actor` to a row locked by lockVisible: checks the transition table,
   * updates status/version conditionally (`WHERE status = from AND version = v`), writes the
   * history row and the thread message.
   */
  async transition(
    manager: EntityManager,
    order: CommOrder,
    action: CommTransitionAction,
    actor: CommActor,
    options: TransitionOptions = {},
  ): Promise<TransitionResult> {
    const transition = findTransition(order.status, action, actor.side);
    if (!transition) throw CommErrors.invalidTransition(action, order.status, actor.side);

    const result = await manager
      .createQueryBuilder()
      .update(CommOrder)
      .set({
        ...options.changes,
        status: transition.to,
        version: () => 'version + 1',
        updatedTime: () => 'now()',
      })
      .where('id = :id AND status = :from AND version = :version', {
        id: order.id,
        from: order.status,
        version: order.version,
      })
      .execute();
    if (result.affected !== 1) throw CommErrors.concurrentChange();

    const note = options.note ?? '';
    await manager.getRepository(CommOrderHistory).insert({
      commOrderId: order.id,
      action,
      fromStatus: order.status,
      toStatus: transition.to,
      actorType: actor.side,
      actorId: actor.id,
      note: note.slice(0, 500),
    });
    if (actor.side === 'staff') {
      await this.audit.record(manager, {
        action: `request.${action}`,
        entityType: 'request',
        entityId: order.id,
        details: { from_status: order.status, to_status: transition.to, note: note.slice(0, 500) },
      });
    }
    const message = await this.thread.append(
      manager,
      order.id,
      actor,
      options.message ?? {
        system: true,
        messageType: 'text',
        content: systemText(transition, actor, note),
      },
    );
    const changed = await manager.getRepository(CommOrder).findOneByOrFail({ id: order.id });
    afterCommit(manager, () => {
      this.logger.log({
        msg: 'communication order transition',
        comm_order_id: order.id,
        action,
        actor: `${actor.side}:${actor.id}`,
        from: order.status,
        to: transition.to,
      });
      this.metrics.commTransitions.inc({ action, from: order.status, to: transition.to });
    });
    return { order: changed, message };
  }
}
