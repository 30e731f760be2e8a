import { EntityManager } from 'typeorm';
import { SqlParams } from '../common/database/sql-params.js';
import type { Actor } from '../common/state-machine/actor.js';
import type { EventType } from '../events/event-catalogue.js';
import { EventLogService, SqlRef } from '../events/services/event-log.service.js';

/**
 * Writes a `payment.*` event in the caller's transaction, in one statement: the shop order's row
 * gives the owning customer, its request and the `status` the event carries (docs/events.md:
 * `payment.*` carry the order's status as the money moved), read by the insert itself.
 */
export async function recordPaymentEvent(
  events: EventLogService,
  manager: EntityManager,
  type: EventType,
  orderId: string,
  actor: Actor,
): Promise<void> {
  const params = new SqlParams();
  const order = params.add(orderId);
  const statement = events.insertStatement(
    {
      type,
      userId: new SqlRef('o.user_id'),
      orderId,
      commOrderId: new SqlRef('o.comm_order_id'),
      status: new SqlRef('o.status'),
      actor: actor.role,
    },
    params,
    `orders o WHERE o.order_id = ${order}`,
  );
  const written = await manager.query<unknown[]>(statement, params.values);
  // A payment always belongs to an order: an event with no owner to show it to is a bug.
  if (written.length !== 1) throw new Error(`${type}: no order ${orderId}`);
  events.afterWrite(manager);
}
