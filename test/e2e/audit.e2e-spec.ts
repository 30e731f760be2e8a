import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { createCommOrder, staffQuote, staffReply } from '../factories/communication.factory.js';
import { createCoupon, createCouponCode } from '../factories/coupons.factory.js';
import { createGroup } from '../factories/groups.factory.js';
import { fundBalance, placeOrder } from '../factories/orders.factory.js';
import { ApiResponse } from '../support/api-client.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Every kind of staff change leaves one audit row naming who, what, which entity, when, from
 * which address and in which request; a change that rolls back leaves none.
 */
describe('audit trail of staff actions (e2e)', () => {
  let t: TestApp;
  let owner: TestAdmin;
  let clerk: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createAdmin(t);
    clerk = await createAdmin(t, 'fulfilment');
  });
  afterAll(async () => {
    await t.close();
  });

  const trail = async (query: Record<string, string | number>) => {
    const res = await t.api.get('/system/api/audit/list', { admin: owner.token, query });
    expect(res.body.code).toBe(0);
    return res.body;
  };

  /** The rows of one entity, oldest first, as the owner's list shows them. */
  const actionsOn = async (entityType: string, entityId: string | number) =>
    (
      (await trail({ entity_type: entityType, entity_id: String(entityId), page_size: 100 }))
        .data as {
        action: string;
      }[]
    )
      .map((row) => row.action)
      .reverse();

  /** The audit row written by the request that produced `res` (matched by x-request-id). */
  const rowOf = async (res: ApiResponse) => {
    const rows = await t.dataSource.query(
      `SELECT admin_id, admin_name, action, entity_type, entity_id, ip, details,
              extract(epoch FROM created_time)::int AS at
         FROM audit_logs WHERE request_id = $1 ORDER BY id`,
      [res.headers.get('x-request-id')],
    );
    return rows;
  };

  it('records orders: offline payment, delivery, finish, cancel and refund, by whoever did them', async () => {
    const goods = await createGoods(t.api, owner.token, { price: 1000, stock: 20 });
    const buyer = await registerCustomer(t.api);
    const a = await placeOrder(t.api, buyer, { goods_id: goods.id });
    const before = Math.floor(Date.now() / 1000);
    const paid = await t.api.post(
      '/system/api/plugin/order/pay',
      { order_id: a.order_id },
      { admin: clerk.token },
    );
    expect(paid.body.code).toBe(0);
    const [row] = await rowOf(paid);
    expect(row).toMatchObject({
      admin_id: clerk.id,
      admin_name: clerk.userName,
      action: 'order.pay',
      entity_type: 'order',
      entity_id: a.order_id,
      ip: '127.0.0.1',
      details: { from_status: 0, to_status: 1 },
    });
    expect(row.at).toBeGreaterThanOrEqual(before - 1);

    await t.api.post(
      '/system/api/plugin/order/deliver',
      { order_id: a.order_id, express_company: 'SF', tracking_number: 'SF1' },
      { admin: clerk.token },
    );
    await t.api.post(
      '/system/api/plugin/order/finished',
      { order_id: a.order_id },
      { admin: clerk.token },
    );
    expect(await actionsOn('order', a.order_id)).toEqual([
      'order.pay',
      'order.deliver',
      'order.finish',
    ]);

    const b = await placeOrder(t.api, buyer, { goods_id: goods.id });
    await t.api.post(
      '/system/api/plugin/order/canceled',
      { order_id: b.order_id },
      {
        admin: clerk.token,
      },
    );
    expect(await actionsOn('order', b.order_id)).toEqual(['order.cancel']);

    const c = await placeOrder(t.api, buyer, { goods_id: goods.id });
    await t.api.post(
      '/system/api/plugin/order/pay',
      { order_id: c.order_id },
      {
        admin: owner.token,
      },
    );
    const refunded = await t.api.post(
      '/system/api/plugin/order/refund/apply',
      { order_id: c.order_id, reason: 'damaged' },
      { admin: owner.token },
    );
    expect(refunded.body.code).toBe(0);
    expect(await actionsOn('order', c.order_id)).toEqual([
      'order.pay',
      'order.apply_refund',
      'order.approve_refund',
    ]);

    // The buyer's own actions are the order history's business, not the staff audit trail.
    const d = await placeOrder(t.api, buyer, { goods_id: goods.id });
    await t.api.post('/api/order/cancel', { order_id: d.order_id }, { token: buyer.token });
    expect(await actionsOn('order', d.order_id)).toEqual([]);
  });

  it('records customization requests: reply, message, quote, images, cancel', async () => {
    const goods = await createGoods(t.api, owner.token);
    const customer = await registerCustomer(t.api);
    const request = await createCommOrder(t.api, customer, goods.id);
    await staffReply(t.api, owner, request.id);
    await staffReply(t.api, owner, request.id, 'second message');
    await staffQuote(t.api, owner, request.id);
    const images = await t.api.post(
      '/system/api/communication/order/images',
      { id: request.id, sketch_images: ['https://en.anqicms.com/uploads/sketch.jpg'] },
      { admin: owner.token },
    );
    expect(images.body.code).toBe(0);
    await t.api.post(
      '/system/api/communication/order/cancel',
      { id: request.id, reason: 'customer asked by phone' },
      { admin: owner.token },
    );
    expect(await actionsOn('request', request.id)).toEqual([
      'request.reply',
      'request.message',
      'request.quote',
      'request.images',
      'request.cancel',
    ]);
  });

  it('records products, coupons, codes, groups and balances', async () => {
    const goods = await createGoods(t.api, owner.token);
    await t.api.post(
      '/system/api/archive/detail',
      { id: goods.id, price: 1234 },
      {
        admin: owner.token,
      },
    );
    await t.api.post('/system/api/archive/delete', { id: goods.id }, { admin: owner.token });
    expect(await actionsOn('product', goods.id)).toEqual([
      'product.create',
      'product.update',
      'product.delete',
    ]);

    const coupon = await createCoupon(t.api, owner.token);
    await t.api.post(
      '/system/api/coupon/detail',
      { id: coupon.id, value: 20 },
      {
        admin: owner.token,
      },
    );
    const code = await createCouponCode(t.api, owner.token, coupon.id);
    await t.api.post(
      '/system/api/coupon/code/status',
      { id: code.id, status: 0 },
      {
        admin: owner.token,
      },
    );
    await t.api.post('/system/api/coupon/delete', { id: coupon.id }, { admin: owner.token });
    expect(await actionsOn('coupon', coupon.id)).toEqual([
      'coupon.create',
      'coupon.update',
      'coupon.codes_generate',
      'coupon.delete',
    ]);
    expect(await actionsOn('coupon_code', code.id)).toEqual(['coupon.code_status']);

    const group = await createGroup(t.api, owner.token);
    await t.api.post('/system/api/user/group/delete', { id: group.id }, { admin: owner.token });
    expect(await actionsOn('group', group.id)).toEqual(['group.create', 'group.delete']);

    const customer = await registerCustomer(t.api);
    await fundBalance(t.api, owner.token, customer.id, 5000, 'goodwill');
    const [entry] = (await trail({ entity_type: 'balance', entity_id: String(customer.id) })).data;
    expect(entry).toMatchObject({
      action: 'balance.adjust',
      admin_id: owner.id,
      user_name: owner.userName,
      details: { amount: 5000, balance_after: 5000, reason: 'goodwill' },
      log: `balance.adjust balance ${customer.id}`,
    });
  });

  it('filters by actor, action and time, and pages', async () => {
    const mine = await trail({ admin_id: clerk.id, page_size: 100 });
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.data.every((row: { admin_id: number }) => row.admin_id === clerk.id)).toBe(true);

    const pays = await trail({ action: 'order.pay', page_size: 100 });
    expect(pays.data.map((row: { action: string }) => row.action)).toEqual(
      Array(pays.data.length).fill('order.pay'),
    );
    expect(pays.total).toBe(2);

    const all = await trail({ page_size: 100 });
    const page2 = await trail({ current: 2, pageSize: 3 });
    expect(page2.total).toBe(all.total);
    expect(page2.data.map((row: { id: number }) => row.id)).toEqual(
      all.data.slice(3, 6).map((row: { id: number }) => row.id),
    );
    const future = await trail({ start_time: Math.floor(Date.now() / 1000) + 3600 });
    expect(future).toMatchObject({ total: 0, data: [] });
    const past = await trail({ end_time: 1_000_000_000 });
    expect(past.total).toBe(0);
    const window = await trail({ start_time: 1_000_000_000, end_time: 4_000_000_000 });
    expect(window.total).toBe(all.total);

    // AnqiCMS's panel path answers the same list.
    const anqi = await t.api.get('/system/api/admin/logs/action', {
      admin: owner.token,
      query: { pageSize: 3, current: 2 },
    });
    expect(anqi.body.data).toEqual(page2.data);

    const bad = await t.api.get('/system/api/audit/list', {
      admin: owner.token,
      query: { start_time: -1, entity_id: 'a b' },
    });
    expect(bad.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
  });

  describe('a staff change that rolls back leaves no audit row', () => {
    // A failure forced after the audit row is written, inside the same transaction: a trigger
    // that refuses the change's last write (the payment row; the quote version row).
    async function failing(table: string, work: () => Promise<void>) {
      await t.dataSource.query(`
        CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$`);
      await t.dataSource.query(
        `CREATE TRIGGER refuse_write BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_write()`,
      );
      try {
        await work();
      } finally {
        await t.dataSource.query(`DROP TRIGGER refuse_write ON ${table}`);
        await t.dataSource.query(`DROP FUNCTION refuse_write()`);
      }
    }

    it('order payment: the transition and its audit row roll back together', async () => {
      const goods = await createGoods(t.api, owner.token, { price: 700 });
      const buyer = await registerCustomer(t.api);
      const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
      await failing('payments', async () => {
        const res = await t.api.post(
          '/system/api/plugin/order/pay',
          { order_id: order.order_id },
          { admin: clerk.token },
        );
        expect(res.body.code).toBe(-1);
        expect(await rowOf(res)).toEqual([]);
      });
      expect(await actionsOn('order', order.order_id)).toEqual([]);
      const [{ status }] = await t.dataSource.query(
        'SELECT status FROM orders WHERE order_id = $1',
        [order.order_id],
      );
      expect(status).toBe(0);
      // Without the forced failure, the same action is audited.
      await t.api.post(
        '/system/api/plugin/order/pay',
        { order_id: order.order_id },
        {
          admin: clerk.token,
        },
      );
      expect(await actionsOn('order', order.order_id)).toEqual(['order.pay']);
    });

    it('quote: the status change and its audit row roll back together', async () => {
      const goods = await createGoods(t.api, owner.token);
      const customer = await registerCustomer(t.api);
      const request = await createCommOrder(t.api, customer, goods.id);
      await staffReply(t.api, owner, request.id);
      await failing('comm_quotes', async () => {
        const res = await t.api.post(
          '/system/api/communication/order/quote',
          { id: request.id, quote_price: '500', quote_content: 'x' },
          { admin: owner.token },
        );
        expect(res.body.code).toBe(-1);
        expect(await rowOf(res)).toEqual([]);
      });
      expect(await actionsOn('request', request.id)).toEqual(['request.reply']);
      const [{ status }] = await t.dataSource.query(
        'SELECT status FROM comm_orders WHERE id = $1',
        [request.id],
      );
      expect(status).toBe(1);
    });

    it('a refused action (wrong state) leaves no row either', async () => {
      const goods = await createGoods(t.api, owner.token);
      const buyer = await registerCustomer(t.api);
      const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
      const res = await t.api.post(
        '/system/api/plugin/order/deliver',
        { order_id: order.order_id, express_company: 'SF', tracking_number: 'X' },
        { admin: clerk.token },
      );
      expect(res.body).toMatchObject({ code: -1, error: 'ORDER.INVALID_TRANSITION' });
      expect(await rowOf(res)).toEqual([]);
    });
  });
});
