import nock from 'nock';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import { createAdmin, registerCustomer, TestCustomer } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { WechatPayFake } from '../factories/wechat-pay.fake.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

/** WeChat's RFC 3339 in Beijing time. */
const beijing = (date: Date) =>
  `${new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;

/**
 * Payments expire and are closed at the gateway (WeChat Pay API v3, real signatures, HTTP
 * intercepted): the expiry goes with every payment, and a payment cancelled — order cancelled,
 * closed, or another way of paying chosen — is closed at WeChat by the payment jobs, after the
 * cancelling transaction committed.
 */
describe('Payment expiry and closing at the gateway (e2e)', () => {
  let t: TestApp;
  let buyer: TestCustomer;
  let wechat: WechatPayFake;
  let goodsId: number;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    t = await startTestApp({
      PUBLIC_URL: 'https://shop.example.com',
      ORDER_AUTO_CLOSE_MINUTES: '45',
    });
    const admin = await createAdmin(t);
    buyer = await registerCustomer(t.api);
    wechat = new WechatPayFake();
    wechat.on('POST', '/v3/pay/transactions/jsapi', () => [200, { prepay_id: 'wx2014' }]);
    wechat.on('POST', '/v3/pay/transactions/native', () => [
      200,
      { code_url: 'weixin://wxpay/bizpayurl/up?pr=NwY5Mz9' },
    ]);
    // WeChat answers 204 with no body; the fake always sends a signed JSON body, so {} here.
    wechat.on('POST', /^\/v3\/pay\/transactions\/out-trade-no\/\d+\/close$/, () => [200, {}]);
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

  const pay = (orderId: string, payWay: string) =>
    t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: payWay, openid: OPENID },
      { token: buyer.token },
    );
  const closeCalls = (paymentId: string) =>
    wechat.requests.filter(
      (r) => r.path === `/v3/pay/transactions/out-trade-no/${paymentId}/close`,
    );
  const closeTime = async (paymentId: string) =>
    (
      await t.dataSource.query('SELECT close_time, status FROM payments WHERE payment_id = $1', [
        paymentId,
      ])
    )[0];

  it('sends time_expire = the order’s auto-close time with every payment', async () => {
    const { order_id: orderId } = await placeOrder(t.api, buyer, {
      goods_id: goodsId,
      quantity: 1,
    });
    const paid = await pay(orderId, 'weapp');
    expect(paid.body.code).toBe(0);
    const sent = wechat.requests.find(
      (r) =>
        r.path === '/v3/pay/transactions/jsapi' &&
        r.body.out_trade_no === paid.body.data.payment_id,
    )!;
    const [order] = await t.dataSource.query(
      'SELECT created_time FROM orders WHERE order_id = $1',
      [orderId],
    );
    expect(sent.body.time_expire).toBe(
      beijing(new Date(new Date(order.created_time).getTime() + 45 * 60_000)),
    );
  });

  it('a cancelled order’s payment is closed at WeChat after commit, once', async () => {
    const { order_id: orderId } = await placeOrder(t.api, buyer, {
      goods_id: goodsId,
      quantity: 1,
    });
    const { payment_id: paymentId } = (await pay(orderId, 'weapp')).body.data;
    const cancel = await t.api.post(
      '/api/order/cancel',
      { order_id: orderId },
      { token: buyer.token },
    );
    expect(cancel.body.code).toBe(0);
    expect(closeCalls(paymentId)).toEqual([]); // nothing remote inside the cancel
    expect((await closeTime(paymentId)).close_time).not.toBeNull();
    const run = await t.app.get(OrderJobsService).runOnce(new Date(Date.now() + 60_000));
    expect(run.payments.closed).toContain(paymentId);
    expect(closeCalls(paymentId).map((c) => c.body)).toEqual([{ mchid: wechat.mchId }]);
    expect(await closeTime(paymentId)).toEqual({ close_time: null, status: -1 });
    await t.app.get(OrderJobsService).runOnce(new Date(Date.now() + 3_600_000));
    expect(closeCalls(paymentId)).toHaveLength(1);
  });

  it('switching the way of paying closes the payment left behind', async () => {
    const { order_id: orderId } = await placeOrder(t.api, buyer, {
      goods_id: goodsId,
      quantity: 1,
    });
    const first = (await pay(orderId, 'weapp')).body.data.payment_id;
    const second = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'wechat' },
      { token: buyer.token },
    );
    expect(second.body.data.payment_id).not.toBe(first);
    await t.app.get(OrderJobsService).runOnce(new Date(Date.now() + 60_000));
    expect(closeCalls(first)).toHaveLength(1);
    expect(closeCalls(second.body.data.payment_id)).toEqual([]);
  });
});
