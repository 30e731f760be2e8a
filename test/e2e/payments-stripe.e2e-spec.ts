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
import { placeOrder } from '../factories/orders.factory.js';
import {
  configureStripe,
  approveRefundThenRetryOnce,
  gatewayPaymentState,
  openGatewayPayment,
  stripeCheckoutCompleted,
  stripeSignature,
} from '../factories/payments.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;

describe('Stripe: Checkout Session, verified webhooks, refunds, reconciliation (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let buyer: TestCustomer;
  let goodsId: number;
  const sessions = new Map<string, Record<string, unknown>>();
  const requests: { path: string; body: Record<string, string>; idempotency: string }[] = [];
  /** When set, the next session create is answered only when the test calls `release`. */
  let hold: ((arrived: () => void) => void) | null = null;
  /** Sessions the payment jobs expired at Stripe. */
  const expired: string[] = [];
  /** When set, session creates answer this (Stripe refusing). */
  let refusal: [number, Record<string, unknown>] | null = null;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock('https://api.stripe.com')
      .persist()
      .post('/v1/checkout/sessions')
      .reply(function (_uri, body, callback) {
        if (refusal) return callback(null, refusal);
        const form = Object.fromEntries(new URLSearchParams(body as string));
        requests.push({
          path: '/v1/checkout/sessions',
          body: form,
          idempotency: String(this.req.headers['idempotency-key']),
        });
        const id = `cs_test_${form.client_reference_id}`;
        const session = {
          id,
          object: 'checkout.session',
          url: `https://checkout.stripe.com/c/pay/${id}`,
          client_reference_id: form.client_reference_id,
          payment_status: 'unpaid',
        };
        sessions.set(id, session);
        const answer = () => callback(null, [200, session]);
        if (hold) {
          const held = hold;
          hold = null;
          held(answer);
        } else answer();
      })
      // Reconciliation asks about every open session: answered from `sessions` (a test marks one paid).
      .get(/\/v1\/checkout\/sessions\/cs_test_\d+$/)
      .reply(200, (uri: string) => sessions.get(uri.split('/').pop()!) ?? {})
      // The payment jobs expire the session of every payment cancelled in any test here.
      .post(/\/v1\/checkout\/sessions\/cs_test_\d+\/expire$/)
      .reply(200, (uri: string) => {
        const id = uri.split('/')[4];
        expired.push(id);
        return { id, object: 'checkout.session', status: 'expired' };
      });
    t = await startTestApp({ PUBLIC_URL: 'https://shop.example.com' });
    admin = await createAdmin(t);
    buyer = await registerCustomer(t.api);
    const saved = await configureStripe(t.api, admin.token, WEBHOOK_SECRET);
    expect(saved.text).not.toContain(WEBHOOK_SECRET);
    expect(saved.body.data).toMatchObject({
      has_stripe_secret_key: true,
      stripe_secret_key: '',
      stripe_currency: 'USD',
    });
    goodsId = (await createGoods(t.api, admin.token, { price: 2599, stock: 1000 })).id;
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await t.close();
  });

  const newPayment = () => openGatewayPayment(t.api, buyer, goodsId, 'stripe');
  const completed = (payment: { payment_id: string }, overrides: Record<string, unknown> = {}) =>
    stripeCheckoutCompleted(payment.payment_id, overrides);
  const webhook = (payload: string, signature = stripeSignature(payload, WEBHOOK_SECRET)) =>
    t.api.postRaw('/notify/stripe/pay', payload, { headers: { 'stripe-signature': signature } });
  const state = (orderId: string) => gatewayPaymentState(t.dataSource, orderId);

  it('answers the Checkout Session URL as jump_url, once per payment (idempotency key)', async () => {
    const { orderId, payment } = await newPayment();
    expect(payment).toMatchObject({ pay_way: 'stripe', currency: 'USD', amount: 2599 });
    expect(payment.jump_url).toBe(
      `https://checkout.stripe.com/c/pay/cs_test_${payment.payment_id}`,
    );
    const sent = requests.filter((r) => r.body.client_reference_id === payment.payment_id);
    expect(sent[0].body).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][unit_amount]': '2599',
      'line_items[0][price_data][currency]': 'usd',
      success_url: 'https://shop.example.com/',
    });
    expect(sent[0].idempotency).toBe(`checkout-${payment.payment_id}`);
    const again = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'stripe' },
      { token: buyer.token },
    );
    expect(again.body.data.payment_id).toBe(payment.payment_id);
    expect(
      requests
        .filter((r) => r.body.client_reference_id === payment.payment_id)
        .map((r) => r.idempotency),
    ).toEqual([`checkout-${payment.payment_id}`, `checkout-${payment.payment_id}`]);
  });

  itRaces('a verified webhook pays once: 10 deliveries, 20 racing copies', async () => {
    const first = await newPayment();
    const payload = completed(first.payment);
    for (let i = 0; i < 10; i++) expect((await webhook(payload)).status).toBe(200);
    expect(await state(first.orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
    const second = await newPayment();
    const copy = completed(second.payment);
    const answers = await Promise.all(Array.from({ length: 20 }, () => webhook(copy)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(await state(second.orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
  });

  it('wrong signature, wrong secret, stale timestamp, wrong amount or currency: nothing changes', async () => {
    const { orderId, payment } = await newPayment();
    const payload = completed(payment);
    const rejected = [
      webhook(payload.replace('2599', '2598'), stripeSignature(payload, WEBHOOK_SECRET)),
      webhook(payload, stripeSignature(payload, 'whsec_other')),
      webhook(
        payload,
        stripeSignature(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600),
      ),
      webhook(completed(payment, { amount_total: 1 })),
      webhook(completed(payment, { currency: 'eur' })),
    ];
    for (const res of await Promise.all(rejected)) expect(res.status).toBe(400);
    expect(await state(orderId)).toEqual({ status: 0, ledger: 0, history: 0 });
  });

  it('events that are not ours (a foreign payment, a dashboard refund) are acknowledged, nothing changes', async () => {
    const foreign = completed({ payment_id: '209912310000009999' });
    expect((await webhook(foreign)).status).toBe(200);
    const dashboardRefund = JSON.stringify({
      id: `evt_${randomBytes(8).toString('hex')}`,
      object: 'event',
      type: 'refund.updated',
      data: {
        object: {
          id: 're_dashboard',
          object: 'refund',
          status: 'succeeded',
          amount: 100,
          metadata: {},
        },
      },
    });
    expect((await webhook(dashboardRefund)).status).toBe(200);
    const [rows] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM gateway_transactions WHERE payment_id = '209912310000009999') AS ledger`,
    );
    expect(rows.ledger).toBe(0);
  });

  it("buyers read a generic refusal, never the gateway's text", async () => {
    refusal = [
      401,
      {
        error: {
          type: 'invalid_request_error',
          message: 'Invalid API Key provided: sk_test_****1234',
        },
      },
    ];
    try {
      const { order_id: orderId } = await placeOrder(t.api, buyer, {
        goods_id: goodsId,
        quantity: 1,
      });
      const res = await t.api.post(
        '/api/order/payment',
        { order_id: orderId, pay_way: 'stripe' },
        { token: buyer.token },
      );
      expect(res.body.code).toBe(-1);
      expect(res.body.msg).toBe(
        'Stripe: the payment service refused: try again or choose another way of paying',
      );
      expect(res.text).not.toContain('Invalid API Key');
      expect(res.text).not.toContain('1234');
    } finally {
      refusal = null;
    }
  });

  it('only the owner changes what verifies payments; every settings change is audited without values', async () => {
    const finance = await createAdmin(t, 'finance');
    const forged = await t.api.post(
      '/system/api/plugin/pay/config',
      { stripe_webhook_secret: 'whsec_finance_chose_this' },
      { admin: finance.token },
    );
    expect(forged.body.code).toBe(1002);
    expect(forged.body.msg).toContain('stripe_webhook_secret');
    // Still verified with the owner's secret: a payload signed with the other one is refused.
    const { orderId, payment } = await newPayment();
    const payload = completed(payment);
    expect(
      (await webhook(payload, stripeSignature(payload, 'whsec_finance_chose_this'))).status,
    ).toBe(400);
    // Finance may set the currency and echo the blank secret back (no change of it).
    const allowed = await t.api.post(
      '/system/api/plugin/pay/config',
      { stripe_currency: 'usd', stripe_webhook_secret: '', stripe_open: true },
      { admin: finance.token },
    );
    expect(allowed.body.code).toBe(0);
    const owner = await t.api.post(
      '/system/api/plugin/pay/config',
      { stripe_webhook_secret: WEBHOOK_SECRET, stripe_currency: 'eur' },
      { admin: admin.token },
    );
    expect(owner.body.code).toBe(0);
    const audits = await t.dataSource.query(
      `SELECT admin_id, details FROM audit_logs WHERE action = 'payment_settings.save' AND entity_id = 'stripe' ORDER BY id`,
    );
    expect(audits.at(-1)).toMatchObject({
      admin_id: admin.id,
      details: { fields: ['stripe_currency'] },
    });
    expect(JSON.stringify(audits)).not.toContain('whsec_');
    await t.api.post(
      '/system/api/plugin/pay/config',
      { stripe_currency: 'usd' },
      { admin: admin.token },
    );
    expect((await webhook(payload)).status).toBe(200);
    expect(await state(orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
  });

  it('refund: no call in the approval, the job survives a failing first call, one idempotency key', async () => {
    const { orderId, payment } = await newPayment();
    expect((await webhook(completed(payment))).status).toBe(200);
    const refunds: { key: string; body: Record<string, string> }[] = [];
    nock('https://api.stripe.com')
      .post('/v1/refunds')
      .times(2)
      .reply(function (_uri, body) {
        refunds.push({
          key: String(this.req.headers['idempotency-key']),
          body: Object.fromEntries(new URLSearchParams(body as string)),
        });
        return refunds.length === 1
          ? [500, { error: { type: 'api_error', message: 'try again' } }]
          : [200, { id: 're_123', object: 'refund', status: 'succeeded', amount: 2599 }];
      });
    await approveRefundThenRetryOnce(t, admin.token, orderId, payment.payment_id, () => refunds);
    expect(refunds.map((r) => r.key)).toEqual([`R${payment.payment_id}`, `R${payment.payment_id}`]);
    expect(refunds[1].body).toMatchObject({
      payment_intent: `pi_${payment.payment_id}`,
      amount: '2599',
    });
  });

  const confirmByStaff = async (orderId: string) => {
    const res = await t.api.post(
      '/system/api/plugin/order/pay',
      { order_id: orderId, pay_way: 'stripe' },
      { admin: admin.token },
    );
    expect(res.body.code).toBe(0);
  };
  const refundCalls = () => {
    const calls: Record<string, string>[] = [];
    nock('https://api.stripe.com')
      .post('/v1/refunds')
      .reply((_uri, body) => {
        calls.push(Object.fromEntries(new URLSearchParams(body as string)));
        return [200, { id: 're_1', object: 'refund', status: 'succeeded', amount: 2599 }];
      });
    return calls;
  };
  const approveRefund = async (orderId: string) => {
    const approved = await t.api.post(
      '/system/api/plugin/order/refund/apply',
      { order_id: orderId },
      { admin: admin.token },
    );
    expect(approved.body.data.status).toBe(9);
  };
  const paymentRow = async (paymentId: string) =>
    (
      await t.dataSource.query(
        `SELECT terrace_id, gateway_order_id FROM payments WHERE payment_id = $1`,
        [paymentId],
      )
    )[0];

  it('a payment staff confirmed by hand: the late webhook stores its PaymentIntent, the refund names it', async () => {
    const { orderId, payment } = await newPayment();
    await confirmByStaff(orderId);
    expect((await webhook(completed(payment))).status).toBe(200);
    expect(await paymentRow(payment.payment_id)).toEqual({
      terrace_id: `pi_${payment.payment_id}`,
      gateway_order_id: `cs_test_${payment.payment_id}`,
    });
    const [ledger] = await t.dataSource.query(
      `SELECT outcome FROM gateway_transactions WHERE payment_id = $1`,
      [payment.payment_id],
    );
    expect(ledger.outcome).toBe('already_paid');
    const calls = refundCalls();
    await approveRefund(orderId);
    expect((await t.app.get(OrderJobsService).runOnce(new Date())).payments.refunds_sent).toEqual([
      `R${payment.payment_id}`,
    ]);
    expect(calls.map((c) => c.payment_intent)).toEqual([`pi_${payment.payment_id}`]);
  });

  it('a payment staff confirmed by hand and refunded before any webhook: the refund asks Stripe for the PaymentIntent', async () => {
    const { orderId, payment } = await newPayment();
    await confirmByStaff(orderId);
    sessions.set(`cs_test_${payment.payment_id}`, JSON.parse(completed(payment)).data.object);
    const calls = refundCalls();
    await approveRefund(orderId);
    expect((await t.app.get(OrderJobsService).runOnce(new Date())).payments.refunds_sent).toEqual([
      `R${payment.payment_id}`,
    ]);
    expect(calls.map((c) => c.payment_intent)).toEqual([`pi_${payment.payment_id}`]);
    expect((await paymentRow(payment.payment_id)).terrace_id).toBe(`pi_${payment.payment_id}`);
  });

  it('a second pay() finishing after the payment was paid does not overwrite its transaction id', async () => {
    const { orderId, payment } = await newPayment();
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => {
      hold = (answer) => {
        release = answer;
        resolve();
      };
    });
    const late = t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'stripe' },
      { token: buyer.token },
    );
    await arrived;
    expect((await webhook(completed(payment))).status).toBe(200);
    release();
    await late;
    expect(await paymentRow(payment.payment_id)).toEqual({
      terrace_id: `pi_${payment.payment_id}`,
      gateway_order_id: `cs_test_${payment.payment_id}`,
    });
  });

  it('sessions expire with the order (expires_at), and a cancelled order’s session is expired at Stripe after commit', async () => {
    const { orderId, payment } = await newPayment();
    const sent = requests.find((r) => r.body.client_reference_id === payment.payment_id)!;
    const expiresAt = Number(sent.body.expires_at);
    const nowSeconds = Date.now() / 1000;
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(nowSeconds + 30 * 60));
    expect(expiresAt).toBeLessThanOrEqual(Math.ceil(nowSeconds + 24 * 3600));
    const session = `cs_test_${payment.payment_id}`;
    const cancel = await t.api.post(
      '/api/order/cancel',
      { order_id: orderId },
      { token: buyer.token },
    );
    expect(cancel.body.code).toBe(0);
    expect(expired).not.toContain(session);
    const run = await t.app.get(OrderJobsService).runOnce(new Date(Date.now() + 60_000));
    expect(run.payments.closed).toContain(payment.payment_id);
    expect(expired.filter((id) => id === session)).toHaveLength(1);
  });

  it('reconciliation settles a session whose webhook never came', async () => {
    const { orderId, payment } = await newPayment();
    const id = `cs_test_${payment.payment_id}`;
    sessions.set(id, JSON.parse(completed(payment)).data.object);
    const run = await t.app.get(OrderJobsService).runOnce(new Date(Date.now() + 6 * 60_000));
    expect(run.payments.reconciled).toContain(`${payment.payment_id}:settled`);
    expect(await state(orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
  });
});
