import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { createCoupon, createCouponCode } from '../factories/coupons.factory.js';
import { createGroup } from '../factories/groups.factory.js';
import { fundBalance, placeOrder, referralChain, walk } from '../factories/orders.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('order money: member discount, coupons, commissions, seller income, vip (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp({ ORDER_JOBS_INTERVAL_SECONDS: '0', ORDER_SELLER_PERCENT: '80' });
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const me = async (user: TestCustomer) =>
    (await t.api.get('/api/user/detail', { token: user.token })).body.data;
  const actors = (buyer: TestCustomer) => ({ api: t.api, buyer, adminToken: admin.token });

  /** Puts a customer in a group the way customers get there: buying it (a vip order). */
  async function joinGroup(user: TestCustomer, groupId: number, price: number) {
    if (price > 0) await fundBalance(t.api, admin.token, user.id, price);
    const order = await placeOrder(t.api, user, { type: 'vip', group_id: groupId });
    const paid = await t.api.post(
      '/api/order/payment',
      { order_id: order.order_id, pay_way: 'balance' },
      { token: user.token },
    );
    expect(paid.body.data).toMatchObject({ status: 1, order_status: 3 });
    return order;
  }

  it('sells a vip membership: group price, finished on payment, group and expiry granted', async () => {
    const group = await createGroup(t.api, admin.token, { price: 3000, expire_day: 30 });
    const buyer = await registerCustomer(t.api);
    const order = await joinGroup(buyer, group.id, 3000);
    expect(order).toMatchObject({
      type: 'vip',
      amount: 3000,
      origin_amount: 3000,
      seller_id: 0,
      seller_amount: 0,
    });
    expect(order.details[0]).toMatchObject({
      goods_id: group.id,
      goods: null,
      group: { id: group.id, title: group.title, price: 3000 },
    });
    const user = await me(buyer);
    expect(user.group_id).toBe(group.id);
    expect(user.expire_time).toBeGreaterThan(Date.now() / 1000 + 29 * 86400);
    expect(user.balance).toBe(0);
    const detail = await t.api.get('/api/order/detail', {
      token: buyer.token,
      query: { order_id: order.order_id },
    });
    expect(detail.body.data.status).toBe(3);
    expect(
      detail.body.data.history.map(
        (h: { action: string; actor_kind: string }) => `${h.action}:${h.actor_kind}`,
      ),
    ).toEqual(['create:customer', 'pay:customer', 'finish:system']);
    // AnqiCMS sends the group as goods_id; that works too.
    const legacy = await placeOrder(t.api, buyer, { type: 'vip', goods_id: group.id });
    expect(legacy.amount).toBe(3000);
    const missing = await t.api.post('/api/order/create', { type: 'vip' }, { token: buyer.token });
    expect(missing.body).toMatchObject({ code: -1, error: 'ORDER.VIP_GROUP_REQUIRED' });
    const unknown = await t.api.post(
      '/api/order/create',
      { type: 'vip', group_id: 999999 },
      { token: buyer.token },
    );
    expect(unknown.body).toMatchObject({ code: -1, error: 'GROUP.NOT_FOUND' });
  });

  it("applies the buyer's group discount (percent off, per unit)", async () => {
    const group = await createGroup(t.api, admin.token, { price: 0, discount: 10 });
    const buyer = await registerCustomer(t.api);
    await joinGroup(buyer, group.id, 0);
    const goods = await createGoods(t.api, admin.token, { price: 999, stock: 10 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id, quantity: 3 });
    expect(order).toMatchObject({ origin_amount: 2997, amount: 2697, discount_amount: 300 });
    expect(order.details[0]).toMatchObject({
      origin_price: 999,
      price: 899,
      origin_amount: 2997,
      amount: 2697,
    });
  });

  it("splits commissions from the inviter's group and credits everyone on finish, once", async () => {
    const { grandparent, inviter, buyer } = await referralChain(t.api, admin.token);
    const seller = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, {
      price: 9900,
      stock: 10,
      user_id: seller.id,
    });

    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    expect(order).toMatchObject({
      amount: 9900,
      seller_id: seller.id,
      share_user_id: inviter.id,
      share_amount: 990,
      share_parent_user_id: grandparent.id,
      share_parent_amount: 495,
      // (9900 − 990 − 495) × 80 % = 6732
      seller_amount: 6732,
    });
    await fundBalance(t.api, admin.token, buyer.id, 9900);
    await walk(actors(buyer), order.order_id, ['pay', 'deliver']);
    // Nothing is credited before the order finishes.
    expect((await me(inviter)).balance).toBe(0);
    expect(
      await t.dataSource.query(
        'SELECT kind, status FROM order_commissions WHERE order_id = $1 ORDER BY kind',
        [order.order_id],
      ),
    ).toEqual([
      { kind: 'parent', status: 0 },
      { kind: 'seller', status: 0 },
      { kind: 'share', status: 0 },
    ]);

    const finishes = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.api.post('/api/order/finish', { order_id: order.order_id }, { token: buyer.token }),
      ),
    );
    expect(finishes.filter((r) => r.body.code === 0)).toHaveLength(1);
    expect(await me(inviter)).toMatchObject({ balance: 990, total_reward: 990 });
    expect(await me(grandparent)).toMatchObject({ balance: 495, total_reward: 495 });
    expect(await me(seller)).toMatchObject({ balance: 6732, total_reward: 0 });
    const ledger = await t.dataSource.query(
      'SELECT user_id, kind, amount FROM balance_ledger WHERE order_id = $1 AND amount > 0 ORDER BY amount',
      [order.order_id],
    );
    expect(ledger).toEqual([
      { user_id: grandparent.id, kind: 'parent_commission', amount: '495' },
      { user_id: inviter.id, kind: 'share_commission', amount: '990' },
      { user_id: seller.id, kind: 'sale_income', amount: '6732' },
    ]);
  });

  it('pays no commission when the inviter has no sharing group, and nothing to the parent then', async () => {
    const grandparent = await registerCustomer(t.api);
    const inviter = await registerCustomer(t.api, { invite_id: grandparent.id });
    const buyer = await registerCustomer(t.api, { invite_id: inviter.id });
    const goods = await createGoods(t.api, admin.token, { price: 9900, stock: 10 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    expect(order).toMatchObject({
      share_user_id: 0,
      share_amount: 0,
      share_parent_user_id: 0,
      share_parent_amount: 0,
      seller_id: 0,
      seller_amount: 0,
    });
  });

  it('applies a coupon into discount_amount, refuses an unknown one, and gives the use back on cancel', async () => {
    const coupon = await createCoupon(t.api, admin.token, {
      type: 'amount',
      value: 500,
      usage_limit: 1,
    });
    const code = await createCouponCode(t.api, admin.token, coupon.id);
    const buyer = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, {
      price: 9900,
      stock: 10,
      user_id: (await registerCustomer(t.api)).id,
    });

    const unknown = await t.api.post(
      '/api/order/create',
      { goods_id: goods.id, coupon_code: 'NO-SUCH-CODE' },
      { token: buyer.token },
    );
    expect(unknown.body).toMatchObject({ code: -1 });
    expect(unknown.body.error).toMatch(/^COUPON\./);

    const order = await placeOrder(t.api, buyer, { goods_id: goods.id, coupon_code: code.code });
    expect(order).toMatchObject({
      origin_amount: 9900,
      discount_amount: 500,
      amount: 9400,
      seller_amount: 7520,
    });
    const usedUp = await t.api.post(
      '/api/order/create',
      { goods_id: goods.id, coupon_code: code.code },
      { token: buyer.token },
    );
    expect(usedUp.body).toMatchObject({ code: -1, error: 'COUPON.USED_UP' });

    await walk(actors(buyer), order.order_id, ['cancel']);
    const again = await placeOrder(t.api, buyer, { goods_id: goods.id, coupon_code: code.code });
    expect(again.discount_amount).toBe(500);
  });
});
