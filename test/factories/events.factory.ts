import type { DomainEventInput } from '../../src/events/services/event-log.service.js';
import { EventLogService } from '../../src/events/services/event-log.service.js';
import type { TestApp } from '../support/test-app.js';

/** Records one event in a transaction of its own (as a service would) and returns its id. */
export function recordEvent(t: TestApp, input: DomainEventInput): Promise<string> {
  return t.dataSource.transaction(async (manager) => {
    await t.app.get(EventLogService).record(manager, input);
    const [row] = await manager.query(`SELECT currval('domain_events_id_seq')::text AS id`);
    return row.id as string;
  });
}

/** A customer's `comm.order.created` event input. */
export const requestCreated = (userId: number, commOrderId = 1) =>
  ({ type: 'comm.order.created', userId, commOrderId, status: 0, actor: 'customer' }) as const;
