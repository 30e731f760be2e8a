import nock from 'nock';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import { createAdmin, registerCustomer } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { placeOrder, walk } from '../factories/orders.factory.js';
import { WechatPayFake } from '../factories/wechat-pay.fake.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

/**
 * After-sales refunds of a WeChat Pay payment: each part is its own refund at WeChat (its own
 * out_refund_no, `amount.refund` the part, `amount.total` the payment), sent by the refund job
 * after commit, confirmed by WeChat's refund notification (real signatures and AES-GCM).
 */
describe('after-sales refunds through WeChat Pay (e2e)', () => {
  let t: TestApp;
  let wechat: WechatPayFake;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    t = await startTestApp({ PUBLIC_URL: 'https://shop.example.com' });
    wechat = new WechatPayFake();
    wechat.on('POST', '/v3/pay/transactions/jsapi', () => [
      200,
      { prepay_id: 'wx201410272009395522657a690389285100' },
    ]);
    // Accepted, confirmed later by the refund notification.
    wechat.on('POST', '/v3/refund/domestic/refunds', (body) => [
      200,
      {
        refund_id: `5000${body.out_refund_no}`,
        out_refund_no: body.out_refund_no,
        status: 'PROCESSING',
      },
    ]);
  });
  afterAll(async () => {
    wechat.done();
    nock.enableNetConnect();
    await t.close();
  });

  it('sends each part with the payment total, and the refund notification confirms it', async () => {
    const admin = await createAdmin(t);
    const saved = await t.api.post('/system/api/plugin/pay/config', wechat.settings(), {
      admin: admin.token,
    });
    expect(saved.body.code).toBe(0);
    const buyer = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, { price: 9900, stock: 10 });
    const { order_id: orderId } = await placeOrder(t.api, buyer, { goods_id: goods.id });
    const paying = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'weapp', openid: OPENID },
      { token: buyer.token },
    );
    const payment = paying.body.data;
    const paid = wechat.notification(
      'TRANSACTION.SUCCESS',
      wechat.transaction(payment, wechat.weappId),
    );
    const notify = (n: { body: string; headers: Record<string, string> }) =>
      t.api.postRaw('/notify/wechat/pay', n.body, { headers: n.headers });
    expect((await notify(paid)).status).toBe(204);
    const actors = { api: t.api, buyer, adminToken: admin.token };
    await walk(actors, orderId, ['deliver', 'finish']);

    const asked = await t.api.post(
      '/api/order/refund',
      { order_id: orderId, refund_amount: 2500, reason: 'one of them broken' },
      { token: buyer.token },
    );
    expect(asked.body.code).toBe(0);
    const first = await t.api.post(
      '/system/api/plugin/order/refund',
      { order_id: orderId, status: 1 },
      { admin: admin.token },
    );
    expect(first.body.data).toMatchObject({ status: 3, refunded_amount: 2500 });
    const second = await t.api.post(
      '/system/api/plugin/order/refund/apply',
      { order_id: orderId, refund_amount: 7400 },
      { admin: admin.token },
    );
    expect(second.body.data).toMatchObject({ status: 9, refund_status: 1, refunded_amount: 9900 });
    const numbers: string[] = second.body.data.refunds.map((r: any) => `AS${r.refund_no}`);
    const refundCalls = () =>
      wechat.requests.filter(
        (r) =>
          r.path === '/v3/refund/domestic/refunds' && r.body.out_trade_no === payment.payment_id,
      );
    expect(refundCalls()).toEqual([]);

    const run = await t.app.get(OrderJobsService).runOnce(new Date());
    expect([...run.payments.refunds_sent].sort()).toEqual([...numbers].sort());
    expect(
      refundCalls()
        .map((c) => [c.body.out_refund_no, c.body.amount])
        .sort(),
    ).toEqual(
      [
        [numbers[0], { refund: 2500, total: 9900, currency: 'CNY' }],
        [numbers[1], { refund: 7400, total: 9900, currency: 'CNY' }],
      ].sort(),
    );
    const rows = () =>
      t.dataSource.query(
        `SELECT out_refund_no, amount::int AS amount, status FROM gateway_refunds
          WHERE order_id = $1 ORDER BY id`,
        [orderId],
      );
    expect(await rows()).toEqual([
      { out_refund_no: numbers[0], amount: 2500, status: 1 },
      { out_refund_no: numbers[1], amount: 7400, status: 1 },
    ]);

    // WeChat confirms the first part: only that row moves, with one payment.refunded event.
    const confirmed = wechat.notification('REFUND.SUCCESS', {
      mchid: wechat.mchId,
      out_trade_no: payment.payment_id,
      out_refund_no: numbers[0],
      refund_id: `5000${numbers[0]}`,
      refund_status: 'SUCCESS',
      amount: { total: 9900, refund: 2500, payer_total: 9900, payer_refund: 2500 },
    });
    for (let i = 0; i < 3; i++) expect((await notify(confirmed)).status).toBe(204);
    expect(await rows()).toEqual([
      { out_refund_no: numbers[0], amount: 2500, status: 2 },
      { out_refund_no: numbers[1], amount: 7400, status: 1 },
    ]);
    expect(
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM domain_events WHERE order_id = $1 AND type = 'payment.refunded'`,
        [orderId],
      ),
    ).toEqual([{ n: 1 }]);
    expect(
      await t.dataSource.query('SELECT status FROM payments WHERE order_id = $1', [orderId]),
    ).toEqual([{ status: 2 }]);
  });
});
