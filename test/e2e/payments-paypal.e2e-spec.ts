import nock from 'nock';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import { RETURN_REQUESTS_PER_MINUTE } from '../../src/payments/return-throttle.guard.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import {
  approveRefundThenRetryOnce,
  gatewayPaymentState,
  openGatewayPayment,
} from '../factories/payments.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

const PAYPAL = 'https://api-m.sandbox.paypal.com';
const CLIENT_ID = 'AYclient';
const SECRET = 'EKsecret-do-not-leak';

interface FakeOrder {
  id: string;
  paymentId: string;
  value: string;
  currency: string;
  status: 'CREATED' | 'APPROVED' | 'COMPLETED';
  capture?: Record<string, unknown>;
  /** The receiving account PayPal names (our sandbox account unless a test says otherwise). */
  payee?: string;
}

/**
 * PayPal's Orders v2 and Payments v2 as the SDK sees them (nock under its HTTP client): OAuth2
 * client credentials, create, capture (idempotent on PayPal-Request-Id, like PayPal), get, refund.
 */
describe('PayPal: Orders v2 approve link, capture on return, refunds, reconciliation (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let buyer: TestCustomer;
  let goodsId: number;
  const orders = new Map<string, FakeOrder>();
  const captureCalls: { orderId: string; requestId: string }[] = [];
  const created: { body: any; requestId: string }[] = [];
  /** What the next capture answers instead of the order's own amount (a tampered/odd answer). */
  const captureOverride = new Map<string, { value: string; currency: string }>();
  let tokenCalls = 0;

  const orderJson = (o: FakeOrder) => ({
    id: o.id,
    status: o.status,
    intent: 'CAPTURE',
    purchase_units: [
      {
        reference_id: 'ref',
        custom_id: o.paymentId,
        amount: { currency_code: o.currency, value: o.value },
        payee: { merchant_id: o.payee ?? 'SHOPMERCHANT1' },
        ...(o.capture ? { payments: { captures: [o.capture] } } : {}),
      },
    ],
    links: [
      {
        href: `https://www.sandbox.paypal.com/checkoutnow?token=${o.id}`,
        rel: 'approve',
        method: 'GET',
      },
    ],
  });

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock(PAYPAL)
      .persist()
      .post('/v1/oauth2/token')
      .reply(function () {
        tokenCalls++;
        const basic = Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64');
        if (this.req.headers.authorization !== `Basic ${basic}`)
          return [401, { error: 'invalid_client' }];
        return [200, { access_token: 'A21AA', token_type: 'Bearer', expires_in: 32400 }];
      })
      .post('/v2/checkout/orders')
      .reply(function (_uri, body: any) {
        created.push({ body, requestId: String(this.req.headers['paypal-request-id']) });
        const unit = body.purchase_units[0];
        const id = `PP${unit.custom_id}`;
        const order: FakeOrder = orders.get(id) ?? {
          id,
          paymentId: unit.custom_id,
          value: unit.amount.value,
          currency: unit.amount.currency_code,
          status: 'CREATED',
        };
        orders.set(id, order);
        return [201, orderJson(order)];
      })
      .post(/\/v2\/checkout\/orders\/[A-Z0-9]+\/capture$/)
      .reply(function (uri) {
        const id = uri.split('/')[4];
        const requestId = String(this.req.headers['paypal-request-id']);
        captureCalls.push({ orderId: id, requestId });
        const order = orders.get(id);
        if (!order) return [404, { name: 'RESOURCE_NOT_FOUND' }];
        if (order.status === 'CREATED')
          return [
            422,
            { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'ORDER_NOT_APPROVED' }] },
          ];
        if (order.status === 'COMPLETED' && order.capture?.request_id !== requestId)
          return [
            422,
            { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'ORDER_ALREADY_CAPTURED' }] },
          ];
        if (order.status === 'APPROVED') {
          const amount = captureOverride.get(id) ?? {
            value: order.value,
            currency: order.currency,
          };
          order.status = 'COMPLETED';
          order.capture = {
            id: `CAP${order.paymentId}`,
            status: 'COMPLETED',
            custom_id: order.paymentId,
            amount: { currency_code: amount.currency, value: amount.value },
            request_id: requestId,
          };
        }
        return [201, orderJson(order)];
      })
      .get(/\/v2\/checkout\/orders\/[A-Z0-9]+$/)
      .reply((uri) => {
        const order = orders.get(uri.split('/').pop()!);
        return order ? [200, orderJson(order)] : [404, { name: 'RESOURCE_NOT_FOUND' }];
      });
    t = await startTestApp({ PUBLIC_URL: 'https://shop.example.com' });
    admin = await createAdmin(t);
    buyer = await registerCustomer(t.api);
    const saved = await t.api.post(
      '/system/api/plugin/pay/config',
      {
        paypal_client_id: CLIENT_ID,
        paypal_client_secret: SECRET,
        paypal_sandbox: true,
        paypal_currency: 'usd',
      },
      { admin: admin.token },
    );
    expect(saved.body.code).toBe(0);
    expect(saved.text).not.toContain(SECRET);
    expect(saved.body.data).toMatchObject({
      has_paypal_client_secret: true,
      paypal_client_secret: '',
      paypal_currency: 'USD',
    });
    expect(saved.body.data.gateways.find((g: any) => g.gateway === 'paypal')).toMatchObject({
      configured: true,
      pay_ways: ['paypal'],
    });
    goodsId = (await createGoods(t.api, admin.token, { price: 2599, stock: 1000 })).id;
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await t.close();
  });

  const newPayment = async () => {
    const opened = await openGatewayPayment(t.api, buyer, goodsId, 'paypal');
    return { ...opened, paypalId: `PP${opened.payment.payment_id}` };
  };
  const approve = (paypalId: string) => (orders.get(paypalId)!.status = 'APPROVED');
  const back = (paypalId: string) =>
    t.api.get('/return/paypal/pay', { query: { token: paypalId, PayerID: 'QYR5Z8XDVJNXQ' } });
  const state = (orderId: string) => gatewayPaymentState(t.dataSource, orderId);

  it('answers the approve link as jump_url; the return captures and pays once', async () => {
    const { orderId, payment, paypalId } = await newPayment();
    expect(payment).toMatchObject({ pay_way: 'paypal', currency: 'USD', amount: 2599 });
    expect(payment.jump_url).toBe(`https://www.sandbox.paypal.com/checkoutnow?token=${paypalId}`);
    const sent = created.find((c) => c.body.purchase_units[0].custom_id === payment.payment_id)!;
    expect(sent.requestId).toBe(`order-${payment.payment_id}`);
    expect(sent.body).toMatchObject({
      intent: 'CAPTURE',
      purchase_units: [{ amount: { currency_code: 'USD', value: '25.99' } }],
      application_context: {
        return_url: 'https://shop.example.com/return/paypal/pay',
        cancel_url: 'https://shop.example.com/return/paypal/cancel',
      },
    });
    expect(tokenCalls).toBeGreaterThan(0);
    approve(paypalId);
    for (let i = 0; i < 10; i++) {
      const res = await back(paypalId);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Payment received');
    }
    expect(await state(orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
    expect(
      new Set(captureCalls.filter((c) => c.orderId === paypalId).map((c) => c.requestId)),
    ).toEqual(new Set([`capture-${payment.payment_id}`]));
  });

  itRaces('10 concurrent returns settle one payment', async () => {
    const { orderId, paypalId } = await newPayment();
    approve(paypalId);
    const answers = await Promise.all(Array.from({ length: 10 }, () => back(paypalId)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(await state(orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
  });

  it('a capture answering another amount or currency changes nothing', async () => {
    for (const wrong of [
      { value: '25.98', currency: 'USD' },
      { value: '25.99', currency: 'EUR' },
    ]) {
      const { orderId, paypalId } = await newPayment();
      captureOverride.set(paypalId, wrong);
      approve(paypalId);
      const res = await back(paypalId);
      expect(res.text).toContain('could not be confirmed');
      expect(await state(orderId)).toEqual({ status: 0, ledger: 0, history: 0 });
    }
  });

  it('a token that is not the PayPal order recorded for a payment is never captured', async () => {
    // Someone else's PayPal order naming our payment as custom_id (a cheaper amount, approved).
    const { orderId, payment, paypalId } = await newPayment();
    const forged = `PPX${payment.payment_id}`;
    orders.set(forged, {
      id: forged,
      paymentId: payment.payment_id,
      value: '0.01',
      currency: 'USD',
      status: 'APPROVED',
      payee: 'ATTACKER',
    });
    const res = await back(forged);
    expect(res.text).toContain('could not be confirmed');
    expect(captureCalls.filter((c) => c.orderId === forged)).toEqual([]);
    expect(orders.get(forged)!.status).toBe('APPROVED');
    expect(await state(orderId)).toEqual({ status: 0, ledger: 0, history: 0 });
    // The recorded order still pays as usual.
    approve(paypalId);
    expect((await back(paypalId)).text).toContain('Payment received');
    expect(await state(orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
  });

  it("checks PayPal's copy of the order (amount, currency, payee) before capturing", async () => {
    const tampered = await newPayment();
    orders.get(tampered.paypalId)!.value = '0.99';
    approve(tampered.paypalId);
    expect((await back(tampered.paypalId)).text).toContain('could not be confirmed');
    expect(captureCalls.filter((c) => c.orderId === tampered.paypalId)).toEqual([]);
    expect(await state(tampered.orderId)).toEqual({ status: 0, ledger: 0, history: 0 });

    const saved = await t.api.post(
      '/system/api/plugin/pay/config',
      { paypal_merchant_id: 'SHOPMERCHANT1' },
      { admin: admin.token },
    );
    expect(saved.body.data.paypal_merchant_id).toBe('SHOPMERCHANT1');
    const foreign = await newPayment();
    orders.get(foreign.paypalId)!.payee = 'SOMEONEELSE';
    approve(foreign.paypalId);
    expect((await back(foreign.paypalId)).text).toContain('could not be confirmed');
    expect(captureCalls.filter((c) => c.orderId === foreign.paypalId)).toEqual([]);
    const ours = await newPayment();
    approve(ours.paypalId);
    expect((await back(ours.paypalId)).text).toContain('Payment received');
    expect(await state(ours.orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
    await t.api.post(
      '/system/api/plugin/pay/config',
      { paypal_merchant_id: '' },
      { admin: admin.token },
    );
  });

  it('an approved order whose order no longer waits is captured neither on return nor by reconciliation', async () => {
    const cancelled = await newPayment();
    approve(cancelled.paypalId);
    const cancel = await t.api.post(
      '/api/order/cancel',
      { order_id: cancelled.orderId },
      { token: buyer.token },
    );
    expect(cancel.body.code).toBe(0);
    const res = await back(cancelled.paypalId);
    expect(res.text).toContain('Payment cancelled');
    const run = await t.app.get(OrderJobsService).runOnce(new Date(Date.now() + 6 * 60_000));
    expect(
      run.payments.reconciled.filter((r) => r.startsWith(cancelled.payment.payment_id)),
    ).toEqual([]);
    expect(captureCalls.filter((c) => c.orderId === cancelled.paypalId)).toEqual([]);
    expect(orders.get(cancelled.paypalId)!.status).toBe('APPROVED');
    const [refunds] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM gateway_refunds WHERE order_id = $1`,
      [cancelled.orderId],
    );
    expect(refunds.n).toBe(0);
  });

  it('a return before approval, or a bad token, changes nothing', async () => {
    const { orderId, paypalId } = await newPayment();
    const early = await back(paypalId);
    expect(early.status).toBe(200);
    expect(early.text).toContain('being confirmed');
    expect(await state(orderId)).toEqual({ status: 0, ledger: 0, history: 0 });
    const bad = await t.api.get('/return/paypal/pay', { query: { token: "x'; DROP" } });
    expect(bad.body.code).toBe(-1);
    const missing = await t.api.get('/return/paypal/pay');
    expect(missing.body.code).toBe(-1);
  });

  it('cancel return: nothing changes; with a return page configured the buyer is redirected', async () => {
    const { orderId, paypalId } = await newPayment();
    const plain = await t.api.get('/return/paypal/cancel', { query: { token: paypalId } });
    expect(plain.text).toContain('Payment cancelled');
    const saved = await t.api.post(
      '/system/api/plugin/pay/config',
      { paypal_return_url: 'https://shop.example.com/pay/result' },
      { admin: admin.token },
    );
    expect(saved.body.code).toBe(0);
    const res = await fetch(`${t.api.baseUrl}/return/paypal/cancel?token=${paypalId}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `https://shop.example.com/pay/result?order_id=${orderId}&status=cancelled`,
    );
    expect(await state(orderId)).toEqual({ status: 0, ledger: 0, history: 0 });
    await t.api.post(
      '/system/api/plugin/pay/config',
      { paypal_return_url: '' },
      { admin: admin.token },
    );
  });

  it('refund: the job survives a failing first call and refunds once with one request id', async () => {
    const { orderId, payment, paypalId } = await newPayment();
    approve(paypalId);
    await back(paypalId);
    expect(await state(orderId)).toMatchObject({ status: 1 });
    const refunds: { key: string; body: any }[] = [];
    nock(PAYPAL)
      .post(`/v2/payments/captures/CAP${payment.payment_id}/refund`)
      .times(5)
      .reply(function (_uri, body) {
        refunds.push({ key: String(this.req.headers['paypal-request-id']), body });
        return refunds.length === 1
          ? [500, { name: 'INTERNAL_SERVER_ERROR' }]
          : [201, { id: '1JU08902781691411', status: 'COMPLETED' }];
      });
    await approveRefundThenRetryOnce(t, admin.token, orderId, payment.payment_id, () => refunds);
    expect(refunds.map((r) => r.key)).toEqual([`R${payment.payment_id}`, `R${payment.payment_id}`]);
    expect(refunds[1].body).toMatchObject({ amount: { currency_code: 'USD', value: '25.99' } });
  });

  it('reconciliation captures and settles an approved order the buyer never returned from', async () => {
    const { orderId, payment, paypalId } = await newPayment();
    approve(paypalId);
    const run = await t.app.get(OrderJobsService).runOnce(new Date(Date.now() + 6 * 60_000));
    expect(run.payments.reconciled).toContain(`${payment.payment_id}:settled`);
    expect(await state(orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
    // The buyer comes back afterwards: still one payment.
    expect((await back(paypalId)).text).toContain('Payment received');
    expect(await state(orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
  });

  it('one PayPal client per configuration: one OAuth token for many calls', async () => {
    const before = tokenCalls;
    for (let i = 0; i < 3; i++) {
      const { orderId, paypalId } = await newPayment();
      approve(paypalId);
      expect((await back(paypalId)).text).toContain('Payment received');
      expect(await state(orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
    }
    expect(tokenCalls).toBe(before);
  });

  // Last: it spends this minute's allowance of the test client's address.
  it(`the public return routes are throttled (${RETURN_REQUESTS_PER_MINUTE} a minute per address)`, async () => {
    const answers = [];
    for (let i = 0; i <= RETURN_REQUESTS_PER_MINUTE; i++)
      answers.push(await t.api.get('/return/paypal/pay', { query: { token: `PPNONE${i}` } }));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].body).toMatchObject({ code: -1 });
    expect(refused[0].body.msg).toContain('Too many requests');
  });
});
