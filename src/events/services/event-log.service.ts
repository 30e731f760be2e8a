import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { afterCommit } from '../../common/database/after-commit.js';
import type { ActorRole } from '../../common/state-machine/actor.js';
import type { EventType } from '../event-catalogue.js';
import { EventSignal } from './event-signal.js';

/** The NOTIFY channel: the payload is the new row's id, nothing else. */
export const EVENTS_CHANNEL = 'domain_events';

/** What a service says happened; the row's id, transaction id and time are the database's. */
export interface DomainEventInput {
  type: EventType;
  /** The customer the request or order belongs to (users.id): whose stream carries it. */
  userId: number;
  commOrderId?: number | null;
  /** The shop order's number (orders.order_id), as on the wire. */
  orderId?: string | null;
  messageId?: number | null;
  /** The status of the subject after the change. */
  status?: number | null;
  actor: ActorRole;
}

/**
 * The one write path for "what happened": `record` inserts the event row through the caller's
 * EntityManager, i.e. in the transaction of the change itself, so a change that rolls back leaves
 * no event and no committed change lacks one. The same statement queues a NOTIFY, which
 * PostgreSQL delivers only at commit; the stream hubs of every instance wake on it and read the
 * rows (docs/events.md). Rows are thin: ids, type, status, actor kind and time, never text,
 * prices or personal data. This instance's hub is also woken in-process after the commit (the
 * only wake-up on the embedded database, which has no second session to LISTEN on).
 */
@Injectable()
export class EventLogService {
  constructor(private readonly signal: EventSignal) {}

  async record(manager: EntityManager, event: DomainEventInput): Promise<void> {
    await manager.query(
      `WITH e AS (
         INSERT INTO domain_events (type, user_id, comm_order_id, order_id, message_id, status, actor)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id)
       SELECT pg_notify('${EVENTS_CHANNEL}', e.id::text) FROM e`,
      [
        event.type,
        event.userId,
        event.commOrderId ?? null,
        event.orderId ?? null,
        event.messageId ?? null,
        event.status ?? null,
        event.actor,
      ],
    );
    afterCommit(manager, () => this.signal.committed());
  }
}
