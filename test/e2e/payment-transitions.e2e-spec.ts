import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { fundBalance, placeOrder } from '../factories/orders.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Every payment status change goes through PaymentTransitionService.transition(): a history row
 * per move (who, from → to), and entering `paid` runs the after-paid hooks whatever the way of
 * paying (here: the buyer's balance and staff confirming an offline payment both give the seller
 * a pending commission).
 */
describe('payment transitions: history rows and after-paid hooks (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp({ ORDER_JOBS_INTERVAL_SECONDS: '0' });
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const history = (orderId: string) =>
    t.dataSource.query(
      `SELECT action, actor_kind, from_status, to_status FROM payment_history
        WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
  const commissions = async (orderId: string) =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM order_commissions WHERE order_id = $1`,
        [orderId],
      )
    )[0].n;

  it('balance: create and pay rows; the refund adds its row', async () => {
    const buyer = await registerCustomer(t.api);
    const seller = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, {
      price: 5000,
      stock: 10,
      user_id: seller.id,
    });
    await fundBalance(t.api, admin.token, buyer.id, 5000);
    const { order_id: orderId } = await placeOrder(t.api, buyer, {
      goods_id: goods.id,
      quantity: 1,
    });
    const paid = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'balance' },
      { token: buyer.token },
    );
    expect(paid.body.code).toBe(0);
    expect(await history(orderId)).toEqual([
      { action: 'create', actor_kind: 'customer', from_status: null, to_status: 0 },
      { action: 'pay', actor_kind: 'customer', from_status: 0, to_status: 1 },
    ]);
    const approved = await t.api.post(
      '/system/api/plugin/order/refund/apply',
      { order_id: orderId },
      { admin: admin.token },
    );
    expect(approved.body.code).toBe(0);
    expect((await history(orderId)).at(-1)).toEqual({
      action: 'refund',
      actor_kind: 'admin',
      from_status: 1,
      to_status: 2,
    });
  });

  it('offline: staff confirming the pending payment writes its pay row and runs the after-paid hooks', async () => {
    const buyer = await registerCustomer(t.api);
    const seller = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, {
      price: 7000,
      stock: 10,
      user_id: seller.id,
    });
    const { order_id: orderId } = await placeOrder(t.api, buyer, {
      goods_id: goods.id,
      quantity: 1,
    });
    const opened = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'offline' },
      { token: buyer.token },
    );
    expect(opened.body.code).toBe(0);
    const confirmed = await t.api.post(
      '/system/api/plugin/order/pay',
      { order_id: orderId },
      { admin: admin.token },
    );
    expect(confirmed.body.code).toBe(0);
    expect(await history(orderId)).toEqual([
      { action: 'create', actor_kind: 'customer', from_status: null, to_status: 0 },
      { action: 'pay', actor_kind: 'admin', from_status: 0, to_status: 1 },
    ]);
    expect(await commissions(orderId)).toBeGreaterThan(0);
  });
});
