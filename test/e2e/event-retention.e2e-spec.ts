import { randomBytes } from 'node:crypto';
import {
  EventRetentionService,
  RETENTION_BATCH,
} from '../../src/events/services/event-retention.service.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

describe('event retention: old events and expired tickets go, once across instances (e2e)', () => {
  let t: TestApp;
  let t2: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ EVENTS_RETENTION: '7d' });
    t2 = t.databaseUrl
      ? await startTestApp({ EVENTS_RETENTION: '7d' }, { databaseUrl: t.databaseUrl })
      : t;
  });
  afterAll(async () => {
    if (t2 !== t) await t2.close();
    await t.close();
  });

  /** Test set-up: `count` events written `age` ago (rows as the writers make them). */
  const events = (count: number, age: string) =>
    t.dataSource.query(
      `INSERT INTO domain_events (type, user_id, comm_order_id, status, actor, created_time)
       SELECT 'comm.order.created', 1, n, 0, 'customer', now() - $2::interval
         FROM generate_series(1, $1::int) AS n`,
      [count, age],
    );
  const tickets = (count: number, expiresIn: string) =>
    t.dataSource.query(
      `INSERT INTO event_stream_tickets
         (ticket_hash, account_kind, account_id, token_expires_at, expires_at)
       SELECT decode(md5($3 || n::text), 'hex'), 'customer', 1, now() + interval '1 day',
              now() + $2::interval
         FROM generate_series(1, $1::int) AS n`,
      [count, expiresIn, randomBytes(4).toString('hex')],
    );
  const left = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM domain_events WHERE created_time < now() - interval '7 days') AS old_events,
                (SELECT count(*)::int FROM domain_events WHERE created_time >= now() - interval '7 days') AS kept_events,
                (SELECT count(*)::int FROM event_stream_tickets WHERE expires_at < now()) AS expired_tickets,
                (SELECT count(*)::int FROM event_stream_tickets WHERE expires_at >= now()) AS live_tickets`,
      )
    )[0];

  it('deletes only events older than EVENTS_RETENTION and tickets past expires_at', async () => {
    await events(5, '8 days');
    await events(4, '6 days 23 hours');
    await tickets(3, '-1 second');
    await tickets(2, '60 seconds');
    const before = await left();

    const run = await t.app.get(EventRetentionService).runOnce();
    expect(run).toEqual({ events: 5, tickets: 3, skipped: false });
    expect(await left()).toEqual({
      old_events: 0,
      kept_events: before.kept_events,
      expired_tickets: 0,
      live_tickets: before.live_tickets,
    });
    expect(await t.app.get(EventRetentionService).runOnce()).toEqual({
      events: 0,
      tickets: 0,
      skipped: false,
    });
  });

  itRaces(
    'two instances cleaning at once both finish without error; everything old goes once',
    async () => {
      await events(RETENTION_BATCH * 3 + 17, '10 days');
      await events(10, '1 hour');
      await tickets(RETENTION_BATCH + 5, '-1 minute');
      const before = await left();

      const jobs = [t.app.get(EventRetentionService), t2.app.get(EventRetentionService)];
      const runs = await Promise.all([jobs[0].runOnce(), jobs[1].runOnce(), jobs[0].runOnce()]);
      // Whoever held the lock deleted; the others stopped when they found it taken. A pass that
      // stopped early leaves the rest for a pass that is still going, or the next one.
      const leftover = await jobs[1].runOnce();
      const deleted = [...runs, leftover].reduce(
        (sum, run) => ({ events: sum.events + run.events, tickets: sum.tickets + run.tickets }),
        { events: 0, tickets: 0 },
      );
      expect(deleted).toEqual({ events: RETENTION_BATCH * 3 + 17, tickets: RETENTION_BATCH + 5 });
      expect(runs.some((run) => !run.skipped)).toBe(true);
      expect(await left()).toEqual({
        old_events: 0,
        kept_events: before.kept_events,
        expired_tickets: 0,
        live_tickets: before.live_tickets,
      });
    },
  );

  it('a pass finding the lock held by another instance skips, without error or deletes', async () => {
    if (t2 === t) return; // PGlite: one instance, nothing to race
    await events(3, '9 days');
    const holder = t2.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('events.retention', 0))`);
      expect(await t.app.get(EventRetentionService).runOnce()).toEqual({
        events: 0,
        tickets: 0,
        skipped: true,
      });
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await t.app.get(EventRetentionService).runOnce()).events).toBe(3);
  });
});
