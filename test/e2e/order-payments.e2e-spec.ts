import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { fundBalance, OrderActors, placeOrder, walk } from '../factories/orders.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

describe('order stock, payments, refunds and the balance ledger (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp({ ORDER_JOBS_INTERVAL_SECONDS: '0' });
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const balanceOf = async (userId: number): Promise<number> =>
    Number(
      (await t.dataSource.query('SELECT balance FROM users WHERE id = $1', [userId]))[0].balance,
    );
  const stockOf = async (goodsId: number): Promise<number> =>
    (await t.dataSource.query('SELECT stock FROM archives WHERE id = $1', [goodsId]))[0].stock;
  const actorsFor = (buyer: TestCustomer): OrderActors => ({
    api: t.api,
    buyer,
    adminToken: admin.token,
  });

  itRaces(
    'sells exactly the stock to 50 concurrent buyers: 10 orders, stock 0, no oversell',
    async () => {
      const goods = await createGoods(t.api, admin.token, { price: 500, stock: 10 });
      const buyers = await Promise.all(Array.from({ length: 5 }, () => registerCustomer(t.api)));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.api.post(
            '/api/order/create',
            { goods_id: goods.id, quantity: 1 },
            { token: buyers[i % 5].token },
          ),
        ),
      );
      const ok = results.filter((r) => r.body.code === 0);
      expect(ok).toHaveLength(10);
      for (const refused of results.filter((r) => r.body.code !== 0)) {
        expect(refused.status).toBe(200);
        expect(refused.body).toMatchObject({ code: -1, error: 'CATALOGUE.OUT_OF_STOCK' });
      }
      expect(await stockOf(goods.id)).toBe(0);
      const [{ orders, lines }] = await t.dataSource.query(
        `SELECT count(DISTINCT o.id)::int AS orders, count(d.id)::int AS lines
         FROM orders o JOIN order_details d ON d.order_id = o.order_id WHERE d.goods_id = $1`,
        [goods.id],
      );
      expect({ orders, lines }).toEqual({ orders: 10, lines: 10 });
      const numbers = ok.map((r) => r.body.data.order_id as string);
      expect(new Set(numbers).size).toBe(10);
      for (const number of numbers) expect(number).toMatch(/^\d{18}$/);
    },
  );

  it('writes nothing when one line of several is short: no order, no event, stock untouched', async () => {
    const buyer = await registerCustomer(t.api);
    const mug = await createGoods(t.api, admin.token, { price: 500, stock: 5 });
    const cap = await createGoods(t.api, admin.token, { price: 700, stock: 1 });
    const count = async () =>
      (
        await t.dataSource.query(
          `SELECT (SELECT count(*)::int FROM orders WHERE user_id = $1) AS orders,
                  (SELECT count(*)::int FROM domain_events WHERE user_id = $1) AS events`,
          [buyer.id],
        )
      )[0];
    const before = await count();
    const refused = await t.api.post(
      '/api/order/create',
      {
        details: [
          { goods_id: mug.id, quantity: 2 },
          { goods_id: cap.id, quantity: 2 },
        ],
      },
      { token: buyer.token },
    );
    expect(refused.body).toMatchObject({ code: -1, error: 'CATALOGUE.OUT_OF_STOCK' });
    expect(await count()).toEqual(before);
    expect({ mug: await stockOf(mug.id), cap: await stockOf(cap.id) }).toEqual({ mug: 5, cap: 1 });
    // The same order that fits is written whole, with its lines in the order given.
    const placed = await placeOrder(t.api, buyer, {
      details: [
        { goods_id: cap.id, quantity: 1 },
        { goods_id: mug.id, quantity: 2 },
      ],
    });
    expect(placed.details.map((d: { goods_id: number }) => d.goods_id)).toEqual([cap.id, mug.id]);
    expect({ mug: await stockOf(mug.id), cap: await stockOf(cap.id) }).toEqual({ mug: 3, cap: 0 });
  });

  itRaces('charges once when the same order is paid 20 times at once', async () => {
    const buyer = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, buyer.id, 100_000);
    const goods = await createGoods(t.api, admin.token, { price: 9900, stock: 5 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.api.post(
          '/api/order/payment',
          { order_id: order.order_id, pay_way: 'balance' },
          { token: buyer.token },
        ),
      ),
    );
    const ok = results.filter((r) => r.body.code === 0);
    expect(ok).toHaveLength(1);
    expect(ok[0].body.data).toMatchObject({
      pay_way: 'balance',
      status: 1,
      amount: 9900,
      order_status: 1,
    });
    for (const refused of results.filter((r) => r.body.code !== 0)) {
      expect(refused.body).toMatchObject({ code: -1, error: 'ORDER.INVALID_TRANSITION' });
      expect(refused.body.msg).toContain('it is paid');
    }
    const payments = await t.dataSource.query('SELECT * FROM payments WHERE order_id = $1', [
      order.order_id,
    ]);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 1, pay_way: 'balance', amount: '9900' });
    const ledger = await t.dataSource.query(
      `SELECT amount, balance_after, ref FROM balance_ledger WHERE user_id = $1 AND kind = 'order_payment'`,
      [buyer.id],
    );
    expect(ledger).toEqual([
      { amount: '-9900', balance_after: '90100', ref: payments[0].payment_id },
    ]);
    expect(await balanceOf(buyer.id)).toBe(90_100);
    const [row] = await t.dataSource.query(
      'SELECT payment_id, paid_time FROM orders WHERE order_id = $1',
      [order.order_id],
    );
    expect(row.payment_id).toBe(payments[0].payment_id);
    expect(row.paid_time).not.toBeNull();
  });

  it('refuses a balance payment that would go below zero and leaves everything as it was', async () => {
    const buyer = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, buyer.id, 100);
    const goods = await createGoods(t.api, admin.token, { price: 9900, stock: 5 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    const res = await t.api.post(
      '/api/order/payment',
      { order_id: order.order_id, pay_way: 'balance' },
      { token: buyer.token },
    );
    expect(res.body).toMatchObject({ code: -1, error: 'WALLET.INSUFFICIENT_BALANCE' });
    expect(res.body.msg).toMatch(/9900.*100/);
    expect(await balanceOf(buyer.id)).toBe(100);
    const [row] = await t.dataSource.query('SELECT status FROM orders WHERE order_id = $1', [
      order.order_id,
    ]);
    expect(row.status).toBe(0);
    expect(
      await t.dataSource.query('SELECT 1 FROM payments WHERE order_id = $1', [order.order_id]),
    ).toEqual([]);
  });

  it('opens one pending offline payment, reused on repeat, confirmed by staff without touching the balance', async () => {
    const buyer = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, { price: 2500, stock: 5 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id, quantity: 2 });
    const body = { order_id: order.order_id, pay_way: 'offline' };
    const first = await t.api.post('/api/order/payment', body, { token: buyer.token });
    const again = await t.api.post('/api/order/payment', body, { token: buyer.token });
    expect(first.body.data).toMatchObject({
      pay_way: 'offline',
      status: 0,
      amount: 5000,
      order_status: 0,
    });
    expect(again.body.data.payment_id).toBe(first.body.data.payment_id);
    expect(first.body.data.payment_id).toMatch(/^\d{18}$/);

    const gateway = await t.api.post(
      '/api/order/payment',
      { order_id: order.order_id, pay_way: 'wechat' },
      { token: buyer.token },
    );
    // A gateway this build knows but nobody configured says so, naming it.
    expect(gateway.body).toMatchObject({ code: -1, error: 'ORDER.GATEWAY_NOT_CONFIGURED' });
    expect(gateway.body.msg).toContain('WeChat Pay');
    const unknown = await t.api.post(
      '/api/order/payment',
      { order_id: order.order_id, pay_way: 'bitcoin' },
      { token: buyer.token },
    );
    expect(unknown.body).toMatchObject({ code: -1, error: 'ORDER.PAY_WAY_UNAVAILABLE' });
    expect(unknown.body.details!.available).toEqual(
      expect.arrayContaining(['balance', 'offline', 'wechat', 'weapp', 'alipay', 'alipay_wap']),
    );

    const confirm = await t.api.post(
      '/system/api/plugin/order/pay',
      { order_id: order.order_id, note: 'bank transfer' },
      { admin: admin.token },
    );
    expect(confirm.body.data).toMatchObject({
      payment_id: first.body.data.payment_id,
      status: 1,
      order_status: 1,
    });
    const payments = await t.dataSource.query(
      'SELECT status, pay_way FROM payments WHERE order_id = $1',
      [order.order_id],
    );
    expect(payments).toEqual([{ status: 1, pay_way: 'offline' }]);
    expect(await balanceOf(buyer.id)).toBe(0);
    const check = await t.api.get('/api/payment/check', {
      token: buyer.token,
      query: { order_id: order.order_id },
    });
    expect(check.body.data).toEqual({ order_id: order.order_id, paid: true, status: 1 });
  });

  it('switches a pending offline payment to balance when the buyer pays from the balance', async () => {
    const buyer = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, buyer.id, 1000);
    const goods = await createGoods(t.api, admin.token, { price: 1000, stock: 5 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    await t.api.post(
      '/api/order/payment',
      { order_id: order.order_id, pay_way: 'offline' },
      { token: buyer.token },
    );
    const paid = await t.api.post(
      '/api/order/payment',
      { order_id: order.order_id, pay_way: 'balance' },
      { token: buyer.token },
    );
    expect(paid.body.data).toMatchObject({ status: 1, pay_way: 'balance' });
    expect(
      await t.dataSource.query('SELECT status, pay_way FROM payments WHERE order_id = $1', [
        order.order_id,
      ]),
    ).toEqual([{ status: 1, pay_way: 'balance' }]);
    expect(await balanceOf(buyer.id)).toBe(0);
  });

  it('gives the stock back on cancel, once', async () => {
    const buyer = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, { price: 100, stock: 3 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id, quantity: 3 });
    expect(await stockOf(goods.id)).toBe(0);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.api.post(
          '/api/order/cancel',
          { order_id: order.order_id, reason: 'changed my mind' },
          { token: buyer.token },
        ),
      ),
    );
    expect(results.filter((r) => r.body.code === 0)).toHaveLength(1);
    expect(await stockOf(goods.id)).toBe(3);
    const [history] = await t.dataSource.query(
      `SELECT note, actor_kind, actor_id FROM order_history WHERE order_id = $1 AND action = 'cancel'`,
      [order.order_id],
    );
    expect(history).toEqual({
      note: 'changed my mind',
      actor_kind: 'customer',
      actor_id: buyer.id,
    });
  });

  it('approving a refund of a balance payment returns money and stock once, cancels commissions', async () => {
    const seller = await registerCustomer(t.api);
    const buyer = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, buyer.id, 5000);
    const goods = await createGoods(t.api, admin.token, {
      price: 2000,
      stock: 4,
      user_id: seller.id,
    });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id, quantity: 2 });
    await walk(actorsFor(buyer), order.order_id, ['pay', 'deliver', 'refund']);
    expect(await balanceOf(buyer.id)).toBe(1000);
    expect(
      await t.dataSource.query(
        'SELECT kind, amount, status FROM order_commissions WHERE order_id = $1',
        [order.order_id],
      ),
    ).toEqual([{ kind: 'seller', amount: '3200', status: 0 }]);

    const decisions = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.api.post(
          '/system/api/plugin/order/refund',
          { order_id: order.order_id, status: 1, reason: 'damaged' },
          { admin: admin.token },
        ),
      ),
    );
    expect(decisions.filter((r) => r.body.code === 0)).toHaveLength(1);
    const approved = decisions.find((r) => r.body.code === 0)!;
    expect(approved.body.data).toMatchObject({ status: 9, refund_status: 1 });
    expect(await balanceOf(buyer.id)).toBe(5000);
    expect(await stockOf(goods.id)).toBe(4);
    expect(
      await t.dataSource.query(
        `SELECT amount, kind FROM balance_ledger WHERE user_id = $1 AND order_id = $2 ORDER BY id`,
        [buyer.id, order.order_id],
      ),
    ).toEqual([
      { amount: '-4000', kind: 'order_payment' },
      { amount: '4000', kind: 'order_refund' },
    ]);
    expect(
      await t.dataSource.query('SELECT status FROM payments WHERE order_id = $1', [order.order_id]),
    ).toEqual([{ status: 2 }]);
    expect(
      await t.dataSource.query('SELECT status FROM order_commissions WHERE order_id = $1', [
        order.order_id,
      ]),
    ).toEqual([{ status: -1 }]);
    expect(await balanceOf(seller.id)).toBe(0);
  });

  it('refusing a refund keeps the money where it is and restores the status', async () => {
    const buyer = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, buyer.id, 1000);
    const goods = await createGoods(t.api, admin.token, { price: 1000, stock: 4 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    await walk(actorsFor(buyer), order.order_id, ['pay', 'refund']);
    const res = await t.api.post(
      '/system/api/plugin/order/refund',
      { order_id: order.order_id, status: -1, reason: 'used' },
      { admin: admin.token },
    );
    expect(res.body.data).toMatchObject({ status: 1, refund_status: -1 });
    expect(await balanceOf(buyer.id)).toBe(0);
    expect(await stockOf(goods.id)).toBe(3);
  });

  it('lets staff refund a paid order at once (refund/apply)', async () => {
    const buyer = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, buyer.id, 700);
    const goods = await createGoods(t.api, admin.token, { price: 700, stock: 1 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    await walk(actorsFor(buyer), order.order_id, ['pay']);
    const res = await t.api.post(
      '/system/api/plugin/order/refund/apply',
      { order_id: order.order_id, reason: 'out of service area' },
      { admin: admin.token },
    );
    expect(res.body.data).toMatchObject({ status: 9, refund_status: 1 });
    expect(res.body.data.history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'pay',
      'apply_refund',
      'approve_refund',
    ]);
    expect(await balanceOf(buyer.id)).toBe(700);
    expect(await stockOf(goods.id)).toBe(1);
  });

  describe('admin balance adjustment', () => {
    it('credits and debits with a ledger entry naming the reason and the staff member', async () => {
      const user = await registerCustomer(t.api);
      const credit = await t.api.post(
        '/system/api/user/balance',
        { user_id: user.id, amount: 5000, reason: 'goodwill' },
        { admin: admin.token },
      );
      expect(credit.body.data).toMatchObject({
        user_id: user.id,
        balance: 5000,
        entry: { amount: 5000, balance_after: 5000, kind: 'admin_adjust', note: 'goodwill' },
      });
      expect(credit.body.data.entry.admin_id).toBeGreaterThan(0);
      const debit = await t.api.post(
        '/system/api/user/balance',
        { user_id: user.id, amount: -1500, reason: 'correction' },
        { admin: admin.token },
      );
      expect(debit.body.data.balance).toBe(3500);
      const tooMuch = await t.api.post(
        '/system/api/user/balance',
        { user_id: user.id, amount: -3501, reason: 'oops' },
        { admin: admin.token },
      );
      expect(tooMuch.body).toMatchObject({ code: -1, error: 'WALLET.INSUFFICIENT_BALANCE' });
      expect(await balanceOf(user.id)).toBe(3500);

      const mine = await t.api.get('/api/user/balance/logs', { token: user.token });
      expect(mine.body.total).toBe(2);
      expect(mine.body.data.map((e: { amount: number }) => e.amount)).toEqual([-1500, 5000]);
      const staff = await t.api.get('/system/api/user/balance/logs', {
        admin: admin.token,
        query: { user_id: user.id },
      });
      expect(staff.body.total).toBe(2);
    });

    it('refuses bad adjustments with a clear message', async () => {
      const user = await registerCustomer(t.api);
      for (const body of [
        { user_id: user.id, amount: 0, reason: 'x' },
        { user_id: user.id, amount: 1.5, reason: 'x' },
        { user_id: user.id, amount: 100, reason: '' },
        { user_id: user.id, amount: '100', reason: 'x' },
      ]) {
        const res = await t.api.post('/system/api/user/balance', body, { admin: admin.token });
        expect(res.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      }
      const unknown = await t.api.post(
        '/system/api/user/balance',
        { user_id: 99_999_999, amount: 100, reason: 'x' },
        { admin: admin.token },
      );
      expect(unknown.body).toMatchObject({ code: -1, error: 'WALLET.USER_NOT_FOUND' });
    });
  });
});
