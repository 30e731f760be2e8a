import type { DomainEventInput } from '../../src/events/services/event-log.service.js';
import { EventLogService } from '../../src/events/services/event-log.service.js';
import { EventConsumerRunner } from '../../src/events/services/event-consumer.runner.js';
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

/**
 * Runs the durable consumers until `consumer` has handled every event in the log. A row is
 * handed over only once no older transaction is open anywhere in the cluster (docs/events.md),
 * and tests of other databases on the same server hold such transactions now and then.
 */
export async function consumeAll(t: TestApp, consumer: string, withinMs = 15_000): Promise<void> {
  const runner = t.app.get(EventConsumerRunner);
  const deadline = Date.now() + withinMs;
  for (;;) {
    await runner.runOnce();
    const [{ behind }] = await t.dataSource.query<{ behind: number }[]>(
      `SELECT count(*)::int AS behind FROM domain_events d, event_consumers c
        WHERE c.name = $1 AND (d.txid, d.id) > (c.txid, c.last_id)`,
      [consumer],
    );
    if (behind === 0) return;
    if (Date.now() > deadline) throw new Error(`${consumer}: ${behind} events still unhandled`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
