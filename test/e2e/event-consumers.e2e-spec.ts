import type { EntityManager } from 'typeorm';
import {
  CONSUMER_BATCH,
  EventConsumerRunner,
} from '../../src/events/services/event-consumer.runner.js';
import type { LogRow } from '../../src/events/services/event-log.reader.js';
import { registerCustomer } from '../factories/accounts.factory.js';
import { createAdmin } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { pollUntil } from '../support/poll.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

/**
 * Durable consumers of the event log (the base of the mail and webhook outboxes): every event
 * written after a consumer first ran is handed to it exactly once, in the transaction that moves
 * its stored position, whichever instance runs it, however often, and after a failed pass.
 */
describe('durable event consumers (e2e)', () => {
  let t: TestApp;
  let t2: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    t2 = t.databaseUrl ? await startTestApp({}, { databaseUrl: t.databaseUrl }) : t;
    await t.dataSource.query(
      'CREATE TABLE consumed (consumer text, event_id bigint, PRIMARY KEY (consumer, event_id))',
    );
  });
  afterAll(async () => {
    if (t2 !== t) await t2.close();
    await t.close();
  });

  /** A consumer that records each event it is handed; a duplicate breaks the primary key. */
  const recorder = (name: string, fail?: () => boolean) => ({
    name,
    async handle(manager: EntityManager, rows: readonly LogRow[]) {
      for (const row of rows)
        await manager.query('INSERT INTO consumed (consumer, event_id) VALUES ($1, $2)', [
          name,
          row.id,
        ]);
      if (fail?.()) throw new Error('the consumer failed after writing');
    },
  });
  const consumed = async (name: string) =>
    (
      await t.dataSource.query<{ event_id: string }[]>(
        'SELECT event_id FROM consumed WHERE consumer = $1 ORDER BY event_id',
        [name],
      )
    ).map((r) => Number(r.event_id));
  const eventsAfter = async (id: number) =>
    (
      await t.dataSource.query<{ id: string }[]>(
        'SELECT id FROM domain_events WHERE id > $1 ORDER BY id',
        [id],
      )
    ).map((r) => Number(r.id));
  const lastEventId = async () =>
    Number(
      (
        await t.dataSource.query<{ id: string }[]>(
          'SELECT coalesce(max(id), 0) AS id FROM domain_events',
        )
      )[0].id,
    );

  itRaces(
    'hands every event written after its first run to it once, across two instances racing',
    async () => {
      const name = 'race';
      const runners = [t, t2].map((app) => app.app.get(EventConsumerRunner));
      for (const runner of runners) runner.register(recorder(name));
      await runners[0].runOnce(); // the first run stores the head: older events are not replayed
      const start = await lastEventId();

      const admin = await createAdmin(t);
      const goods = await createGoods(t.api, admin.token);
      const customers = await Promise.all([0, 1, 2, 3].map(() => registerCustomer(t.api)));
      // Changes through both instances, while both instances' runners pass over the log.
      const changes = Promise.all(
        customers.flatMap((customer, i) =>
          Array.from({ length: 8 }, () =>
            createCommOrder((i % 2 ? t2 : t).api, customer, goods.id),
          ),
        ),
      );
      const passes = Promise.all(Array.from({ length: 6 }, (_, i) => runners[i % 2].runOnce()));
      await Promise.all([changes, passes]);
      await Promise.all(runners.map((runner) => runner.runOnce()));
      await runners[1].runOnce();

      const written = await eventsAfter(start);
      expect(written.length).toBeGreaterThanOrEqual(32);
      expect(await consumed(name)).toEqual(written);
    },
  );

  it('hands a batch again after a pass that failed, and more than a batch over several transactions', async () => {
    const name = 'retry';
    let failing = true;
    const runner = t.app.get(EventConsumerRunner);
    runner.register(recorder(name, () => failing));
    await expect(runner.runOnce()).resolves.toBeDefined(); // first run: stores the head only
    const start = await lastEventId();
    await t.dataSource.query(
      `INSERT INTO domain_events (type, user_id, comm_order_id, status, actor)
       SELECT 'comm.order.created', 1, n, 0, 'customer' FROM generate_series(1, $1::int) AS n`,
      [CONSUMER_BATCH + 50],
    );

    // The rows are handed over once every older transaction in the cluster has ended (the
    // commit-safe walk): a pass before that hands nothing, a later one fails in the consumer.
    const failure = await pollUntil(
      30_000,
      () =>
        runner.runOnce().then(
          () => 'handed nothing yet',
          (error: Error) => error.message,
        ),
      (outcome) => outcome !== 'handed nothing yet',
    );
    expect(failure).toContain('the consumer failed after writing');
    expect(await consumed(name)).toEqual([]); // rolled back with the position

    failing = false;
    const handled = await runner.runOnce();
    expect(handled[name]).toBe(CONSUMER_BATCH + 50);
    expect(await consumed(name)).toEqual(await eventsAfter(start));
    expect((await runner.runOnce())[name]).toBe(0);
  });
});
