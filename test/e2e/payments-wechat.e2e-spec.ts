import nock from 'nock';
import { createVerify } from 'node:crypto';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { WechatPayFake } from '../factories/wechat-pay.fake.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';
import { holdingLock, lockWaiters } from '../support/row-lock.js';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

describe('WeChat Pay API v3: weapp, Native, JSAPI, notifications, refunds, reconciliation (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let buyer: TestCustomer;
  let wechat: WechatPayFake;
  let goodsId: number;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    t = await startTestApp({ PUBLIC_URL: 'https://shop.example.com' });
    admin = await createAdmin(t);
    buyer = await registerCustomer(t.api);
    wechat = new WechatPayFake();
    wechat.on('POST', '/v3/pay/transactions/jsapi', () => [
      200,
      { prepay_id: 'wx201410272009395522657a690389285100' },
    ]);
    wechat.on('POST', '/v3/pay/transactions/native', () => [
      200,
      { code_url: 'weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=00' },
    ]);
    const saved = await t.api.post('/system/api/plugin/pay/config', wechat.settings(), {
      admin: admin.token,
    });
    expect(saved.body.code).toBe(0);
    goodsId = (await createGoods(t.api, admin.token, { price: 9900, stock: 1000 })).id;
  });
  afterAll(async () => {
    wechat.done();
    nock.enableNetConnect();
    await t.close();
  });

  const newOrder = async (): Promise<string> =>
    (await placeOrder(t.api, buyer, { goods_id: goodsId, quantity: 1 })).order_id;
  const pay = (orderId: string, payWay: string, extra: Record<string, unknown> = {}) =>
    t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: payWay, ...extra },
      { token: buyer.token },
    );
  const notify = (n: { body: string; headers: Record<string, string> }) =>
    t.api.postRaw('/notify/wechat/pay', n.body, { headers: n.headers });
  const orderRow = async (orderId: string) =>
    (
      await t.dataSource.query(
        'SELECT status, paid_time, payment_id FROM orders WHERE order_id = $1',
        [orderId],
      )
    )[0];
  const counts = async (orderId: string) =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM gateway_transactions WHERE order_id = $1) AS ledger,
                (SELECT count(*)::int FROM order_history WHERE order_id = $1 AND action = 'pay') AS history,
                (SELECT count(*)::int FROM payments WHERE order_id = $1 AND status = 1) AS paid,
                (SELECT count(*)::int FROM order_commissions WHERE order_id = $1) AS commissions`,
        [orderId],
      )
    )[0];
  const weappPayment = async () => {
    const orderId = await newOrder();
    const res = await pay(orderId, 'weapp', { openid: OPENID });
    expect(res.body.code).toBe(0);
    return { orderId, payment: res.body.data };
  };
  const paidNotification = (payment: { payment_id: string; amount: number }, overrides = {}) =>
    wechat.notification(
      'TRANSACTION.SUCCESS',
      wechat.transaction(payment, wechat.weappId, overrides),
    );

  it('keeps private keys and secrets write-only and says what is configured', async () => {
    const res = await t.api.get('/system/api/plugin/pay/config', { admin: admin.token });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({
      wechat_mch_id: wechat.mchId,
      wechat_private_key: '',
      has_wechat_private_key: true,
      wechat_api_v3_key: '',
      has_wechat_api_v3_key: true,
      wechat_open: true,
    });
    expect(res.text).not.toContain('PRIVATE KEY');
    expect(res.text).not.toContain(wechat.apiV3Key);
    const gateways = Object.fromEntries(res.body.data.gateways.map((g: any) => [g.gateway, g]));
    expect(gateways.wechat).toMatchObject({
      configured: true,
      missing: [],
      currency: 'CNY',
      notify_url: 'https://shop.example.com/notify/wechat/pay',
    });
    expect(gateways.alipay.configured).toBe(false);
    // An echo of the blank secret keeps it; a bad key is refused naming the field.
    const echo = await t.api.post(
      '/system/api/plugin/pay/config',
      { wechat_private_key: '' },
      { admin: admin.token },
    );
    expect(echo.body.data.has_wechat_private_key).toBe(true);
    const bad = await t.api.post(
      '/system/api/plugin/pay/config',
      { wechat_private_key: 'nope' },
      { admin: admin.token },
    );
    expect(bad.body).toMatchObject({ code: -1, error: 'ORDER.INVALID_PAYMENT_SETTING' });
    expect(bad.body.msg).toContain('wechat_private_key');
  });

  it('answers an unconfigured gateway with -1 naming it', async () => {
    const orderId = await newOrder();
    const res = await pay(orderId, 'alipay');
    expect(res.body).toMatchObject({ code: -1, error: 'ORDER.GATEWAY_NOT_CONFIGURED' });
    expect(res.body.msg).toContain('Alipay');
    expect(res.body.msg).toContain('alipay_app_id');
    expect((await orderRow(orderId)).payment_id).toBe('');
    // Its notification URL refuses anything (nothing to verify with) instead of failing.
    const stray = await t.api.postRaw('/notify/alipay/pay', 'out_trade_no=1&sign=x', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect({ status: stray.status, text: stray.text }).toEqual({ status: 200, text: 'fail' });
    const strayStripe = await t.api.postRaw('/notify/stripe/pay', '{}');
    expect(strayStripe.status).toBe(400);
  });

  it('weapp: answers the five wx.requestPayment fields, signed with the merchant key; reuses the pending payment', async () => {
    const { orderId, payment } = await weappPayment();
    expect(payment).toMatchObject({
      pay_way: 'weapp',
      order_id: orderId,
      amount: 9900,
      currency: 'CNY',
      status: 0,
    });
    expect(payment.package).toBe('prepay_id=wx201410272009395522657a690389285100');
    expect(payment.signType).toBe('RSA');
    expect(payment.timeStamp).toMatch(/^\d{10}$/);
    expect(payment.nonceStr).toMatch(/^\w{16,32}$/);
    const message = `${wechat.weappId}\n${payment.timeStamp}\n${payment.nonceStr}\n${payment.package}\n`;
    expect(
      createVerify('RSA-SHA256')
        .update(message)
        .verify(wechat.merchantPublicPem(), Buffer.from(payment.paySign, 'base64')),
    ).toBe(true);
    const sent = wechat.requests.filter((r) => r.body?.out_trade_no === payment.payment_id);
    expect(sent[0].body).toMatchObject({
      appid: wechat.weappId,
      mchid: wechat.mchId,
      notify_url: 'https://shop.example.com/notify/wechat/pay',
      amount: { total: 9900, currency: 'CNY' },
      payer: { openid: OPENID },
    });
    const again = await pay(orderId, 'weapp', { openid: OPENID });
    expect(again.body.data.payment_id).toBe(payment.payment_id);
    const missingOpenid = await pay(orderId, 'weapp');
    expect(missingOpenid.body).toMatchObject({ code: -1, error: 'ORDER.OPENID_REQUIRED' });
  });

  it('wechat: Native answers code_url as a PNG QR code (and the link); with openid JSAPI fields with appId', async () => {
    const native = await pay(await newOrder(), 'wechat');
    expect(native.body.code).toBe(0);
    expect(native.body.data.code_url).toMatch(/^data:image\/png;base64,/);
    expect(native.body.data.code_link).toBe('weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=00');
    const jsapi = await pay(await newOrder(), 'wechat', { openid: OPENID });
    expect(jsapi.body.data).toMatchObject({ appId: wechat.appId, signType: 'RSA' });
    expect(jsapi.body.data.package).toMatch(/^prepay_id=/);
  });

  it('a signed notification pays the order once: one transition, one ledger row, one history row', async () => {
    const { orderId, payment } = await weappPayment();
    const n = paidNotification(payment);
    for (let i = 0; i < 10; i++) expect((await notify(n)).status).toBe(204);
    expect(await orderRow(orderId)).toMatchObject({ status: 1, payment_id: payment.payment_id });
    expect(await counts(orderId)).toMatchObject({ ledger: 1, history: 1, paid: 1 });
    const check = await t.api.get('/api/payment/check', {
      token: buyer.token,
      query: { order_id: orderId },
    });
    expect(check.body.data).toMatchObject({ paid: true, status: 1 });
  });

  itRaces('20 concurrent copies of one notification pay once', async () => {
    const { orderId, payment } = await weappPayment();
    const n = paidNotification(payment);
    const answers = await Promise.all(Array.from({ length: 20 }, () => notify(n)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
    expect((await orderRow(orderId)).status).toBe(1);
    expect(await counts(orderId)).toMatchObject({ ledger: 1, history: 1, paid: 1 });
  });

  it('tampered signature, wrong key, wrong amount, currency, app id or merchant, stale timestamp: nothing changes', async () => {
    const { orderId, payment } = await weappPayment();
    const good = paidNotification(payment);
    const tampered = {
      body: good.body.replace('"summary":"支付成功"', '"summary":"x"'),
      headers: good.headers,
    };
    const badSig = {
      body: good.body,
      headers: {
        ...good.headers,
        'wechatpay-signature': good.headers['wechatpay-signature'].replace(/^./, (c) =>
          c === 'A' ? 'B' : 'A',
        ),
      },
    };
    const rejected = [
      tampered,
      badSig,
      { body: good.body, headers: { ...good.headers, 'wechatpay-serial': 'OTHER' } },
      wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(payment, wechat.weappId), {
        key: 'k'.repeat(32),
      }),
      wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(payment, wechat.weappId), {
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      }),
      paidNotification(payment, { amount: { total: 1, payer_total: 1, currency: 'CNY' } }),
      paidNotification(payment, { amount: { total: 9900, payer_total: 9900, currency: 'USD' } }),
      paidNotification(payment, { appid: wechat.appId }),
      paidNotification(payment, { mchid: '1900000999' }),
    ];
    for (const n of rejected) {
      const res = await notify(n);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ code: 'FAIL' });
    }
    // A signed notification for a payment that is not ours: acknowledged (WeChat would retry for
    // days otherwise), logged, nothing changes.
    const foreign = await notify(paidNotification(payment, { out_trade_no: '209912312359590001' }));
    expect(foreign.status).toBe(204);
    expect((await orderRow(orderId)).status).toBe(0);
    expect(await counts(orderId)).toMatchObject({ ledger: 0, history: 0, paid: 0 });
    expect((await notify(good)).status).toBe(204);
    expect((await orderRow(orderId)).status).toBe(1);
  });

  it('a payment arriving after the buyer cancelled is recorded and refunded once, through the job', async () => {
    const { orderId, payment } = await weappPayment();
    const cancel = await t.api.post(
      '/api/order/cancel',
      { order_id: orderId },
      { token: buyer.token },
    );
    expect(cancel.body.code).toBe(0);
    const n = paidNotification(payment);
    expect((await notify(n)).status).toBe(204);
    expect((await notify(n)).status).toBe(204);
    expect((await orderRow(orderId)).status).toBe(-1);
    const [row] = await t.dataSource.query(
      'SELECT status, terrace_id FROM payments WHERE payment_id = $1',
      [payment.payment_id],
    );
    expect(row.status).toBe(2);
    const refunds = await t.dataSource.query('SELECT * FROM gateway_refunds WHERE order_id = $1', [
      orderId,
    ]);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({
      reason: 'late_payment',
      status: 0,
      amount: '9900',
      terrace_id: row.terrace_id,
    });
  });

  itRaces(
    'a notification racing the buyer’s cancel ends as if serial, in both interleavings (queued on the order’s row lock)',
    async () => {
      const cancel = (orderId: string) =>
        t.api.post('/api/order/cancel', { order_id: orderId }, { token: buyer.token });
      const refundsOf = (orderId: string) =>
        t.dataSource.query('SELECT amount, reason FROM gateway_refunds WHERE order_id = $1', [
          orderId,
        ]);
      /**
       * Holds the order's row lock, sends `first` and waits until it is blocked on that lock,
       * then `second` likewise, then releases: PostgreSQL hands the lock over in queue order,
       * so the two meet in exactly this interleaving.
       */
      const queued = async <A, B>(
        orderId: string,
        first: () => Promise<A>,
        second: () => Promise<B>,
      ): Promise<[A, B]> => {
        let sent: [Promise<A>, Promise<B>] | undefined;
        await holdingLock(
          t.dataSource,
          (manager) =>
            manager.query('SELECT id FROM orders WHERE order_id = $1 FOR UPDATE', [orderId]),
          async () => {
            const a = first();
            expect(await lockWaiters(t.dataSource, 1)).toBe(1);
            const b = second();
            expect(await lockWaiters(t.dataSource, 2)).toBe(2);
            sent = [a, b];
          },
          () => Promise.resolve(),
        );
        return Promise.all(sent!);
      };

      // The buyer's cancel takes the lock first: the money arriving after it goes back.
      const early = await weappPayment();
      const [cancelled, lateAnswer] = await queued(
        early.orderId,
        () => cancel(early.orderId),
        () => notify(paidNotification(early.payment)),
      );
      expect(cancelled.body.code).toBe(0);
      expect(lateAnswer.status).toBe(204);
      expect((await orderRow(early.orderId)).status).toBe(-1);
      expect(await refundsOf(early.orderId)).toEqual([{ amount: '9900', reason: 'late_payment' }]);
      expect(await counts(early.orderId)).toMatchObject({ ledger: 1, history: 0, paid: 0 });

      // The notification takes the lock first: the order is paid and the cancel is refused.
      const late = await weappPayment();
      const [paidAnswer, refused] = await queued(
        late.orderId,
        () => notify(paidNotification(late.payment)),
        () => cancel(late.orderId),
      );
      expect(paidAnswer.status).toBe(204);
      expect(refused.body).toMatchObject({ code: -1, error: 'ORDER.INVALID_TRANSITION' });
      expect((await orderRow(late.orderId)).status).toBe(1);
      expect(await refundsOf(late.orderId)).toEqual([]);
      expect(await counts(late.orderId)).toMatchObject({ ledger: 1, history: 1, paid: 1 });
    },
  );

  it('an approved refund makes no gateway call in the transaction; the job survives a failing first call and refunds once', async () => {
    const { orderId, payment } = await weappPayment();
    expect((await notify(paidNotification(payment))).status).toBe(204);
    await t.api.post(
      '/api/order/refund',
      { order_id: orderId, reason: 'too small' },
      { token: buyer.token },
    );
    const before = wechat.requests.length;
    const approved = await t.api.post(
      '/system/api/plugin/order/refund',
      { order_id: orderId, status: 1 },
      { admin: admin.token },
    );
    expect(approved.body.code).toBe(0);
    expect(approved.body.data.status).toBe(9);
    expect(wechat.requests.length).toBe(before); // nothing sent yet
    const [pending] = await t.dataSource.query(
      'SELECT * FROM gateway_refunds WHERE order_id = $1',
      [orderId],
    );
    expect(pending).toMatchObject({
      status: 0,
      reason: 'order_refund',
      out_refund_no: `R${payment.payment_id}`,
    });

    // The first call for each refund fails (a crash or timeout between commit and gateway).
    const seen = new Set<string>();
    wechat.on('POST', '/v3/refund/domestic/refunds', (body) => {
      if (!seen.has(body.out_refund_no)) {
        seen.add(body.out_refund_no);
        return [500, { code: 'SYSTEM_ERROR', message: 'busy' }];
      }
      return [
        200,
        {
          refund_id: '50000000382019052709732678859',
          out_refund_no: body.out_refund_no,
          status: 'SUCCESS',
        },
      ];
    });
    const jobs = t.app.get(OrderJobsService);
    const first = await jobs.runOnce(new Date());
    expect(first.payments.failed).toContain(pending.out_refund_no);
    const [afterFailure] = await t.dataSource.query(
      'SELECT status, attempts, last_error FROM gateway_refunds WHERE id = $1',
      [pending.id],
    );
    expect(afterFailure).toMatchObject({ status: 0, attempts: 1 });
    expect(afterFailure.last_error).toContain('SYSTEM_ERROR');
    // Not due again before its backoff.
    expect((await jobs.runOnce(new Date())).payments.refunds_sent).not.toContain(
      pending.out_refund_no,
    );
    const second = await jobs.runOnce(new Date(Date.now() + 3_600_000));
    expect(second.payments.refunds_sent).toContain(pending.out_refund_no);
    expect((await jobs.runOnce(new Date(Date.now() + 7_200_000))).payments.refunds_sent).toEqual(
      [],
    );
    const calls = wechat.requests.filter(
      (r) => r.path === '/v3/refund/domestic/refunds' && r.body.out_trade_no === payment.payment_id,
    );
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.body.out_refund_no)).toEqual([
      pending.out_refund_no,
      pending.out_refund_no,
    ]);
    expect(calls[1].body.amount).toEqual({ refund: 9900, total: 9900, currency: 'CNY' });
    const [done] = await t.dataSource.query(
      'SELECT status, gateway_refund_id FROM gateway_refunds WHERE id = $1',
      [pending.id],
    );
    expect(done).toEqual({ status: 2, gateway_refund_id: '50000000382019052709732678859' });
    // The refund notification that follows is acknowledged and changes nothing more.
    const refundNote = wechat.notification('REFUND.SUCCESS', {
      mchid: wechat.mchId,
      out_trade_no: payment.payment_id,
      out_refund_no: pending.out_refund_no,
      refund_id: '50000000382019052709732678859',
      refund_status: 'SUCCESS',
      amount: { total: 9900, refund: 9900, payer_total: 9900, payer_refund: 9900 },
    });
    expect((await notify(refundNote)).status).toBe(204);
  });

  it('reconciliation settles a payment whose notification never came', async () => {
    const { orderId, payment } = await weappPayment();
    const transaction = wechat.transaction(payment, wechat.weappId);
    wechat.on(
      'GET',
      new RegExp(
        `^/v3/pay/transactions/out-trade-no/${payment.payment_id}\\?mchid=${wechat.mchId}$`,
      ),
      () => [200, transaction],
    );
    const jobs = t.app.get(OrderJobsService);
    expect((await jobs.runOnce(new Date())).payments.reconciled).toEqual([]); // not due yet
    const run = await jobs.runOnce(new Date(Date.now() + 6 * 60_000));
    expect(run.payments.reconciled).toContain(`${payment.payment_id}:settled`);
    expect(await orderRow(orderId)).toMatchObject({ status: 1 });
    expect(await counts(orderId)).toMatchObject({ ledger: 1, history: 1, paid: 1 });
    // The late notification is then a duplicate.
    expect((await notify(wechat.notification('TRANSACTION.SUCCESS', transaction))).status).toBe(
      204,
    );
    expect(await counts(orderId)).toMatchObject({ ledger: 1, history: 1 });
  });
});
