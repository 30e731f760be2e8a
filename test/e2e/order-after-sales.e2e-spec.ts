import nock from 'nock';
import { randomBytes } from 'node:crypto';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import {
  fundBalance,
  OrderActors,
  placeOrder,
  referralChain,
  walk,
} from '../factories/orders.factory.js';
import {
  configureStripe,
  openGatewayPayment,
  stripeCheckoutCompleted,
  stripeSignature,
} from '../factories/payments.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;

describe('after-sales refunds: finished orders refunded in whole or in parts (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  const stripeRefunds: { key: string; body: Record<string, string> }[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock('https://api.stripe.com')
      .persist()
      .post('/v1/checkout/sessions')
      .reply((_uri, body) => {
        const form = Object.fromEntries(new URLSearchParams(body as string));
        const id = `cs_test_${form.client_reference_id}`;
        return [200, { id, object: 'checkout.session', url: `https://checkout.stripe.com/${id}` }];
      })
      .post('/v1/refunds')
      .reply(function (_uri, body) {
        const form = Object.fromEntries(new URLSearchParams(body as string));
        stripeRefunds.push({ key: String(this.req.headers['idempotency-key']), body: form });
        return [
          200,
          {
            id: `re_${stripeRefunds.length}`,
            object: 'refund',
            status: 'succeeded',
            amount: Number(form.amount),
          },
        ];
      });
    t = await startTestApp({
      ORDER_JOBS_INTERVAL_SECONDS: '0',
      ORDER_SELLER_PERCENT: '80',
      PUBLIC_URL: 'https://shop.example.com',
    });
    admin = await createAdmin(t);
    await configureStripe(t.api, admin.token, WEBHOOK_SECRET);
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await t.close();
  });

  const actorsFor = (buyer: TestCustomer): OrderActors => ({
    api: t.api,
    buyer,
    adminToken: admin.token,
  });
  const user = async (id: number) =>
    (
      await t.dataSource.query(
        'SELECT balance::int AS balance, total_reward::int AS total_reward FROM users WHERE id = $1',
        [id],
      )
    )[0] as { balance: number; total_reward: number };
  const stockOf = async (goodsId: number): Promise<number> =>
    (await t.dataSource.query('SELECT stock FROM archives WHERE id = $1', [goodsId]))[0].stock;
  const orderRow = async (orderId: string) =>
    (
      await t.dataSource.query(
        `SELECT status, refund_status, refunded_amount::int AS refunded_amount,
                (SELECT count(*)::int FROM order_refunds r WHERE r.order_id = o.order_id) AS refunds,
                (SELECT count(*)::int FROM order_history h WHERE h.order_id = o.order_id) AS history
           FROM orders o WHERE order_id = $1`,
        [orderId],
      )
    )[0];
  const ask = (buyer: TestCustomer, orderId: string, body: Record<string, unknown> = {}) =>
    t.api.post('/api/order/refund', { order_id: orderId, ...body }, { token: buyer.token });
  const decide = (orderId: string, status: number, body: Record<string, unknown> = {}) =>
    t.api.post(
      '/system/api/plugin/order/refund',
      { order_id: orderId, status, ...body },
      { admin: admin.token },
    );
  const refundNow = (orderId: string, body: Record<string, unknown> = {}) =>
    t.api.post(
      '/system/api/plugin/order/refund/apply',
      { order_id: orderId, ...body },
      { admin: admin.token },
    );
  const customerDetail = async (buyer: TestCustomer, orderId: string) =>
    (await t.api.get('/api/order/detail', { token: buyer.token, query: { order_id: orderId } }))
      .body.data;

  /** A finished goods order paid from the balance: `price` × `quantity`. */
  async function finishedOrder(
    options: { price?: number; quantity?: number; stock?: number; sellerId?: number } = {},
    buyer?: TestCustomer,
  ) {
    const { price = 1000, quantity = 1, stock = 10 } = options;
    const customer = buyer ?? (await registerCustomer(t.api));
    const goods = await createGoods(t.api, admin.token, {
      price,
      stock,
      ...(options.sellerId ? { user_id: options.sellerId } : {}),
    });
    await fundBalance(t.api, admin.token, customer.id, price * quantity);
    const order = await placeOrder(t.api, customer, { goods_id: goods.id, quantity });
    await walk(actorsFor(customer), order.order_id, ['pay', 'deliver', 'finish']);
    return { buyer: customer, goods, orderId: order.order_id as string };
  }

  it('refunds a finished order in two parts: money back, commissions taken back in proportion to the fen', async () => {
    const { grandparent, inviter, buyer } = await referralChain(t.api, admin.token);
    const seller = await registerCustomer(t.api);
    const { orderId } = await finishedOrder({ price: 9900, sellerId: seller.id }, buyer);
    // Credited at finish: 10 % to the inviter, 5 % to theirs, 80 % of the rest to the seller.
    expect(await user(inviter.id)).toEqual({ balance: 990, total_reward: 990 });
    expect(await user(grandparent.id)).toEqual({ balance: 495, total_reward: 495 });
    expect((await user(seller.id)).balance).toBe(6732);
    expect((await user(buyer.id)).balance).toBe(0);

    const images = ['/uploads/202405/cup.jpg', 'https://cdn.example.com/box.png'];
    const asked = await ask(buyer, orderId, {
      reason: 'One cup arrived broken',
      refund_amount: 3333,
      images,
    });
    expect(asked.body).toMatchObject({ code: 0, data: { status: 8, refund_status: 0 } });
    expect(asked.body.data.refunds).toEqual([
      expect.objectContaining({
        amount: 3333,
        after_sales: true,
        initiator: 'customer',
        reason: 'One cup arrived broken',
        images,
        status: 0,
        status_name: 'requested',
        refund_way: '',
        decided_time: 0,
      }),
    ]);
    // One request at a time.
    const second = await ask(buyer, orderId, { refund_amount: 1 });
    expect(second.body).toMatchObject({ code: -1, error: 'ORDER.INVALID_TRANSITION' });

    const approved = await decide(orderId, 1, { reason: 'photo checked' });
    expect(approved.body).toMatchObject({
      code: 0,
      data: { status: 3, refund_status: 1, refunded_amount: 3333 },
    });
    // floor(C × 3333 / 9900) of each credited amount C.
    expect((await user(buyer.id)).balance).toBe(3333);
    expect(await user(inviter.id)).toEqual({ balance: 990 - 333, total_reward: 990 - 333 });
    expect(await user(grandparent.id)).toEqual({ balance: 495 - 166, total_reward: 495 - 166 });
    expect((await user(seller.id)).balance).toBe(6732 - 2266);
    expect(approved.body.data.allowed_actions).toEqual(['apply_refund']);

    // The rest: no amount = all that is left.
    const rest = await ask(buyer, orderId, { reason: 'The other one too' });
    expect(rest.body.data.refunds[1]).toMatchObject({ amount: 6567, status: 0 });
    const last = await decide(orderId, 1);
    expect(last.body.data).toMatchObject({ status: 9, refund_status: 1, refunded_amount: 9900 });
    expect((await user(buyer.id)).balance).toBe(9900);
    expect(await user(inviter.id)).toEqual({ balance: 0, total_reward: 0 });
    expect(await user(grandparent.id)).toEqual({ balance: 0, total_reward: 0 });
    expect((await user(seller.id)).balance).toBe(0);
    // The parts add up to exactly each credited amount.
    expect(
      await t.dataSource.query(
        `SELECT c.kind, c.amount::int AS amount, c.reversed_amount::int AS reversed,
                (SELECT -sum(l.amount)::int FROM balance_ledger l
                  WHERE l.order_id = c.order_id AND l.kind = 'commission_reversal'
                    AND l.user_id = c.user_id) AS debited
           FROM order_commissions c WHERE c.order_id = $1 ORDER BY c.kind`,
        [orderId],
      ),
    ).toEqual([
      { kind: 'parent', amount: 495, reversed: 495, debited: 495 },
      { kind: 'seller', amount: 6732, reversed: 6732, debited: 6732 },
      { kind: 'share', amount: 990, reversed: 990, debited: 990 },
    ]);
    expect(
      await t.dataSource.query(
        `SELECT amount::int AS amount, kind FROM balance_ledger
          WHERE user_id = $1 AND order_id = $2 ORDER BY id`,
        [buyer.id, orderId],
      ),
    ).toEqual([
      { amount: -9900, kind: 'order_payment' },
      { amount: 3333, kind: 'order_refund' },
      { amount: 6567, kind: 'order_refund' },
    ]);
    expect(
      await t.dataSource.query('SELECT status FROM payments WHERE order_id = $1', [orderId]),
    ).toEqual([{ status: 2 }]);

    // The refund history, for the buyer and for staff.
    const mine = await customerDetail(buyer, orderId);
    expect(
      mine.refunds.map((r: any) => [r.amount, r.status, r.refund_way, r.decided_time > 0]),
    ).toEqual([
      [3333, 1, 'balance', true],
      [6567, 1, 'balance', true],
    ]);
    expect(mine.refunds[0].decision_note).toBe('photo checked');
    const staff = await t.api.get('/system/api/plugin/order/detail', {
      admin: admin.token,
      query: { order_id: orderId },
    });
    expect(staff.body.data.refunds).toEqual(mine.refunds);
    expect(
      mine.history.map((h: any) => `${h.action}:${h.from_status}->${h.to_status}`).slice(4),
    ).toEqual([
      'apply_refund:3->8',
      'approve_refund:8->3',
      'apply_refund:3->8',
      'approve_refund:8->9',
    ]);
    // Each step wrote its event (webhooks and mail read these).
    expect(
      await t.dataSource.query(
        `SELECT type, status, actor FROM domain_events
          WHERE order_id = $1 AND type LIKE 'order.refund%' ORDER BY id`,
        [orderId],
      ),
    ).toEqual([
      { type: 'order.refund_requested', status: 8, actor: 'customer' },
      { type: 'order.refund_approved', status: 3, actor: 'staff' },
      { type: 'order.refund_requested', status: 8, actor: 'customer' },
      { type: 'order.refund_approved', status: 9, actor: 'staff' },
    ]);
  });

  it('refuses bad requests with a clear error and writes nothing', async () => {
    const { buyer, orderId } = await finishedOrder({ price: 1000, quantity: 2 });
    const before = await orderRow(orderId);
    const bad: [Record<string, unknown>, string, RegExp][] = [
      [{ refund_amount: 2001 }, 'ORDER.REFUND_TOO_LARGE', /2001 fen.*2000 fen/],
      [{ refund_amount: 0 }, 'COMMON.VALIDATION', /refund_amount/],
      [{ refund_amount: 10.5 }, 'COMMON.VALIDATION', /refund_amount/],
      [{ refund_amount: '100' }, 'COMMON.VALIDATION', /refund_amount/],
      [{ images: ['javascript:alert(1)'] }, 'COMMON.VALIDATION', /images/],
      [{ images: Array(10).fill('/uploads/a.jpg') }, 'COMMON.VALIDATION', /images/],
      [{ images: '/uploads/a.jpg' }, 'COMMON.VALIDATION', /images/],
    ];
    for (const [body, error, msg] of bad) {
      const res = await ask(buyer, orderId, body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ code: -1, error });
      expect(res.body.msg).toMatch(msg);
    }
    expect(await orderRow(orderId)).toEqual(before);

    // Before finishing, only the whole order.
    const open = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, open.id, 1000);
    const goods = await createGoods(t.api, admin.token, { price: 1000, stock: 5 });
    const paid = await placeOrder(t.api, open, { goods_id: goods.id });
    await walk(actorsFor(open), paid.order_id, ['pay']);
    const partial = await ask(open, paid.order_id, { refund_amount: 500 });
    expect(partial.body).toMatchObject({ code: -1, error: 'ORDER.PARTIAL_REFUND_NOT_FINISHED' });
    const whole = await ask(open, paid.order_id, { refund_amount: 1000, reason: 'changed mind' });
    expect(whole.body.data.refunds).toEqual([
      expect.objectContaining({ amount: 1000, after_sales: false, status: 0 }),
    ]);
    const done = await decide(paid.order_id, 1);
    expect(done.body.data).toMatchObject({ status: 9, refunded_amount: 1000 });
    expect(done.body.data.refunds).toEqual([
      expect.objectContaining({ status: 1, refund_way: 'balance', goods_returned: true }),
    ]);
    expect(await stockOf(goods.id)).toBe(5);
  });

  it('refuses, asks again, gives stock back only when staff say the goods came back, and closes the window', async () => {
    const { buyer, goods, orderId } = await finishedOrder({ price: 1000, quantity: 2, stock: 5 });
    expect(await stockOf(goods.id)).toBe(3);
    expect((await customerDetail(buyer, orderId)).allowed_actions).toEqual(['apply_refund']);

    await ask(buyer, orderId, { refund_amount: 500, reason: 'scratched' });
    const refused = await decide(orderId, -1, { reason: 'no photo' });
    expect(refused.body.data).toMatchObject({ status: 3, refund_status: -1, refunded_amount: 0 });
    expect(refused.body.data.refunds[0]).toMatchObject({
      status: -1,
      status_name: 'refused',
      decision_note: 'no photo',
    });
    expect((await user(buyer.id)).balance).toBe(0);

    await ask(buyer, orderId, { refund_amount: 500, reason: 'scratched, photo attached' });
    const kept = await decide(orderId, 1);
    expect(kept.body.data).toMatchObject({ status: 3, refunded_amount: 500 });
    expect(await stockOf(goods.id)).toBe(3);

    const back = await refundNow(orderId, { refund_amount: 700, goods_returned: true });
    expect(back.body.data).toMatchObject({ status: 3, refunded_amount: 1200 });
    expect(back.body.data.refunds[2]).toMatchObject({
      initiator: 'admin',
      goods_returned: true,
      status: 1,
    });
    expect(await stockOf(goods.id)).toBe(5);
    const twice = await refundNow(orderId, { refund_amount: 100, goods_returned: true });
    expect(twice.body).toMatchObject({ code: -1, error: 'ORDER.GOODS_ALREADY_RETURNED' });
    expect(await stockOf(goods.id)).toBe(5);
    expect((await orderRow(orderId)).refunded_amount).toBe(1200);

    // Past the window the buyer may no longer ask; staff still may.
    await t.dataSource.query(
      `UPDATE orders SET finished_time = now() - interval '8 days' WHERE order_id = $1`,
      [orderId],
    );
    expect((await customerDetail(buyer, orderId)).allowed_actions).toEqual([]);
    const staffView = await t.api.get('/system/api/plugin/order/detail', {
      admin: admin.token,
      query: { order_id: orderId },
    });
    expect(staffView.body.data.allowed_actions).toEqual(['apply_refund']);
    const late = await ask(buyer, orderId, { refund_amount: 100 });
    expect(late.body).toMatchObject({ code: -1, error: 'ORDER.REFUND_WINDOW_CLOSED' });
    expect(late.body.details).toMatchObject({ refund_window_day: 7 });
    const rest = await refundNow(orderId, { reason: 'goodwill' });
    expect(rest.body.data).toMatchObject({ status: 9, refund_status: 1, refunded_amount: 2000 });
    expect((await user(buyer.id)).balance).toBe(2000);
    // Staff's refunds and decisions are audited, amount and goods included.
    const audited = await t.dataSource.query(
      `SELECT action, details->>'note' AS note FROM audit_logs
        WHERE entity_type = 'order' AND entity_id = $1 ORDER BY id`,
      [orderId],
    );
    expect(audited).toEqual([
      { action: 'order.deliver', note: expect.any(String) },
      { action: 'order.reject_refund', note: 'no photo' },
      { action: 'order.approve_refund', note: '500 fen' },
      { action: 'order.apply_refund', note: '700 fen' },
      { action: 'order.approve_refund', note: '700 fen, goods returned' },
      { action: 'order.apply_refund', note: '800 fen: goodwill' },
      { action: 'order.approve_refund', note: '800 fen: goodwill' },
    ]);
  });

  it('never refunds more than was paid: 20 racing partial refunds by staff, 20 racing requests by the buyer', async () => {
    const { buyer, orderId } = await finishedOrder({ price: 9900 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        refundNow(orderId, { refund_amount: 600, reason: `part ${i}` }),
      ),
    );
    const ok = answers.filter((r) => r.body.code === 0);
    expect(ok).toHaveLength(16);
    for (const refused of answers.filter((r) => r.body.code !== 0))
      expect(refused.body).toMatchObject({ code: -1, error: 'ORDER.REFUND_TOO_LARGE' });
    expect(await orderRow(orderId)).toMatchObject({
      status: 3,
      refunded_amount: 9600,
      refunds: 16,
    });
    const [{ refunded, credited }] = await t.dataSource.query(
      `SELECT (SELECT sum(amount)::int FROM order_refunds WHERE order_id = $1 AND status = 1) AS refunded,
              (SELECT sum(amount)::int FROM balance_ledger
                WHERE order_id = $1 AND kind = 'order_refund') AS credited`,
      [orderId],
    );
    expect({ refunded, credited }).toEqual({ refunded: 9600, credited: 9600 });
    expect((await user(buyer.id)).balance).toBe(9600);

    // The buyer's racing requests: one waits for staff, the others find it refunding.
    const requests = await Promise.all(
      Array.from({ length: 20 }, () => ask(buyer, orderId, { refund_amount: 100 })),
    );
    expect(requests.filter((r) => r.body.code === 0)).toHaveLength(1);
    for (const refused of requests.filter((r) => r.body.code !== 0))
      expect(refused.body).toMatchObject({ code: -1, error: 'ORDER.INVALID_TRANSITION' });
    const decisions = await Promise.all(Array.from({ length: 5 }, () => decide(orderId, 1)));
    expect(decisions.filter((r) => r.body.code === 0)).toHaveLength(1);
    expect(await orderRow(orderId)).toMatchObject({
      status: 3,
      refunded_amount: 9700,
      refunds: 17,
    });
    const tooMuch = await ask(buyer, orderId, { refund_amount: 201 });
    expect(tooMuch.body).toMatchObject({ code: -1, error: 'ORDER.REFUND_TOO_LARGE' });
  });

  it('refuses a refund whose commission the earner no longer holds, and changes nothing', async () => {
    const { inviter, buyer } = await referralChain(t.api, admin.token);
    const { orderId } = await finishedOrder({ price: 2000 }, buyer);
    expect((await user(inviter.id)).balance).toBe(200);
    const spent = await t.api.post(
      '/system/api/user/balance',
      { user_id: inviter.id, amount: -150, reason: 'withdrawn' },
      { admin: admin.token },
    );
    expect(spent.body.code).toBe(0);
    await ask(buyer, orderId, { refund_amount: 2000 });
    const before = await orderRow(orderId);
    const approved = await decide(orderId, 1);
    expect(approved.body).toMatchObject({
      code: -1,
      error: 'ORDER.COMMISSION_NOT_REVERSIBLE',
      details: { user_id: inviter.id, kind: 'share', amount: 200, balance: 50 },
    });
    expect(await orderRow(orderId)).toEqual(before);
    expect((await user(buyer.id)).balance).toBe(0);
    // Staff may refund less (after refusing this request).
    expect((await decide(orderId, -1)).body.code).toBe(0);
    const less = await refundNow(orderId, { refund_amount: 500 });
    expect(less.body.data).toMatchObject({ status: 3, refunded_amount: 500 });
    expect((await user(inviter.id)).balance).toBe(0);
  });

  describe('a gateway payment (Stripe)', () => {
    const completed = (paymentId: string) => stripeCheckoutCompleted(paymentId);
    const webhook = (payload: string) =>
      t.api.postRaw('/notify/stripe/pay', payload, {
        headers: { 'stripe-signature': stripeSignature(payload, WEBHOOK_SECRET) },
      });

    async function finishedStripeOrder() {
      const buyer = await registerCustomer(t.api);
      const goods = await createGoods(t.api, admin.token, { price: 2599, stock: 10 });
      const { orderId, payment } = await openGatewayPayment(t.api, buyer, goods.id, 'stripe');
      expect((await webhook(completed(payment.payment_id))).status).toBe(200);
      await walk(actorsFor(buyer), orderId, ['deliver', 'finish']);
      return { buyer, orderId, paymentId: payment.payment_id as string };
    }

    it('sends each part to the gateway after commit, under its own out_refund_no', async () => {
      const { buyer, orderId, paymentId } = await finishedStripeOrder();
      await ask(buyer, orderId, { refund_amount: 1000, reason: 'late delivery' });
      await decide(orderId, 1);
      const second = await refundNow(orderId, { refund_amount: 599 });
      expect(second.body.data).toMatchObject({ status: 3, refunded_amount: 1599 });
      const numbers = second.body.data.refunds.map((r: any) => `AS${r.refund_no}`);
      expect(second.body.data.refunds.map((r: any) => r.refund_way)).toEqual(['stripe', 'stripe']);
      // Nothing was sent inside the approvals' transactions.
      expect(stripeRefunds.filter((r) => numbers.includes(r.key))).toEqual([]);
      const run = await t.app.get(OrderJobsService).runOnce(new Date());
      expect([...run.payments.refunds_sent].sort()).toEqual([...numbers].sort());
      const sent = stripeRefunds.filter((r) => numbers.includes(r.key));
      expect(sent.map((r) => [r.key, r.body.amount, r.body.payment_intent]).sort()).toEqual(
        [
          [numbers[0], '1000', `pi_${paymentId}`],
          [numbers[1], '599', `pi_${paymentId}`],
        ].sort(),
      );
      expect(
        await t.dataSource.query(
          `SELECT out_refund_no, amount::int AS amount, status, reason FROM gateway_refunds
            WHERE order_id = $1 ORDER BY id`,
          [orderId],
        ),
      ).toEqual([
        { out_refund_no: numbers[0], amount: 1000, status: 2, reason: 'after_sales' },
        { out_refund_no: numbers[1], amount: 599, status: 2, reason: 'after_sales' },
      ]);
      // The payment stays paid until everything went back; the buyer's balance is untouched.
      expect(
        await t.dataSource.query('SELECT status FROM payments WHERE order_id = $1', [orderId]),
      ).toEqual([{ status: 1 }]);
      expect((await user(buyer.id)).balance).toBe(0);
      expect((await t.app.get(OrderJobsService).runOnce(new Date())).payments.refunds_sent).toEqual(
        [],
      );
    });

    it('a refund racing repeated payment notifications ends consistent', async () => {
      const { orderId, paymentId } = await finishedStripeOrder();
      const payload = completed(paymentId);
      const [refund, ...notifications] = await Promise.all([
        refundNow(orderId, { refund_amount: 2599, reason: 'race' }),
        ...Array.from({ length: 10 }, () => webhook(payload)),
      ]);
      expect(refund.body.data).toMatchObject({
        status: 9,
        refund_status: 1,
        refunded_amount: 2599,
      });
      expect(notifications.map((n) => n.status)).toEqual(Array(10).fill(200));
      expect(
        await t.dataSource.query(
          `SELECT (SELECT count(*)::int FROM order_history WHERE order_id = $1 AND action = 'pay') AS pays,
                  (SELECT count(*)::int FROM gateway_refunds WHERE order_id = $1) AS gateway_refunds,
                  (SELECT string_agg(status::text, ',') FROM payments WHERE order_id = $1) AS payments`,
          [orderId],
        ),
      ).toEqual([{ pays: 1, gateway_refunds: 1, payments: '2' }]);
    });
  });

  it('shows the window in the order settings', async () => {
    const res = await t.api.get('/system/api/plugin/order/config', { admin: admin.token });
    expect(res.body.data).toMatchObject({ refund_window_day: 7 });
  });
});
