import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { afterCommit } from '../../common/database/after-commit.js';
import type { ActorRole } from '../../common/state-machine/actor.js';
import type { EventType } from '../event-catalogue.js';
import { EventSignal } from './event-signal.js';
import { SqlParams } from '../../common/database/sql-params.js';

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

/** A value of the caller's own statement (a column of one of its WITH steps), not a parameter. */
export class SqlRef {
  constructor(readonly sql: string) {}
}

/** An event whose subject ids may come from the statement that writes it (see insertStatement). */
export type DomainEventRow = {
  [K in keyof DomainEventInput]: K extends
    'userId' | 'commOrderId' | 'orderId' | 'messageId' | 'status'
    ? DomainEventInput[K] | SqlRef
    : DomainEventInput[K];
};

/**
 * The one write path for "what happened": `record` inserts the event row through the caller's
 * EntityManager, i.e. in the transaction of the change itself (or `insertStatement` hands the
 * same INSERT to a caller that writes change and event in one statement), so a change that rolls
 * back leaves no event and no committed change lacks one. The same statement queues a NOTIFY, which
 * PostgreSQL delivers only at commit; the stream hubs of every instance wake on it and read the
 * rows (docs/events.md). Rows are thin: ids, type, status, actor kind and time, never text,
 * prices or personal data. This instance's hub is also woken in-process after the commit (the
 * only wake-up on the embedded database, which has no second session to LISTEN on).
 */
@Injectable()
export class EventLogService {
  constructor(private readonly signal: EventSignal) {}

  async record(manager: EntityManager, event: DomainEventInput): Promise<void> {
    const params = new SqlParams();
    await manager.query(this.insertStatement(event, params), params.values);
    this.afterWrite(manager);
  }

  /**
   * The event's row as one INSERT for a caller that writes its change and the event in a single
   * statement (a step of its WITH query): `INSERT … SELECT … [FROM from] RETURNING id` whose
   * RETURNING also queues the NOTIFY (PostgreSQL runs a data-modifying WITH step to the end,
   * RETURNING included, whether or not the rest of the statement reads it). Values are appended to
   * `params`; an `SqlRef` value is an expression over `from` (the id of a row the same statement
   * inserts). After the statement, the caller calls `afterWrite` with its manager.
   */
  insertStatement(event: DomainEventRow, params: SqlParams, from?: string): string {
    const value = (v: unknown, type: string): string =>
      v instanceof SqlRef ? v.sql : params.add(v ?? null, type);
    const values = [
      value(event.type, 'text'),
      value(event.userId, 'int'),
      value(event.commOrderId, 'int'),
      value(event.orderId, 'text'),
      value(event.messageId, 'bigint'),
      value(event.status, 'int'),
      value(event.actor, 'text'),
    ];
    return `INSERT INTO domain_events (type, user_id, comm_order_id, order_id, message_id, status, actor)
       SELECT ${values.join(', ')}${from ? ` FROM ${from}` : ''}
       RETURNING id, pg_notify('${EVENTS_CHANNEL}', id::text)`;
  }

  /** After a statement that wrote an event: wake this instance's hub once it is committed. */
  afterWrite(manager: EntityManager): void {
    afterCommit(manager, () => this.signal.committed());
  }
}
