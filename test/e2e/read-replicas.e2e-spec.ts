import { Principal } from '../../src/common/auth/principal.js';
import { ReadReplicas, ReplicaWriteRefused } from '../../src/common/database/read-replicas.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoodsOnSale, TestGoods } from '../factories/catalogue.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { clustersUnavailable, freePort, PgCluster, query } from '../support/pg-cluster.js';
import { pollUntil } from '../support/poll.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Reads on a real streaming replica: a throwaway primary (initdb) and a replica (pg_basebackup
 * -R -X stream) on their own ports, the replica's replay delayed (recovery_min_apply_delay) so
 * what it has not seen yet is known exactly.
 */
function describeWithClusters(name: string, suite: () => void): void {
  const why = clustersUnavailable();
  if (!why) return describe(name, suite);
  const message = `${name} skipped: ${why}`;
  if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but ${message}`);
  // eslint-disable-next-line no-console -- a skipped test must say why
  console.warn(message);
  describe.skip(name, suite);
}

const DAY_MS = 24 * 3600 * 1000;

describeWithClusters('read replicas (e2e)', () => {
  let primary: PgCluster;
  let replica: PgCluster;
  let t: TestApp;
  let lagged: TestApp | undefined;
  let customer: TestCustomer;
  let otherCustomer: TestCustomer;
  let staff: TestAdmin;
  let goods: TestGoods;
  let seededOrderId: string;

  const reads = (app: TestApp = t) => Object.fromEntries(app.app.get(ReadReplicas).reads);
  const ordersScannedOnReplica = async () =>
    (
      await query<{ n: string }>(
        replica.url('shop'),
        `SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS n
           FROM pg_stat_user_tables WHERE relname = 'orders'`,
      )
    ).n;

  beforeAll(async () => {
    primary = await PgCluster.primary();
    await query(primary.url(), 'CREATE DATABASE shop');
    // Migrate and seed on the primary alone, then copy it.
    const seed = await startTestApp({}, { databaseUrl: primary.url('shop') });
    customer = await registerCustomer(seed.api);
    otherCustomer = await registerCustomer(seed.api);
    staff = await createAdmin(seed);
    goods = await createGoodsOnSale(seed);
    seededOrderId = (await placeOrder(seed.api, customer, { goods_id: goods.id })).order_id;
    await seed.close();

    replica = await primary.replica();
    // From here on the replica replays nothing for an hour: what it answers is the seed.
    replica.delayReplay('1h');
    t = await startTestApp(
      {
        DATABASE_REPLICA_URLS: replica.url('shop'),
        DATABASE_REPLICA_MAX_LAG_MS: String(DAY_MS),
        DATABASE_REPLICA_CHECK_INTERVAL_MS: '100',
        METRICS_ENABLED: 'true',
      },
      { databaseUrl: primary.url('shop') },
    );
  }, 180_000);

  afterAll(async () => {
    await lagged?.close();
    await t?.close();
    replica?.destroy();
    primary?.destroy();
  });

  it('lets a customer who just ordered see the order at once, from the primary', async () => {
    const order = await placeOrder(t.api, customer, { goods_id: goods.id });
    const before = reads();
    const list = await t.api.get<any>('/api/orders', { token: customer.token });
    expect(list.body.code).toBe(0);
    expect(list.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([
      order.order_id,
      seededOrderId,
    ]);
    expect(reads().primary).toBe((before.primary ?? 0) + 1);
    // The replica has not replayed the order: a read there would have missed it.
    const onReplica = await query<{ n: number }>(
      replica.url('shop'),
      'SELECT count(*)::int AS n FROM orders WHERE order_id = $1',
      [order.order_id],
    );
    expect(onReplica.n).toBe(0);
  });

  it('answers lists of callers without recent writes from the replica', async () => {
    const before = reads();
    const list = await t.api.get<any>('/api/orders', { token: otherCustomer.token });
    expect(list.body).toMatchObject({ code: 0, data: [], total: 0 });
    const catalogue = await t.api.get<any>('/api/archive/list');
    expect(catalogue.body.data.map((g: { id: number }) => g.id)).toContain(goods.id);
    expect(reads().replica_1).toBe((before.replica_1 ?? 0) + 2);
  });

  it('answers staff order lists from the replica (its own statistics show the reads)', async () => {
    const scanned = await ordersScannedOnReplica();
    const list = await t.api.get<any>('/system/api/plugin/order/list', { admin: staff.token });
    expect(list.body.code).toBe(0);
    // The replica's view: the seeded order, not the one placed after its replay stopped.
    expect(list.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([seededOrderId]);
    const after = await pollUntil(
      30_000,
      ordersScannedOnReplica,
      (n) => BigInt(n) > BigInt(scanned),
    );
    expect(BigInt(after)).toBeGreaterThan(BigInt(scanned));
  });

  it('refuses a write sent through the read helper, on the replica and on the primary', async () => {
    const replicas = t.app.get(ReadReplicas);
    const write = "INSERT INTO read_positions (account_key, lsn) VALUES ('mistake', 1)";
    // Anonymous: the replica.
    await expect(replicas.read(undefined, (m) => m.query(write))).rejects.toThrow(
      ReplicaWriteRefused,
    );
    // The customer who just wrote: the primary, in a READ ONLY transaction all the same.
    const me: Principal = { kind: 'customer', id: customer.id, userName: customer.userName };
    const before = reads();
    await expect(replicas.read(me, (m) => m.query(write))).rejects.toThrow(/READ ONLY/);
    expect(reads()).toEqual(before);
    const [{ n }] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM read_positions WHERE account_key = 'mistake'",
    );
    expect(n).toBe(0);
  });

  it('shows replicas in readiness and /metrics without failing on them', async () => {
    const ready = await fetch(`${t.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as any;
    expect(body.status).toBe('ok');
    expect(body.checks.replica_1).toMatchObject({ status: 'up', used: true });
    expect(typeof body.checks.replica_1.lag_ms).toBe('number');
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^db_replica_up\{replica="replica_1"\} 1$/m);
    expect(metrics).toMatch(/^db_replica_lag_seconds\{replica="replica_1"\} [\d.e+-]+$/m);
    expect(metrics).toMatch(/^db_reads_total\{target="replica_1"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^db_reads_total\{target="primary"\} [1-9]\d*$/m);
  });

  it('keeps every route answering with the replica stopped, and uses it again once it is back', async () => {
    replica.stop();
    // At once (before any check noticed): the read fails over to the primary.
    const before = reads();
    const other = await t.api.get<any>('/api/orders', { token: otherCustomer.token });
    expect(other.body).toMatchObject({ code: 0, total: 0 });
    const staffList = await t.api.get<any>('/system/api/plugin/order/list', { admin: staff.token });
    expect(staffList.body.code).toBe(0);
    expect(staffList.body.total).toBe(2);
    const products = await t.api.get<any>('/system/api/archive/list', { admin: staff.token });
    expect(products.body.code).toBe(0);
    const catalogue = await t.api.get<any>('/api/archive/list');
    expect(catalogue.body.code).toBe(0);
    expect(reads().primary).toBe((before.primary ?? 0) + 4);
    expect(reads().replica_1).toBe(before.replica_1);

    const ready = await fetch(`${t.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as any;
    expect(body.status).toBe('ok');
    expect(body.checks.replica_1).toMatchObject({ status: 'down', used: false });
    expect(body.checks.replica_1.error).toMatch(/^unreachable/);

    // Back (replaying everything now): the next checks find it and reads return to it.
    replica.delayReplay('0');
    replica.start();
    await replica.waitForReplay(primary);
    const back = await pollUntil(
      30_000,
      async () =>
        ((await (await fetch(`${t.baseUrl}/health/ready`)).json()) as any).checks.replica_1,
      (check) => check.status === 'up' && check.used,
    );
    expect(back).toMatchObject({ status: 'up', used: true });
    const again = reads();
    await t.api.get<any>('/api/archive/list');
    expect(reads().replica_1).toBe((again.replica_1 ?? 0) + 1);
  });

  it('skips a replica further behind than DATABASE_REPLICA_MAX_LAG_MS', async () => {
    // A second replica that is down from the start: the start goes on, its reads go elsewhere.
    const nobody = await freePort();
    lagged = await startTestApp(
      {
        DATABASE_REPLICA_URLS: `${replica.url('shop')},postgres://postgres@127.0.0.1:${nobody}/shop`,
        DATABASE_REPLICA_MAX_LAG_MS: '200',
        DATABASE_REPLICA_CHECK_INTERVAL_MS: '100',
      },
      { databaseUrl: primary.url('shop') },
    );
    replica.delayReplay('1h');
    await placeOrder(lagged.api, customer, { goods_id: goods.id });
    const behind = await pollUntil(
      30_000,
      async () =>
        ((await (await fetch(`${lagged!.baseUrl}/health/ready`)).json()) as any).checks.replica_1,
      (check) => check.lag_ms > 200,
    );
    expect(behind).toMatchObject({ status: 'up', used: false });
    const ready = (await (await fetch(`${lagged.baseUrl}/health/ready`)).json()) as any;
    expect(ready.status).toBe('ok');
    expect(ready.checks.replica_2).toMatchObject({ status: 'down', used: false });
    expect(ready.checks.replica_2.error).toMatch(/^unreachable/);
    const before = reads(lagged);
    const catalogue = await lagged.api.get<any>('/api/archive/list');
    expect(catalogue.body.code).toBe(0);
    expect(reads(lagged).primary).toBe((before.primary ?? 0) + 1);
    expect(reads(lagged).replica_1).toBe(before.replica_1);
  });
});
