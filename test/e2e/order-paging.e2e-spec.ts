import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { copyOrder, placeOrder } from '../factories/orders.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Keyset cursors on the order lists, and the staff list's capped count: exact up to 10,000
 * matching orders, then `total: 10000, total_capped: true`.
 */
describe('order list paging: cursors and capped counts (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('pages by before_id and after_id the same way as by current, for customers and staff', async () => {
    const goods = await createGoodsOnSale(t);
    const buyer = await registerCustomer(t.api);
    for (let i = 0; i < 5; i++) await placeOrder(t.api, buyer, { goods_id: goods.id });
    const ids = async (path: string, auth: object, query: Record<string, number>) => {
      const res = await t.api.get(path, { ...auth, query: { page_size: 2, ...query } });
      expect(res.body.code).toBe(0);
      expect(res.body.total).toBe(5);
      return (res.body.data as { id: number }[]).map((order) => order.id);
    };
    for (const [path, auth, extra] of [
      ['/api/orders', { token: buyer.token }, {}],
      ['/system/api/plugin/order/list', { admin: admin.token }, { user_id: buyer.id }],
    ] as const) {
      const page1 = await ids(path, auth, { ...extra, current: 1 });
      const page2 = await ids(path, auth, { ...extra, current: 2 });
      const page3 = await ids(path, auth, { ...extra, current: 3 });
      expect([...page1, ...page2, ...page3]).toHaveLength(5);
      // Newest first, whatever way the page was reached.
      expect(await ids(path, auth, { ...extra, before_id: page1[1] })).toEqual(page2);
      expect(await ids(path, auth, { ...extra, before_id: page2[1] })).toEqual(page3);
      expect(await ids(path, auth, { ...extra, after_id: page3[0] })).toEqual(page2);
      expect(await ids(path, auth, { ...extra, after_id: page2[0] })).toEqual(page1);
      expect(await ids(path, auth, { ...extra, before_id: page3[0] })).toEqual([]);
    }
  });

  it('refuses cursors that are not row ids', async () => {
    const buyer = await registerCustomer(t.api);
    for (const value of ['abc', '0', '-1', '2147483648', '1.5']) {
      const res = await t.api.get('/api/orders', {
        token: buyer.token,
        query: { before_id: value },
      });
      expect({ value, code: res.body.code }).toEqual({ value, code: -1 });
      expect(res.body.msg).toMatch(/before_id/);
    }
  });

  it('counts staff lists exactly up to 10,000, then says the total is capped', async () => {
    const goods = await createGoodsOnSale(t);
    const buyer = await registerCustomer(t.api);
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    // Test data set-up: 10,050 copies of one order in one statement (status 1 = paid for 50).
    await copyOrder(t, order.order_id, 10050, 'CASE WHEN g <= 50 THEN 1 ELSE 0 END');
    const [{ all, paid }] = await t.dataSource.query(
      `SELECT count(*)::int AS all, count(*) FILTER (WHERE status = 1)::int AS paid FROM orders`,
    );
    expect(all).toBeGreaterThan(10_000);

    const list = await t.api.get('/system/api/plugin/order/list', { admin: admin.token });
    expect(list.body.code).toBe(0);
    expect(list.body.total).toBe(10_000);
    expect(list.body.total_capped).toBe(true);
    expect(list.body.data).toHaveLength(10);

    const filtered = await t.api.get('/system/api/plugin/order/list', {
      admin: admin.token,
      query: { status: 'paid' },
    });
    expect(filtered.body.total).toBe(paid);
    expect(filtered.body.total_capped).toBe(false);

    // The customer's own list counts exactly, without the flag (AnqiCMS shape).
    const own = await t.api.get('/api/orders', { token: buyer.token });
    expect(own.body.total).toBe(10_051);
    expect(own.body).not.toHaveProperty('total_capped');
  });
});
