import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createCommOrder, staffQuote, staffReply } from '../factories/communication.factory.js';
import { createGoodsOnSale, TestGoods } from '../factories/catalogue.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

/** The order object of communication-order-accept.txt, with the documented JSON types. */
const SPEC_ORDER_FIELDS: Record<string, string> = {
  id: 'number',
  created_time: 'number',
  updated_time: 'number',
  order_id: 'string',
  payment_id: 'string',
  user_id: 'number',
  address_id: 'number',
  remark: 'string',
  type: 'string',
  status: 'number',
  refund_status: 'number',
  origin_amount: 'number',
  amount: 'number',
  paid_time: 'number',
  end_time: 'number',
  deliver_time: 'number',
  finished_time: 'number',
  discount_amount: 'number',
  seller_id: 'number',
  seller_amount: 'number',
  share_user_id: 'number',
  share_parent_user_id: 'number',
  share_amount: 'number',
  share_parent_amount: 'number',
  express_company: 'string',
  tracking_number: 'string',
};

describe('accepting a quote (e2e)', () => {
  let t: TestApp;
  let alice: TestCustomer;
  let bob: TestCustomer;
  let staff: TestAdmin;
  let goods: TestGoods;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerCustomer(t.api);
    bob = await registerCustomer(t.api);
    staff = await createAdmin(t);
    goods = await createGoodsOnSale(t, { stock: 1000 });
  });
  afterAll(async () => {
    await t.close();
  });

  const accept = (body: Record<string, unknown>, who: TestCustomer = alice) =>
    t.api.post('/api/communication/order/accept', body, { token: who.token });
  const ordersFor = async (commOrderId: number) =>
    t.dataSource.query(
      'SELECT id, order_id, amount::int AS amount FROM orders WHERE comm_order_id = $1',
      [commOrderId],
    );
  const commRow = async (id: number) =>
    (
      await t.dataSource.query(
        'SELECT status, order_id, accepted_time FROM comm_orders WHERE id = $1',
        [id],
      )
    )[0];

  /** A request of `who` quoted at `price`, for `product`. */
  async function quoted(price = '9900', who: TestCustomer = alice, product = goods) {
    const order = await createCommOrder(t.api, who, product.id);
    await staffReply(t.api, staff, order.id);
    return staffQuote(t.api, staff, order.id, price);
  }

  it('creates one shop order at the quoted amount and moves the request to accepted', async () => {
    const request = await quoted('99.50');
    const res = await accept({
      id: request.id,
      quote_version: 1,
      remark: '定制商品订单',
      address: {
        name: '张三',
        phone: '13888888888',
        province: '广东省',
        city: '深圳市',
        country: '南山区',
        address_info: '科技园1号',
        postcode: '518000',
      },
    });
    expect(res.body).toMatchObject({ code: 0, msg: '' });
    const order = res.body.data;
    for (const [field, type] of Object.entries(SPEC_ORDER_FIELDS)) {
      expect({ field, type: typeof order[field] }).toEqual({ field, type });
    }
    expect(order).toMatchObject({
      user_id: alice.id,
      status: 0,
      type: 'goods',
      remark: '定制商品订单',
      origin_amount: 9950,
      amount: 9950,
    });
    expect(order.order_id).toMatch(/^\d{18}$/);
    expect(order.address_id).toBeGreaterThan(0);
    const lines = await t.dataSource.query(
      'SELECT goods_id, quantity, price::int AS price, amount::int AS amount FROM order_details WHERE order_id = $1',
      [order.order_id],
    );
    expect(lines).toEqual([{ goods_id: goods.id, quantity: 1, price: 9950, amount: 9950 }]);
    expect(order.details).toEqual([
      expect.objectContaining({ goods_id: goods.id, quantity: 1, price: 9950, amount: 9950 }),
    ]);

    expect(await ordersFor(request.id)).toEqual([
      { id: order.id, order_id: order.order_id, amount: 9950 },
    ]);
    const row = await commRow(request.id);
    expect(row).toMatchObject({ status: 3, order_id: order.id });
    expect(row.accepted_time).not.toBeNull();

    const detail = await t.api.get('/api/communication/order/detail', {
      token: alice.token,
      query: { id: request.id },
    });
    expect(detail.body.data).toMatchObject({
      status: 3,
      order_id: order.id,
      allowed_actions: ['send_message'],
    });
    expect(detail.body.data.messages.at(-1)).toMatchObject({
      sender_type: 'system',
      content: expect.stringContaining(order.order_id),
    });
    const history = await t.dataSource.query(
      `SELECT from_status, to_status, actor_type FROM comm_order_history WHERE comm_order_id = $1 AND action = 'accept'`,
      [request.id],
    );
    expect(history).toEqual([{ from_status: 2, to_status: 3, actor_type: 'customer' }]);
    const staffView = await t.api.get('/system/api/communication/order/detail', {
      admin: staff.token,
      query: { id: request.id },
    });
    expect(staffView.body.data.allowed_actions).toEqual(['send_message', 'images']);
  });

  it('accepts the spec example body (goods_id only) for the single quoted request', async () => {
    const product = await createGoodsOnSale(t);
    const carol = await registerCustomer(t.api);
    const request = await quoted('9900', carol, product);
    const res = await accept(
      { goods_id: product.id, quantity: 1, type: 'goods', remark: '定制商品订单' },
      carol,
    );
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({ amount: 990000, origin_amount: 990000, seller_id: 0 });
    expect((await commRow(request.id)).status).toBe(3);

    // Repeating it returns the same (still unpaid) order, never a second one.
    const again = await accept({ goods_id: product.id, quantity: 1 }, carol);
    expect(again.body).toMatchObject({ code: 0, data: { id: res.body.data.id } });
    expect(await ordersFor(request.id)).toHaveLength(1);
  });

  it('refuses goods_id alone when no request or several requests are quoted for it', async () => {
    const product = await createGoodsOnSale(t);
    const dave = await registerCustomer(t.api);
    const none = await accept({ goods_id: product.id }, dave);
    expect(none.body).toMatchObject({ code: -1, error: 'COMM.NO_QUOTED_REQUEST' });
    const one = await quoted('10', dave, product);
    const two = await quoted('20', dave, product);
    const several = await accept({ goods_id: product.id }, dave);
    expect(several.body).toMatchObject({
      code: -1,
      error: 'COMM.AMBIGUOUS_REQUEST',
      details: { ids: [one.id, two.id] },
    });
    const neither = await accept({ remark: 'x' }, dave);
    expect(neither.body).toMatchObject({ code: -1, error: 'COMM.ACCEPT_TARGET_REQUIRED' });
    expect(await ordersFor(one.id)).toHaveLength(0);
    expect(await ordersFor(two.id)).toHaveLength(0);
  });

  it('refuses a stale quote version, then accepts the current one', async () => {
    const request = await quoted('100');
    await staffQuote(t.api, staff, request.id, '80');
    const stale = await accept({ id: request.id, quote_version: 1 });
    expect(stale.body).toMatchObject({
      code: -1,
      error: 'COMM.QUOTE_STALE',
      details: { quote_version: 2 },
    });
    expect(await ordersFor(request.id)).toHaveLength(0);
    expect((await commRow(request.id)).status).toBe(2);
    const current = await accept({ id: request.id, quote_version: 2 });
    expect(current.body.data).toMatchObject({ amount: 8000 });
  });

  it('refuses an expired quote and leaves the request quoted', async () => {
    const request = await quoted('100');
    await staffQuote(t.api, staff, request.id, '90', {
      valid_until: Math.floor(Date.now() / 1000) + 3600,
    });
    // Test set-up: move the validity into the past instead of waiting for it.
    await t.dataSource.query(
      `UPDATE comm_orders SET quote_valid_until = now() - interval '1 minute' WHERE id = $1`,
      [request.id],
    );
    const res = await accept({ id: request.id });
    expect(res.body).toMatchObject({ code: -1, error: 'COMM.QUOTE_EXPIRED' });
    expect((await commRow(request.id)).status).toBe(2);
    expect(await ordersFor(request.id)).toHaveLength(0);
  });

  it.each([
    [{ details: [{ goods_id: 1, quantity: 1 }] }, /details/],
    [{ type: 'vip' }, /type must be "goods"/],
    [{ quantity: 3 }, /quantity must be 1/],
    [{ goods_id: 99999999 }, /not the product of this request/],
  ])('refuses a body that contradicts the request: %p', async (patch, message) => {
    const request = await quoted('50');
    const res = await accept({ id: request.id, ...patch });
    expect(res.body).toMatchObject({ code: -1, error: 'COMM.ACCEPT_BODY_MISMATCH' });
    expect(res.body.msg).toMatch(message);
    expect(await ordersFor(request.id)).toHaveLength(0);
  });

  it('answers another customer exactly like an unknown id', async () => {
    const request = await quoted('50');
    const other = await accept({ id: request.id }, bob);
    const unknown = await accept({ id: 99999999 }, bob);
    expect(other.body).toMatchObject({ code: -1, error: 'COMM.NOT_FOUND' });
    expect(other.body).toEqual(unknown.body);
    expect((await commRow(request.id)).status).toBe(2);
  });

  it('rolls everything back when the order cannot be placed (out of stock)', async () => {
    const product = await createGoodsOnSale(t, { stock: 0 });
    const request = await quoted('50', alice, product);
    const res = await accept({ id: request.id });
    expect(res.body).toMatchObject({ code: -1, error: 'CATALOGUE.OUT_OF_STOCK' });
    expect((await commRow(request.id)).status).toBe(2);
    expect(await ordersFor(request.id)).toHaveLength(0);
    const history = await t.dataSource.query(
      `SELECT 1 FROM comm_order_history WHERE comm_order_id = $1 AND action = 'accept'`,
      [request.id],
    );
    expect(history).toHaveLength(0);
  });

  itRaces(
    'gives 50 concurrent accepts of one request exactly one order, and all of them that order',
    async () => {
      const product = await createGoodsOnSale(t, { stock: 100 });
      const request = await quoted('9900', alice, product);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          accept(i % 2 === 0 ? { id: request.id, quote_version: 1 } : { goods_id: product.id }),
        ),
      );
      const failures = results.filter((r) => r.body.code !== 0).map((r) => r.text);
      expect(failures).toEqual([]);
      const ids = new Set(results.map((r) => r.body.data.id));
      expect(ids.size).toBe(1);
      // The winner and every repeat answer with the same order object.
      for (const res of results) expect(res.body.data).toEqual(results[0].body.data);

      const orders = await ordersFor(request.id);
      expect(orders).toHaveLength(1);
      expect(orders[0].id).toBe([...ids][0]);
      expect((await commRow(request.id)).order_id).toBe(orders[0].id);
      const [{ stock }] = await t.dataSource.query('SELECT stock FROM archives WHERE id = $1', [
        product.id,
      ]);
      expect(stock).toBe(99);
      const [{ accepts }] = await t.dataSource.query(
        `SELECT count(*)::int AS accepts FROM comm_order_history WHERE comm_order_id = $1 AND action = 'accept'`,
        [request.id],
      );
      expect(accepts).toBe(1);
    },
  );

  it('has the database refuse a second order for one request, whatever the code does', async () => {
    const request = await quoted('10');
    const res = await accept({ id: request.id });
    const [order] = await t.dataSource.query('SELECT * FROM orders WHERE id = $1', [
      res.body.data.id,
    ]);
    await expect(
      t.dataSource.query(
        `INSERT INTO orders (order_id, user_id, comm_order_id) VALUES ('dup-' || $1, $2, $3)`,
        [order.order_id, alice.id, request.id],
      ),
    ).rejects.toThrow(/uq_orders_comm_order_id/);
    await expect(
      t.dataSource.query('UPDATE comm_orders SET order_id = NULL WHERE id = $1', [request.id]),
    ).rejects.toThrow(/chk_comm_orders_accepted_has_order/);
  });
});
