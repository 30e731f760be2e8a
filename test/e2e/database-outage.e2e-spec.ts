import { registerCustomer, TestCustomer } from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { pollUntil } from '../support/poll.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { TEST_ADMIN_URL } from '../support/database.js';

/**
 * The database goes away and comes back while the app keeps running. The app reaches PostgreSQL
 * through a TCP proxy the test cuts (every connection dropped, then connections refused: what a
 * stopped server looks like) and restores on the same port.
 */
const onPostgres = process.env.TEST_DB_MODE === 'pglite' ? describe.skip : describe;
if (process.env.TEST_DB_MODE === 'pglite') {
  process.stdout.write('database-outage: skipped, it needs a PostgreSQL server to cut off\n');
}

interface Observation {
  ready: { status: number; body: any };
  read: { status: number; retryAfter: string | null; body: any };
  write: { status: number; retryAfter: string | null; body: any };
  publicRead: { status: number; body: any };
}

onPostgres('database outage (e2e)', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let buyer: TestCustomer;
  let goodsId: number;

  beforeAll(async () => {
    const admin = new URL(TEST_ADMIN_URL);
    proxy = await TcpProxy.start({ host: admin.hostname, port: Number(admin.port || 5432) });
    t = await startTestApp({}, { routeDatabase: (url) => proxy.route(url) });
    buyer = await registerCustomer(t.api);
    goodsId = (await createGoodsOnSale(t)).id;
  });

  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await t.close();
    await proxy.cut();
  });

  async function observe(): Promise<Observation> {
    const ready = await fetch(`${t.baseUrl}/health/ready`);
    const read = await t.api.get('/api/user/detail', { token: buyer.token });
    const write = await t.api.post(
      '/api/order/create',
      { goods_id: goodsId },
      { token: buyer.token },
    );
    const publicRead = await t.api.get('/api/archive/list');
    return {
      ready: { status: ready.status, body: await ready.json() },
      read: { status: read.status, retryAfter: read.headers.get('retry-after'), body: read.body },
      write: {
        status: write.status,
        retryAfter: write.headers.get('retry-after'),
        body: write.body,
      },
      publicRead: { status: publicRead.status, body: publicRead.body },
    };
  }

  const unavailable = (o: Observation) =>
    o.ready.status === 503 &&
    [o.read, o.write, o.publicRead].every(
      (r) => r.status === 503 && r.body?.error === 'COMMON.UNAVAILABLE',
    );
  const serving = (o: Observation) =>
    o.ready.status === 200 &&
    [o.read, o.write, o.publicRead].every((r) => r.status === 200 && r.body?.code === 0);

  /** Only fails a hung test: how soon the app notices is not what is tested here. */
  const HANG_MS = 30_000;
  const readiness = async () => (await fetch(`${t.baseUrl}/health/ready`)).status;

  it('answers 503 envelopes once it has lost the database, and serves again once it is back', async () => {
    expect(serving(await observe())).toBe(true);
    const [ordersBefore] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM orders',
    );

    await proxy.cut();
    // The event: readiness flips to 503. From then on every answer is a 503 envelope.
    expect(await pollUntil(HANG_MS, readiness, (status) => status === 503)).toBe(503);
    const down = await pollUntil(HANG_MS, observe, unavailable);
    expect(down.ready).toEqual({
      status: 503,
      body: {
        status: 'error',
        checks: { database: { status: 'down', error: expect.stringMatching(/^unreachable/) } },
      },
    });
    for (const answer of [down.read, down.write]) {
      expect(answer).toEqual({
        status: 503,
        retryAfter: '5',
        body: {
          code: -1,
          msg: 'Service temporarily unavailable, try again',
          data: null,
          error: 'COMMON.UNAVAILABLE',
        },
      });
    }
    expect(down.publicRead).toMatchObject({ status: 503, body: { error: 'COMMON.UNAVAILABLE' } });

    await proxy.restore();
    expect(await pollUntil(HANG_MS, readiness, (status) => status === 200)).toBe(200);
    const up = await pollUntil(HANG_MS, observe, serving);
    expect(up.ready).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: { status: 'up' } } },
    });
    expect(up.read.body).toMatchObject({ code: 0, data: { id: buyer.id } });
    expect(up.write.body).toMatchObject({ code: 0 });
    // Orders placed: one before the cut, the ones that succeeded after; none from the outage.
    const [ordersAfter] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM orders',
    );
    expect(ordersAfter.n - ordersBefore.n).toBe(1);
  });

  it('answers 503 when the pool stays full past DATABASE_CONNECT_TIMEOUT_MS, and serves once a slot frees', async () => {
    const small = await startTestApp({
      DATABASE_POOL_MAX: '2',
      DATABASE_CONNECT_TIMEOUT_MS: '300',
    });
    try {
      const customer = await registerCustomer(small.api);
      // Take both of the pool's connections away from the app.
      const holders = [small.dataSource.createQueryRunner(), small.dataSource.createQueryRunner()];
      for (const holder of holders) await holder.query('SELECT 1');
      const full = await small.api.get('/api/user/detail', { token: customer.token });
      expect(full.status).toBe(503);
      expect(full.body).toMatchObject({ code: -1, error: 'COMMON.UNAVAILABLE' });
      expect(full.headers.get('retry-after')).toBe('5');
      const ready = await fetch(`${small.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      for (const holder of holders) await holder.release();
      const freed = await small.api.get('/api/user/detail', { token: customer.token });
      expect(freed.body).toMatchObject({ code: 0, data: { id: customer.id } });
    } finally {
      await small.close();
    }
  });
});
