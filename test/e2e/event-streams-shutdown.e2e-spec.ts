import { uniqueName } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase } from '../support/database.js';
import { buildIfStale, ServerProcess, startBuiltServer } from '../support/server-process.js';
import { SseStream } from '../support/sse-client.js';

/**
 * SIGTERM to the built server (`node dist/src/main.js`) with event streams open: they keep
 * flowing during the drain, then end as normal responses (no reset) when the server stops
 * accepting connections, so clients reconnect elsewhere. Each stream is logged once, at its end,
 * with its events and why it ended, and its ticket never reaches the log.
 */
const onPostgres = process.env.TEST_DB_MODE === 'pglite' ? describe.skip : describe;
const ADMIN = { user_name: uniqueName('ops'), password: 'ops-password-1' };

onPostgres('event streams at shutdown (e2e)', () => {
  let database: { url: string; drop(): Promise<void> };
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    buildIfStale();
    database = await createTestDatabase();
  }, 240_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await database.drop();
  });

  it('keeps streams flowing through the drain, then ends them cleanly', async () => {
    server = await startBuiltServer(database.url, ADMIN, 1500, { METRICS_ENABLED: 'true' });
    const { baseUrl } = server;
    const api = new ApiClient(baseUrl);
    const staff = (await api.post('/system/api/login', ADMIN)).body.data.token as string;
    const goods = await createGoods(api, staff);
    const register = await api.post('/api/register', {
      user_name: uniqueName(),
      password: 'secret123',
    });
    const customer = { id: register.body.data.id as number, token: register.body.data.token };
    const ticket = (await api.post('/api/events/ticket', undefined, { token: customer.token })).body
      .data.ticket as string;
    const mine = await SseStream.open(baseUrl, '/api/events', { query: { ticket } });
    const shop = await SseStream.open(baseUrl, '/system/api/events', { admin: staff });
    expect(mine.isStream && shop.isStream).toBe(true);
    const metrics = async () => (await fetch(`${baseUrl}/metrics`)).text();
    expect(await metrics()).toMatch(/event_streams_open\{audience="customer"\} 1/);

    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Draining: the streams still carry what happens.
    const request = await createCommOrder(
      api,
      { ...customer, userName: '', password: '' },
      goods.id,
    );
    for (const s of [mine, shop]) {
      await s.untilEvents(1);
      expect(JSON.parse(s.domainEvents[0].data)).toMatchObject({
        type: 'comm.order.created',
        comm_order_id: request.id,
      });
    }
    expect(await metrics()).toMatch(/events_delivered_total\{audience="customer"\} 1/);

    // Then each ends as a complete response, and the server exits cleanly.
    expect(await mine.finished).toBe('end');
    expect(await shop.finished).toBe('end');
    expect(await server.exited).toBe(0);

    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"request"') && line.includes('/events'));
    const streamLines = lines.filter((line) => line.includes('"events_sent"'));
    expect(streamLines).toHaveLength(2);
    const customerLine = JSON.parse(streamLines.find((l) => l.includes('/api/events?'))!);
    expect(customerLine).toMatchObject({
      url: '/api/events?ticket=[redacted]',
      status: 200,
      stream: 'customer',
      events_sent: 1,
      ended: 'shutdown',
    });
    expect(customerLine.ms).toBeGreaterThan(1000);
    // Logged once each: no second line from the generic request log for the streams.
    expect(
      lines.filter(
        (l) => l.includes('"url":"/api/events?') || l.includes('"url":"/system/api/events"'),
      ),
    ).toHaveLength(2);
    expect(server.output()).not.toContain(ticket);
  }, 120_000);
});
