import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { EventLogService, SqlRef } from '../../events/services/event-log.service.js';
import type { CommParticipant, CommSide } from '../comm-actor.js';
import { canDo, COMM_ORDER_STATUSES, CommOrderStatus } from '../comm-order-status.js';
import { toCommMessageResponse } from '../comm-order.mapper.js';
import { CommErrors } from '../communication.errors.js';
import { isStoredUrl } from '../../common/validation/stored-url.js';
import { SendMessageRequestDto } from '../dto/comm-message.request.dto.js';
import { CommImagesRequestDto } from '../dto/staff-comm.request.dto.js';
import {
  CommMessageResponseDto,
  CommOrderResponseDto,
  CommReadStateResponseDto,
} from '../dto/comm-order.response.dto.js';
import { MESSAGE_TYPES, type MessageType } from '../entities/comm-message.entity.js';
import { CommOrder } from '../entities/comm-order.entity.js';
import { CommOrderLookup } from './comm-order.lookup.js';
import { CommOrderQueryService } from './comm-order-query.service.js';
import { CommOrderTransitionService } from './comm-order-transition.service.js';
import { CommThreadWriter, THREAD_MESSAGE } from './comm-thread.writer.js';
import { SqlParams } from '../../common/database/sql-params.js';

/** Types a person may send. `quote` comes from order/quote only; `unknown` is for old clients' data. */
const SENDABLE: ReadonlySet<MessageType> = new Set(
  MESSAGE_TYPES.filter((type) => type !== 'quote' && type !== 'unknown'),
);

/**
 * The statuses in which `send` writes a message in its one statement: where the state machine
 * lets the side send one, except a staff message on a pending request (the reply transition).
 */
const SEND_STATUSES: Record<CommSide, CommOrderStatus[]> = {
  customer: COMM_ORDER_STATUSES.filter((status) => canDo(status, 'send_message', 'customer')),
  staff: COMM_ORDER_STATUSES.filter(
    (status) => canDo(status, 'send_message', 'staff') && status !== CommOrderStatus.Pending,
  ),
};

