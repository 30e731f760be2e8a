import { WebhookDeliveryWorker } from '../../src/webhooks/services/webhook-delivery.worker.js';
import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { consumeAll, recordEvent, requestCreated } from '../factories/events.factory.js';
import { pollUntil } from '../support/poll.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { itRaces } from '../support/races.js';

/**
 * Webhooks across instances and restarts on one PostgreSQL database: each event reaches each
 * endpoint once whatever instance queues or sends it, a claim is never shared, a crashed
 * instance's claim becomes due again, and a delivery that failed before a restart is sent after.
 */
const onPostgres = process.env.TEST_DB_MODE !== 'pglite';
const WEBHOOKS_ENV = { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: '1' };
/** Background consumers and workers on, with a quick safety poll. */
const WORKERS_ENV = { ...WEBHOOKS_ENV, EVENT_WORKERS: 'true', EVENTS_POLL_INTERVAL_MS: '200' };

(onPostgres ? describe : describe.skip)('webhooks across instances (e2e)', () => {
  let t: TestApp;
  /** A second instance without background work (its worker is driven by runOnce). */
  let other: TestApp;
  let owner: TestAdmin;
  let userId: number;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    t = await startTestApp(WEBHOOKS_ENV);
    owner = await createAdmin(t);
    userId = (await registerCustomer(t.api)).id;
    await consumeAll(t, 'webhooks');
    other = await startTestApp(WEBHOOKS_ENV, { databaseUrl: t.databaseUrl });
  });
  // Each test watches its own endpoint only.
  beforeEach(() => t.dataSource.query('UPDATE webhook_endpoints SET enabled = false'));
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await other?.close();
    await t.close();
  });

  /**
   * A receiver and its endpoint, created through `via`: passport strategies are process-wide (the
   * newest instance's serve every app in this process), so requests go through an instance that
   * is still open.
   */
  const receiverWithEndpoint = async (via: TestApp = t) => {
    const r = await WebhookReceiver.start();
    receivers.push(r);
    const res = await via.api.post(
      '/system/api/webhook/detail',
      { url: r.url, events: ['comm.order.created'] },
      { admin: owner.token },
    );
    if (res.body.code !== 0) throw new Error(res.text);
    r.secrets.push(res.body.data.secret);
    return { r, id: res.body.data.id as number };
  };
  const instance = (env: Record<string, string> = WEBHOOKS_ENV) =>
    startTestApp(env, { databaseUrl: t.databaseUrl });
  const statusOf = async (endpointId: number) =>
    t.dataSource.query<{ status: string; tries: number; event_id: string }[]>(
      'SELECT status, tries, event_id::text AS event_id FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id',
      [endpointId],
    );

  itRaces('two workers racing claim each delivery once', async () => {
    const { r, id } = await receiverWithEndpoint();
    {
      const events = [];
      for (let i = 0; i < 40; i++) events.push(await recordEvent(t, requestCreated(userId, i + 1)));
      await consumeAll(t, 'webhooks');
      const workers = [t, other].map((app) => app.app.get(WebhookDeliveryWorker));
      const tried = await Promise.all([0, 1, 2, 3].map((i) => workers[i % 2].runOnce()));

      expect(tried.reduce((a, b) => a + b, 0)).toBe(40);
      expect([...r.ids()].sort()).toEqual([...events].sort());
      expect(r.received.every((x) => x.verifiedBy.length === 1)).toBe(true);
      const rows = await statusOf(id);
      expect(rows.every((row) => row.status === 'delivered' && row.tries === 1)).toBe(true);
    }
  });

  it('sends the claim of a crashed instance again once its lease ran out', async () => {
    const { r, id } = await receiverWithEndpoint();
    const eventId = await recordEvent(t, requestCreated(userId));
    await consumeAll(t, 'webhooks');
    // Claimed by an instance that died before recording anything: still leased.
    await t.dataSource.query(
      `UPDATE webhook_deliveries SET tries = 1, locked_until = now() + interval '1 minute' WHERE endpoint_id = $1`,
      [id],
    );
    const worker = t.app.get(WebhookDeliveryWorker);
    expect(await worker.runOnce()).toBe(0);
    await t.dataSource.query(
      `UPDATE webhook_deliveries SET locked_until = now() - interval '1 second' WHERE endpoint_id = $1`,
      [id],
    );
    expect(await worker.runOnce()).toBe(1);
    expect(r.ids()).toEqual([eventId]);
    expect(await statusOf(id)).toEqual([{ status: 'delivered', tries: 2, event_id: eventId }]);
  });

  it('two instances with background workers send each event once, woken by commits', async () => {
    const [a, b] = [await instance(WORKERS_ENV), await instance(WORKERS_ENV)];
    try {
      const { r, id } = await receiverWithEndpoint(b);
      const events: string[] = [];
      for (let i = 0; i < 20; i++)
        events.push(await recordEvent(i % 2 ? a : b, requestCreated(userId, i + 1)));
      const seen = await pollUntil(
        20_000,
        () => Promise.resolve(new Set(r.ids()).size),
        (n) => n >= 20,
      );
      expect(seen).toBe(20);
      await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show
      expect([...r.ids()].sort()).toEqual([...events].sort());
      expect((await statusOf(id)).every((row) => row.tries === 1)).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('delivers after a restart an event whose receiver was down', async () => {
    const before = await instance(WORKERS_ENV);
    const { r, id } = await receiverWithEndpoint(before);
    const port = r.port;
    await r.close();
    let eventId: string;
    try {
      eventId = await recordEvent(before, requestCreated(userId));
      const [failed] = await pollUntil(
        10_000,
        () => statusOf(id),
        (rows) => rows[0]?.tries === 1 && rows[0].status === 'pending',
      );
      expect(failed).toMatchObject({ status: 'pending', tries: 1 });
    } finally {
      await before.close();
    }
    await r.listen(); // the receiver is back (same port) while no instance runs
    expect(r.port).toBe(port);
    const after = await instance(WORKERS_ENV);
    try {
      // The retry is due about 5 s after the failure; the restarted instance picks it up.
      const rows = await pollUntil(
        15_000,
        () => statusOf(id),
        (x) => x[0].status === 'delivered',
      );
      expect(rows).toEqual([{ status: 'delivered', tries: 2, event_id: eventId }]);
      expect(r.ids()).toEqual([eventId]);
      expect(r.received[0].verifiedBy).toEqual(r.secrets);
    } finally {
      await after.close();
    }
  });
});
