import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { AlipayFake } from '../factories/alipay.fake.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { gatewayPaymentState, openGatewayPayment } from '../factories/payments.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

describe('Alipay: page and wap pay, RSA2 notifications, refunds, reconciliation (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let buyer: TestCustomer;
  let alipay: AlipayFake;
  let goodsId: number;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://shop.example.com' });
    admin = await createAdmin(t);
    buyer = await registerCustomer(t.api);
    alipay = new AlipayFake();
    const saved = await t.api.post('/system/api/plugin/pay/config', alipay.settings(), {
      admin: admin.token,
    });
    expect(saved.body.code).toBe(0);
    expect(saved.text).not.toContain('PRIVATE KEY');
    goodsId = (await createGoods(t.api, admin.token, { price: 12345, stock: 1000 })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const newPayment = (payWay = 'alipay') => openGatewayPayment(t.api, buyer, goodsId, payWay);
  const notify = (form: string) =>
    t.api.postRaw('/notify/alipay/pay', form, {
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
  const state = (orderId: string) => gatewayPaymentState(t.dataSource, orderId);

  it.each([
    ['alipay', 'alipay.trade.page.pay', 'FAST_INSTANT_TRADE_PAY'],
    ['alipay_wap', 'alipay.trade.wap.pay', 'QUICK_WAP_WAY'],
  ])(
    '%s answers jump_url: the signed Alipay page for the payment',
    async (payWay, method, productCode) => {
      const { payment } = await newPayment(payWay);
      expect(payment).toMatchObject({ pay_way: payWay, amount: 12345, currency: 'CNY', status: 0 });
      const url = new URL(payment.jump_url);
      expect(url.origin + url.pathname).toBe('https://openapi.alipay.com/gateway.do');
      const params = Object.fromEntries(url.searchParams);
      expect(params).toMatchObject({
        method,
        app_id: alipay.appId,
        sign_type: 'RSA2',
        notify_url: 'https://shop.example.com/notify/alipay/pay',
      });
      expect(JSON.parse(params.biz_content)).toMatchObject({
        out_trade_no: payment.payment_id,
        total_amount: '123.45',
        product_code: productCode,
        // The order's auto-close time (30 min by default), in minutes from now.
        timeout_express: expect.stringMatching(/^(29|30)m$/),
      });
      expect(alipay.verifiesRequest(params)).toBe(true);
    },
  );

  it('refuses a currency other than CNY at save; one saved before is never charged as CNY', async () => {
    for (const currency of ['JPY', 'usd']) {
      const res = await t.api.post(
        '/system/api/plugin/pay/config',
        { alipay_currency: currency },
        { admin: admin.token },
      );
      expect(res.body).toMatchObject({ code: -1 });
      expect(res.body.msg).toContain('alipay_currency');
      expect(res.body.msg).toContain('CNY');
    }
    const view = await t.api.get('/system/api/plugin/pay/config', { admin: admin.token });
    expect(view.body.data.alipay_currency).not.toBe('JPY');
    // A row written before this check (or by hand): Alipay is then not usable, nothing opened.
    await t.dataSource.query(
      `UPDATE payment_gateway_settings SET settings = settings || '{"alipay_currency": "JPY"}' WHERE gateway = 'alipay'`,
    );
    const { order_id: orderId } = await placeOrder(t.api, buyer, {
      goods_id: goodsId,
      quantity: 1,
    });
    const refused = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'alipay' },
      { token: buyer.token },
    );
    expect(refused.body).toMatchObject({ code: -1 });
    expect(refused.body.msg).toContain('alipay_currency');
    const [opened] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM payments WHERE order_id = $1`,
      [orderId],
    );
    expect(opened.n).toBe(0);
    const fixed = await t.api.post(
      '/system/api/plugin/pay/config',
      { alipay_currency: 'cny' },
      { admin: admin.token },
    );
    expect(fixed.body.data.alipay_currency).toBe('CNY');
  });

  itRaces(
    'a signed notification pays once (10 deliveries, then 20 racing copies of another)',
    async () => {
      const first = await newPayment();
      const form = alipay.notification(first.payment);
      for (let i = 0; i < 10; i++) expect((await notify(form)).text).toBe('success');
      expect(await state(first.orderId)).toEqual({ status: 1, ledger: 1, history: 1 });

      const second = await newPayment();
      const copy = alipay.notification(second.payment);
      const answers = await Promise.all(Array.from({ length: 20 }, () => notify(copy)));
      expect(answers.map((a) => a.text)).toEqual(Array(20).fill('success'));
      expect(await state(second.orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
    },
  );

  it('tampered, wrong amount, wrong app id, wrong seller: `fail` and nothing changes', async () => {
    const { orderId, payment } = await newPayment();
    const good = alipay.notification(payment);
    const rejected = [
      good.replace('total_amount=123.45', 'total_amount=0.01'), // signature no longer holds
      good.replace(
        /sign=[^&]+/,
        'sign=' + encodeURIComponent(Buffer.alloc(256, 1).toString('base64')),
      ),
      alipay.notification(payment, { total_amount: '123.44' }),
      alipay.notification(payment, { app_id: '2021000000000999' }),
      alipay.notification(payment, { seller_id: '2088000000000000' }),
    ];
    for (const form of rejected) expect((await notify(form)).text).toBe('fail');
    expect(await state(orderId)).toEqual({ status: 0, ledger: 0, history: 0 });
    // A notification that is not a payment (e.g. WAIT_BUYER_PAY) is acknowledged and ignored.
    expect(
      (await notify(alipay.notification(payment, { trade_status: 'WAIT_BUYER_PAY' }))).text,
    ).toBe('success');
    expect((await notify(good)).text).toBe('success');
    expect((await state(orderId)).status).toBe(1);
  });

  it('an approved refund reaches Alipay once, after a failing first call, with one out_request_no', async () => {
    const { orderId, payment } = await newPayment();
    expect((await notify(alipay.notification(payment))).text).toBe('success');
    const refund = await t.api.post(
      '/system/api/plugin/order/refund/apply',
      { order_id: orderId, reason: 'damaged' },
      { admin: admin.token },
    );
    expect(refund.body.data.status).toBe(9);
    expect(alipay.calls).toEqual([]);
    alipay.on('alipay.trade.refund', (biz, count) =>
      count === 1
        ? [502, {}]
        : [
            200,
            {
              code: '10000',
              msg: 'Success',
              trade_no: '2026112322001',
              out_trade_no: biz.out_trade_no,
              refund_fee: biz.refund_amount,
              fund_change: 'Y',
            },
          ],
    );
    const jobs = t.app.get(OrderJobsService);
    const first = await alipay.intercept(() => jobs.runOnce(new Date()));
    expect(first.payments.failed).toEqual([`R${payment.payment_id}`]);
    const second = await alipay.intercept(() => jobs.runOnce(new Date(Date.now() + 3_600_000)));
    expect(second.payments.refunds_sent).toEqual([`R${payment.payment_id}`]);
    const third = await alipay.intercept(() => jobs.runOnce(new Date(Date.now() + 7_200_000)));
    expect(third.payments.refunds_sent).toEqual([]);
    const calls = alipay.calls.filter((c) => c.method === 'alipay.trade.refund');
    expect(calls.map((c) => c.bizContent)).toEqual([
      expect.objectContaining({
        out_trade_no: payment.payment_id,
        refund_amount: '123.45',
        out_request_no: `R${payment.payment_id}`,
      }),
      expect.objectContaining({
        out_trade_no: payment.payment_id,
        refund_amount: '123.45',
        out_request_no: `R${payment.payment_id}`,
      }),
    ]);
    const [row] = await t.dataSource.query(
      'SELECT status, attempts FROM gateway_refunds WHERE payment_id = $1',
      [payment.payment_id],
    );
    expect(row).toEqual({ status: 2, attempts: 2 });
  });

  it('reconciliation settles a trade whose notification never came', async () => {
    const { orderId, payment } = await newPayment();
    alipay.on('alipay.trade.query', (biz) =>
      biz.out_trade_no === payment.payment_id
        ? [
            200,
            {
              code: '10000',
              msg: 'Success',
              trade_no: '2026112322009999',
              out_trade_no: biz.out_trade_no,
              trade_status: 'TRADE_SUCCESS',
              total_amount: '123.45',
            },
          ]
        : [
            200,
            {
              code: '40004',
              msg: 'Business Failed',
              sub_code: 'ACQ.TRADE_NOT_EXIST',
              sub_msg: '交易不存在',
            },
          ],
    );
    const jobs = t.app.get(OrderJobsService);
    const run = await alipay.intercept(() => jobs.runOnce(new Date(Date.now() + 6 * 60_000)));
    expect(run.payments.reconciled).toContain(`${payment.payment_id}:settled`);
    expect(await state(orderId)).toEqual({ status: 1, ledger: 1, history: 1 });
  });
});