/** The conversation itself: messages, read marks, and staff's sketch/finished images. */
@Injectable()
export class CommConversationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CommOrderLookup,
    private readonly transitions: CommOrderTransitionService,
    private readonly thread: CommThreadWriter,
    private readonly query: CommOrderQueryService,
    private readonly audit: AuditService,
    private readonly events: EventLogService,
  ) {}

  /**
   * The sender is the actor (from the token). The first staff message on a pending request is
   * the `reply` transition (0 → 1) and makes that staff member the request's admin.
   *
   * Every other message is one statement (autocommit): lock the request the actor may see (FOR
   * UPDATE, so racing sends queue as before and ids and counters agree), check its status,
   * insert the message, update the thread counters, write the event and, for staff, the audit
   * entry. A status that does not take the message writes nothing and answers as before.
   */
  async send(
    actor: CommParticipant,
    input: SendMessageRequestDto,
  ): Promise<CommMessageResponseDto> {
    if (!SENDABLE.has(input.message_type))
      throw CommErrors.messageTypeNotAllowed(input.message_type);
    if (input.message_type === 'image' && !isStoredUrl(input.content, 'image'))
      throw CommErrors.badImageUrl();
    const message = { messageType: input.message_type, content: input.content };

    const params = new SqlParams();
    const visible = this.lookup.whereVisible(input.comm_order_id, actor, params);
    const statuses = params.add(SEND_STATUSES[actor.role], 'int[]');
    const steps = [
      `target AS MATERIALIZED (
         SELECT o.id, o.user_id, o.status FROM comm_orders o WHERE ${visible} FOR UPDATE)`,
      `allowed AS MATERIALIZED (SELECT * FROM target WHERE status = ANY(${statuses}))`,
      this.thread.steps(params, 'allowed.id', 'allowed', actor, message),
      `event_row AS (${this.events.insertStatement(
        {
          type: 'comm.message.created',
          userId: new SqlRef('allowed.user_id'),
          commOrderId: new SqlRef('allowed.id'),
          messageId: new SqlRef(`${THREAD_MESSAGE}.id`),
          status: new SqlRef('allowed.status'),
          actor: actor.role,
        },
        params,
        `allowed, ${THREAD_MESSAGE}`,
      )})`,
    ];
    if (actor.role === 'staff') {
      steps.push(
        `audit_row AS (${this.audit.insertStatement(
          {
            action: 'request.message',
            entityType: 'request',
            entityId: input.comm_order_id,
            details: { message_type: message.messageType },
          },
          params,
          {
            from: THREAD_MESSAGE,
            details: `jsonb_build_object('message_id', ${THREAD_MESSAGE}.id)`,
          },
        )})`,
      );
    }
    const [row] = await this.dataSource.query<
      { status: CommOrderStatus; id: string | null; created_time: Date | null }[]
    >(
      `WITH ${steps.join(',\n')}
       SELECT target.status, m.id, m.created_time FROM target LEFT JOIN ${THREAD_MESSAGE} m ON true`,
      params.values,
    );
    if (!row) throw CommErrors.notFound();
    if (row.id !== null && row.created_time !== null) {
      this.events.afterWrite(this.dataSource.manager);
      return toCommMessageResponse(
        this.thread.saved(input.comm_order_id, actor, message, {
          id: row.id,
          created_time: row.created_time,
        }),
      );
    }
    if (!canDo(row.status, 'send_message', actor.role))
      throw CommErrors.invalidTransition('send_message', row.status, actor.role);
    // Staff on a pending request: the reply transition, in a transaction of its own.
    const replied = await this.dataSource.transaction(async (manager) => {
      const order = await this.lookup.lockVisible(manager, input.comm_order_id, actor);
      if (!canDo(order.status, 'send_message', actor.role))
        throw CommErrors.invalidTransition('send_message', order.status, actor.role);
      if (actor.role === 'staff' && order.status === CommOrderStatus.Pending) {
        const result = await this.transitions.transition(manager, order, 'reply', actor, {
          changes: { adminId: order.adminId || actor.id },
          message,
        });
        return result.message;
      }
      // The request moved on meanwhile (another staff member replied first): a plain message.
      const appended = await this.thread.append(manager, order.id, actor, message);
      await this.events.record(manager, {
        type: 'comm.message.created',
        userId: order.userId,
        commOrderId: order.id,
        messageId: appended.id,
        status: order.status,
        actor: actor.role,
      });
      if (actor.role === 'staff') {
        await this.audit.record(manager, {
          action: 'request.message',
          entityType: 'request',
          entityId: order.id,
          details: { message_id: appended.id, message_type: appended.messageType },
        });
      }
      return appended;
    });
    return toCommMessageResponse(replied);
  }

  /**
   * Marks everything up to the latest message read for the actor's side (any status). Only a
   * read marker that moves writes (and tells the other side, comm.thread.read): opening a thread
   * that is already read changes nothing.
   */
  async read(actor: CommParticipant, id: number): Promise<CommReadStateResponseDto> {
    const side = actor.role;
    const lastRead = await this.dataSource.transaction(async (manager) => {
      const order = await this.lookup.lockVisible(manager, id, actor);
      const [readId, unread] =
        side === 'customer'
          ? [order.customerLastReadId, order.customerUnreadCount]
          : [order.staffLastReadId, order.staffUnreadCount];
      if (readId === order.lastMessageId && unread === 0) return order.lastMessageId;
      await manager
        .createQueryBuilder()
        .update(CommOrder)
        .set(
          side === 'customer'
            ? { customerLastReadId: order.lastMessageId, customerUnreadCount: 0 }
            : { staffLastReadId: order.lastMessageId, staffUnreadCount: 0 },
        )
        .where('id = :id', { id: order.id })
        .execute();
      await this.events.record(manager, {
        type: 'comm.thread.read',
        userId: order.userId,
        commOrderId: order.id,
        messageId: order.lastMessageId || null,
        status: order.status,
        actor: actor.role,
      });
      return order.lastMessageId;
    });
    return { id, unread_count: 0, last_read_message_id: lastRead };
  }

  /**
   * Staff replace the sketch and/or finished image lists; every URL not there before is also
   * posted to the thread as an image message, so the customer sees it arrive.
   */
  async setImages(
    actor: CommParticipant,
    input: CommImagesRequestDto,
  ): Promise<CommOrderResponseDto> {
    const order = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lookup.lockVisible(manager, input.id, actor);
      if (!canDo(locked.status, 'images', actor.role))
        throw CommErrors.invalidTransition('images', locked.status, actor.role);
      const sketch = input.sketch_images;
      const finished = input.finished_images;
      if (sketch === undefined && finished === undefined) return locked;

      await manager
        .createQueryBuilder()
        .update(CommOrder)
        .set({
          ...(sketch !== undefined ? { sketchImages: sketch } : {}),
          ...(finished !== undefined ? { finishedImages: finished } : {}),
          version: () => 'version + 1',
          updatedTime: () => 'now()',
        })
        .where('id = :id AND version = :version', { id: locked.id, version: locked.version })
        .execute();
      const before = new Set([...locked.sketchImages, ...locked.finishedImages]);
      const added = [...new Set([...(sketch ?? []), ...(finished ?? [])])].filter(
        (url) => !before.has(url),
      );
      for (const url of added) {
        await this.thread.append(manager, locked.id, actor, { messageType: 'image', content: url });
      }
      await this.events.record(manager, {
        type: 'comm.order.updated',
        userId: locked.userId,
        commOrderId: locked.id,
        status: locked.status,
        actor: actor.role,
      });
      await this.audit.record(manager, {
        action: 'request.images',
        entityType: 'request',
        entityId: locked.id,
        details: { sketch_images: sketch?.length, finished_images: finished?.length },
      });
      return manager.getRepository(CommOrder).findOneByOrFail({ id: locked.id });
    });
    return this.query.present(order, actor.role);
  }
}
