import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CommActor, CommSide } from '../comm-actor.js';
import { CommMessage } from '../entities/comm-message.entity.js';
import type { MessageType } from '../entities/comm-message.entity.js';
import { CommOrder } from '../entities/comm-order.entity.js';

export interface ThreadMessage {
  messageType: MessageType;
  content: string;
  /** Written by the server about something the actor did (sender_type `system`, id 0). */
  system?: boolean;
  quoteVersion?: number;
}

const COMM_SIDES: readonly CommSide[] = ['customer', 'staff'];

/**
 * Appends messages to a thread and keeps the request's thread counters in step, in the caller's
 * transaction (which holds the request row lock, so ids and counters agree). A person's side has
 * read everything up to its own message and the other side gets one more unread message; a
 * message of the server itself (the system actor) is unread on both sides.
 */
@Injectable()
export class CommThreadWriter {
  async append(
    manager: EntityManager,
    commOrderId: number,
    actor: CommActor,
    message: ThreadMessage,
  ): Promise<CommMessage> {
    const system = message.system || actor.role === 'system';
    const saved = await manager.getRepository(CommMessage).save(
      manager.getRepository(CommMessage).create({
        commOrderId,
        senderId: system ? 0 : actor.id,
        senderType: system ? 'system' : actor.role === 'customer' ? 'user' : 'admin',
        senderName: system ? 'system' : actor.name,
        messageType: message.messageType,
        content: message.content,
        quoteVersion: message.quoteVersion ?? 0,
      }),
    );

    const set: Record<string, unknown> = {
      messageCount: () => 'message_count + 1',
      lastMessageId: saved.id,
      lastMessageTime: saved.createdTime,
    };
    for (const side of COMM_SIDES) {
      if (side === actor.role) {
        set[`${side}LastReadId`] = saved.id;
        set[`${side}UnreadCount`] = 0;
      } else {
        set[`${side}UnreadCount`] = () => `${side}_unread_count + 1`;
      }
    }
    // The staff list sorts by how long the customer has been waiting for an answer.
    if (!system) {
      set.waitingSince = actor.role === 'customer' ? () => 'COALESCE(waiting_since, now())' : null;
    }
    await manager
      .createQueryBuilder()
      .update(CommOrder)
      .set(set)
      .where('id = :commOrderId', { commOrderId })
      .execute();
    return saved;
  }
}
