import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { fundBalance, placeOrder, walk } from '../factories/orders.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('order jobs: auto-close and auto-finish, safe when run concurrently (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let jobs: OrderJobsService;

  beforeAll(async () => {
    t = await startTestApp({
      ORDER_JOBS_INTERVAL_SECONDS: '0',
      ORDER_AUTO_CLOSE_MINUTES: '30',
      ORDER_AUTO_FINISH_DAYS: '7',
    });
    admin = await createAdmin(t);
    jobs = t.app.get(OrderJobsService);
  });
  afterAll(async () => {
    await t.close();
  });

  const stockOf = async (goodsId: number): Promise<number> =>
    (await t.dataSource.query('SELECT stock FROM archives WHERE id = $1', [goodsId]))[0].stock;

  it('closes unpaid orders after ORDER_AUTO_CLOSE_MINUTES exactly once, giving stock back once', async () => {
    const buyer = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, { price: 100, stock: 20 });
    const orders = await Promise.all(
      Array.from({ length: 8 }, () =>
        placeOrder(t.api, buyer, { goods_id: goods.id, quantity: 2 }),
      ),
    );
    expect(await stockOf(goods.id)).toBe(4);

    // Not yet due: nothing happens.
    const early = await jobs.runOnce(new Date(Date.now() + 29 * MINUTE));
    expect(early.closed.filter((id) => orders.some((o) => o.order_id === id))).toEqual([]);

    const later = new Date(Date.now() + 31 * MINUTE);
    const [a, b] = await Promise.all([jobs.runOnce(later), jobs.runOnce(later)]);
    const closed = [...a.closed, ...b.closed].filter((id) => orders.some((o) => o.order_id === id));
    expect(closed.sort()).toEqual(orders.map((o) => o.order_id).sort());
    expect([...a.failed, ...b.failed]).toEqual([]);
    expect(await stockOf(goods.id)).toBe(20);

    const history = await t.dataSource.query(
      `SELECT order_id, count(*)::int AS n, min(actor_kind) AS actor FROM order_history
        WHERE action = 'close' AND order_id = ANY($1) GROUP BY order_id`,
      [orders.map((o) => o.order_id)],
    );
    expect(history).toHaveLength(8);
    for (const row of history) expect(row).toMatchObject({ n: 1, actor: 'system' });

    const again = await jobs.runOnce(later);
    expect(again.closed).toEqual([]);
  });

  it('finishes shipped orders at end_time exactly once, crediting the seller once', async () => {
    const seller = await registerCustomer(t.api);
    const buyer: TestCustomer = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, buyer.id, 100_000);
    const goods = await createGoods(t.api, admin.token, {
      price: 1000,
      stock: 20,
      user_id: seller.id,
    });
    const actors = { api: t.api, buyer, adminToken: admin.token };
    const orders = [];
    for (let i = 0; i < 6; i++) {
      const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
      await walk(actors, order.order_id, ['pay', 'deliver']);
      orders.push(order);
    }
    const [{ end_time }] = await t.dataSource.query(
      'SELECT end_time, deliver_time FROM orders WHERE order_id = $1',
      [orders[0].order_id],
    );
    expect(new Date(end_time).getTime()).toBeGreaterThan(Date.now() + 6.9 * DAY);

    expect((await jobs.runOnce(new Date(Date.now() + 6 * DAY))).finished).toEqual([]);
    const later = new Date(Date.now() + 8 * DAY);
    const [a, b] = await Promise.all([jobs.runOnce(later), jobs.runOnce(later)]);
    expect([...a.finished, ...b.finished].sort()).toEqual(orders.map((o) => o.order_id).sort());

    const credits = await t.dataSource.query(
      `SELECT order_id, amount FROM balance_ledger WHERE user_id = $1 AND kind = 'sale_income'`,
      [seller.id],
    );
    expect(credits).toHaveLength(6);
    for (const credit of credits) expect(credit.amount).toBe('800');
    const me = await t.api.get('/api/user/detail', { token: seller.token });
    expect(me.body.data.balance).toBe(4800);
    const statuses = await t.dataSource.query(
      'SELECT DISTINCT status FROM orders WHERE order_id = ANY($1)',
      [orders.map((o) => o.order_id)],
    );
    expect(statuses).toEqual([{ status: 3 }]);
  });

  it('leaves shipped orders alone when ORDER_AUTO_FINISH_DAYS is 0 (no end_time)', async () => {
    const other = await startTestApp({
      ORDER_JOBS_INTERVAL_SECONDS: '0',
      ORDER_AUTO_FINISH_DAYS: '0',
    });
    try {
      const staff = await createAdmin(other);
      const buyer = await registerCustomer(other.api);
      await fundBalance(other.api, staff.token, buyer.id, 1000);
      const goods = await createGoods(other.api, staff.token, { price: 1000, stock: 1 });
      const order = await placeOrder(other.api, buyer, { goods_id: goods.id });
      await walk({ api: other.api, buyer, adminToken: staff.token }, order.order_id, [
        'pay',
        'deliver',
      ]);
      const run = await other.app.get(OrderJobsService).runOnce(new Date(Date.now() + 3650 * DAY));
      expect(run.finished).toEqual([]);
      const detail = await other.api.get('/api/order/detail', {
        token: buyer.token,
        query: { order_id: order.order_id },
      });
      expect(detail.body.data).toMatchObject({ status: 2, end_time: 0 });
    } finally {
      await other.close();
    }
  });
});
