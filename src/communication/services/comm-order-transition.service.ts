import { Injectable, Logger } from '@nestjs/common';
import { ACTOR_SPELLINGS } from '../../common/state-machine/actor-spellings.js';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { COMM_TRANSITION_EVENTS } from '../../events/event-catalogue.js';
import { EventLogService, SqlRef } from '../../events/services/event-log.service.js';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { afterCommit } from '../../common/database/after-commit.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import type { CommActor } from '../comm-actor.js';
import { PlannedMove } from '../../common/state-machine/state-machine.js';
import {
  COMM_ORDER_STATUS_NAMES,
  CommOrderStatus,
  CommTransitionAction,
  findTransition,
} from '../comm-order-status.js';
import { CommErrors } from '../communication.errors.js';
import { CommMessage } from '../entities/comm-message.entity.js';
import { CommOrder } from '../entities/comm-order.entity.js';
import { CommThreadWriter, THREAD_MESSAGE, ThreadMessage } from './comm-thread.writer.js';

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
  /** The shop order's number, when the change links one (accept): the event names it. */
  shopOrderNumber?: string;
}

export interface TransitionResult {
  /** The row as it is after the change. */
  order: CommOrder;
  /** The thread message that announced it. */
  message: CommMessage;
}

function systemText(
  action: CommTransitionAction,
  transition: PlannedMove<CommOrderStatus>,
  actor: CommActor,
  note: string,
): string {
  const who = { customer: 'the customer', staff: 'staff', system: 'the server' }[actor.role];
  const base =
    action === 'accept'
      ? 'The customer accepted the quote'
      : action === 'reject'
        ? 'The customer rejected the quote'
        : `Status changed to ${COMM_ORDER_STATUS_NAMES[transition.to]} by ${who}`;
  return note ? `${base}: ${note}` : base;
}

/**
 * The one place a communication order's status changes. Callers lock the row first
 * (CommOrderLookup.lockVisible), check what only they know (quote version...), then call
 * transition().
 */
@Injectable()
export class CommOrderTransitionService {
  private readonly logger = new Logger('CommTransitions');

  constructor(
    private readonly thread: CommThreadWriter,
    private readonly metrics: MetricsService,
    private readonly audit: AuditService,
    private readonly events: EventLogService,
  ) {}

  /**
   * Applies `action` by `actor` to a row locked by CommOrderLookup.lockVisible: checks the
   * transition table, updates status/version conditionally (`WHERE status = from AND version =
   * v`), writes the history row, the audit entry (staff only), the thread message and the event.
   * The system actor (SYSTEM_ACTOR, the quote-expiry job) goes the same way: its history
   * row says `system`, its message is a system message unread on both sides, and no audit row
   * is written (the audit trail is of staff actions).
   */
  async transition(
    manager: EntityManager,
    order: CommOrder,
    action: CommTransitionAction,
    actor: CommActor,
    options: TransitionOptions = {},
  ): Promise<TransitionResult> {
    const transition = findTransition(order.status, action, actor.role);
    if (!transition) throw CommErrors.invalidTransition(action, order.status, actor.role);

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

    // The history row, the audit entry (staff), the thread message and the event: one statement.
    const note = options.note ?? '';
    const message = await this.thread.append(
      manager,
      order.id,
      actor,
      options.message ?? {
        system: true,
        messageType: 'text',
        content: systemText(action, transition, actor, note),
      },
      (params) => {
        const value = (v: unknown, type: string): string => params.add(v, type);
        const steps = [
          `history_row AS (
             INSERT INTO comm_order_history (comm_order_id, action, from_status, to_status, actor_type, actor_id, note)
             VALUES (${[
               value(order.id, 'int'),
               value(action, 'text'),
               value(order.status, 'int'),
               value(transition.to, 'int'),
               value(ACTOR_SPELLINGS.actorType[actor.role], 'text'),
               value(actor.id, 'int'),
               value(note.slice(0, 500), 'text'),
             ].join(', ')}))`,
          `event_row AS (${this.events.insertStatement(
            {
              type: COMM_TRANSITION_EVENTS[action],
              userId: order.userId,
              commOrderId: order.id,
              orderId: options.shopOrderNumber ?? null,
              messageId: new SqlRef(`${THREAD_MESSAGE}.id`),
              status: transition.to,
              actor: actor.role,
            },
            params,
            THREAD_MESSAGE,
          )})`,
        ];
        if (actor.role === 'staff') {
          steps.push(
            `audit_row AS (${this.audit.insertStatement(
              {
                action: `request.${action}`,
                entityType: 'request',
                entityId: order.id,
                details: {
                  from_status: order.status,
                  to_status: transition.to,
                  note: note.slice(0, 500),
                },
              },
              params,
            )})`,
          );
        }
        return steps;
      },
    );
    this.events.afterWrite(manager);
    const changed = await manager.getRepository(CommOrder).findOneByOrFail({ id: order.id });
    afterCommit(manager, () => {
      this.logger.log({
        msg: 'communication order transition',
        comm_order_id: order.id,
        action,
        actor: `${actor.role}:${actor.id}`,
        from: order.status,
        to: transition.to,
      });
      this.metrics.commTransitions.inc({ action, from: order.status, to: transition.to });
    });
    return { order: changed, message };
  }
}
