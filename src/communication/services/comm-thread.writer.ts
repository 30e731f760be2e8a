import { Injectable } from '@nestjs/common';
import { ACTOR_SPELLINGS } from '../../common/state-machine/actor-spellings.js';
import { EntityManager } from 'typeorm';
import type { CommActor, CommSide } from '../comm-actor.js';
import { CommMessage } from '../entities/comm-message.entity.js';
import type { MessageType } from '../entities/comm-message.entity.js';
import { SqlParams } from '../../common/database/sql-params.js';

export interface ThreadMessage {
  messageType: MessageType;
  content: string;
  /** Written by the server about something the actor did (sender_type `system`, id 0). */
  system?: boolean;
  quoteVersion?: number;
}

const COMM_SIDES: readonly CommSide[] = ['customer', 'staff'];

/** The WITH step holding the new message row (`id`, `comm_order_id`, `created_time`). */
export const THREAD_MESSAGE = 'thread_message';

/**
 * Appends messages to a thread and keeps the request's thread counters in step, in the caller's
 * transaction (which holds the request row lock, so ids and counters agree). A person's side has
 * read everything up to its own message and the other side gets one more unread message; a
 * message of the server itself (the system actor) is unread on both sides.
 *
 * Both writes are one statement (`steps`: the INSERT and the counters' UPDATE as two WITH steps);
 * `append` takes the caller's own writes of the same change as more WITH steps of it (history,
 * audit, event: they may name the new message as `thread_message.id`), and a caller that also
 * locks the row in that statement sends one in all.
 */
@Injectable()
export class CommThreadWriter {
  async append(
    manager: EntityManager,
    commOrderId: number,
    actor: CommActor,
    message: ThreadMessage,
    moreSteps: (params: SqlParams) => string[] = () => [],
  ): Promise<CommMessage> {
    const params = new SqlParams();
    const id = params.add(commOrderId, 'int');
    const steps = [this.steps(params, id, undefined, actor, message), ...moreSteps(params)];
    const [row] = await manager.query<{ id: string; created_time: Date }[]>(
      `WITH ${steps.join(',\n')}
       SELECT id, created_time FROM ${THREAD_MESSAGE}`,
      params.values,
    );
    return this.saved(commOrderId, actor, message, row);
  }

  /**
   * The two WITH steps of one message: `thread_message` inserts it into the request named by
   * `commOrderId` (an SQL expression, over `from` when given: no row there, no message) and
   * `thread_counters` updates that request's counters. Values are appended to `params`.
   */
  steps(
    params: SqlParams,
    commOrderId: string,
    from: string | undefined,
    actor: CommActor,
    message: ThreadMessage,
  ): string {
    const row = this.rowOf(actor, message);
    const value = (v: unknown, type: string): string => params.add(v, type);
    const values = [
      commOrderId,
      value(row.senderId, 'int'),
      value(row.senderType, 'text'),
      value(row.senderName, 'text'),
      value(row.messageType, 'text'),
      value(row.content, 'text'),
      value(row.quoteVersion, 'int'),
    ];
    const set = [
      'message_count = c.message_count + 1',
      'last_message_id = m.id',
      'last_message_time = m.created_time',
    ];
    for (const side of COMM_SIDES) {
      if (side === actor.role) set.push(`${side}_last_read_id = m.id`, `${side}_unread_count = 0`);
      else set.push(`${side}_unread_count = c.${side}_unread_count + 1`);
    }
    // The staff list sorts by how long the customer has been waiting for an answer.
    if (row.senderType !== 'system') {
      set.push(
        actor.role === 'customer'
          ? 'waiting_since = COALESCE(c.waiting_since, now())'
          : 'waiting_since = NULL',
      );
    }
    return `${THREAD_MESSAGE} AS (
         INSERT INTO comm_messages (comm_order_id, sender_id, sender_type, sender_name, message_type, content, quote_version)
         SELECT ${values.join(', ')}${from ? ` FROM ${from}` : ''}
         RETURNING id, comm_order_id, created_time),
       thread_counters AS (
         UPDATE comm_orders c SET ${set.join(', ')}
           FROM ${THREAD_MESSAGE} m WHERE c.id = m.comm_order_id)`;
  }

  /** The message `steps` wrote, from the row its statement returned. */
  saved(
    commOrderId: number,
    actor: CommActor,
    message: ThreadMessage,
    row: { id: string | number; created_time: Date },
  ): CommMessage {
    return Object.assign(new CommMessage(), this.rowOf(actor, message), {
      id: Number(row.id),
      commOrderId,
      createdTime: row.created_time,
    });
  }

  private rowOf(actor: CommActor, message: ThreadMessage) {
    const system = message.system || actor.role === 'system';
    return {
      senderId: system ? 0 : actor.id,
      senderType: ACTOR_SPELLINGS.senderType[system ? 'system' : actor.role],
      senderName: system ? 'system' : actor.name,
      messageType: message.messageType,
      content: message.content,
      quoteVersion: message.quoteVersion ?? 0,
    };
  }
}
