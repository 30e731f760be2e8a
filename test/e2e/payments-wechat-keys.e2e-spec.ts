import nock from 'nock';
import { createAdmin, registerCustomer, TestCustomer } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { gatewayPaymentState } from '../factories/payments.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { WechatPayFake } from '../factories/wechat-pay.fake.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

/**
 * WeChat Pay's key migration (platform certificate → WeChat Pay public key): both keys verify,
 * each chosen by its serial, and every answer is checked for freshness as notifications are.
 * Real RSA signatures; HTTP intercepted.
 */
describe('WeChat Pay: two verification keys by serial, fresh answers only (e2e)', () => {
  let t: TestApp;
  let buyer: TestCustomer;
  let wechat: WechatPayFake;
  let goodsId: number;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    t = await startTestApp({ PUBLIC_URL: 'https://shop.example.com' });
    const admin = await createAdmin(t);
    buyer = await registerCustomer(t.api);
    wechat = new WechatPayFake();
    wechat.on('POST', '/v3/pay/transactions/jsapi', () => [200, { prepay_id: 'wx2014' }]);
    const saved = await t.api.post(
      '/system/api/plugin/pay/config',
      {
        ...wechat.settings(),
        wechat_platform_public_key_2: wechat.certificate.publicKey.export({
          type: 'spki',
          format: 'pem',
        }),
        wechat_platform_serial_2: wechat.certificateSerial,
      },
      { admin: admin.token },
    );
    expect(saved.body.code).toBe(0);
    expect(saved.body.data.wechat_platform_serial_2).toBe(wechat.certificateSerial);
    goodsId = (await createGoods(t.api, admin.token, { price: 9900, stock: 1000 })).id;
  });
  afterAll(async () => {
    wechat.done();
    nock.enableNetConnect();
    await t.close();
  });

  const open = async () => {
    const { order_id: orderId } = await placeOrder(t.api, buyer, {
      goods_id: goodsId,
      quantity: 1,
    });
    const res = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'weapp', openid: OPENID },
      { token: buyer.token },
    );
    return { orderId, res };
  };
  const notify = (n: { body: string; headers: Record<string, string> }) =>
    t.api.postRaw('/notify/wechat/pay', n.body, { headers: n.headers });
  const paid = (payment: { payment_id: string; amount: number }) =>
    wechat.notification('TRANSACTION.SUCCESS', wechat.transaction(payment, wechat.weappId));

  it('notifications signed with either key verify, each under its own serial', async () => {
    for (const signer of ['certificate', 'public-key'] as const) {
      wechat.signer = 'public-key';
      const { orderId, res } = await open();
      expect(res.body.code).toBe(0);
      wechat.signer = signer;
      expect((await notify(paid(res.body.data))).status).toBe(204);
      expect(await gatewayPaymentState(t.dataSource, orderId)).toMatchObject({ status: 1 });
    }
    // The certificate's signature under the public key's serial does not verify.
    wechat.signer = 'public-key';
    const { orderId, res } = await open();
    wechat.signer = 'certificate';
    const n = paid(res.body.data);
    const swapped = { ...n, headers: { ...n.headers, 'wechatpay-serial': wechat.platformSerial } };
    expect((await notify(swapped)).status).toBe(400);
    expect(await gatewayPaymentState(t.dataSource, orderId)).toMatchObject({ status: 0 });
    wechat.signer = 'public-key';
  });

  it('answers signed by the older key verify too; a stale answer is not believed', async () => {
    wechat.signer = 'certificate';
    const fresh = await open();
    expect(fresh.res.body.code).toBe(0);
    expect(fresh.res.body.data.package).toBe('prepay_id=wx2014');
    wechat.signer = 'public-key';
    wechat.answerAge = 600;
    try {
      const stale = await open();
      expect(stale.res.body).toMatchObject({ code: -1 });
      expect(stale.res.body.msg).toContain('the payment service refused');
      expect(stale.res.text).not.toContain('stale');
    } finally {
      wechat.answerAge = 0;
    }
  });
});
