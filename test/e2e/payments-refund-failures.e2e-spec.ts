import nock from 'nock';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import { MAX_REFUND_ATTEMPTS } from '../../src/payments/services/gateway-refund.service.js';
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

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const DAY = 86_400_000;

type RefundAnswer = [number, unknown];

/**
 * Refunds that fail (WeChat Pay API v3, real signatures, HTTP intercepted): a refusal ends
 * `failed` at once with `payment.failed`, a refund still processing is looked up (never created
 * again), failing calls stop after the attempt cap, and staff retry or record a refund made by
 * hand from the failed list.
 */
describe('Gateway refunds that fail: classification, lookup, attempt cap, staff list (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let buyer: TestCustomer;
  let wechat: WechatPayFake;
  let goodsId: number;
  /** How WeChat answers a refund create, per out_refund_no (default: 500 SYSTEM_ERROR). */
  const creates = new Map<string, () => RefundAnswer>();
  /** How WeChat answers a refund lookup (GET by out_refund_no). */
  let lookup: RefundAnswer = [404, { code: 'RESOURCE_NOT_EXISTS', message: 'no such refund' }];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    t = await startTestApp({ PUBLIC_URL: 'https://shop.example.com' });
    admin = await createAdmin(t);
    buyer = await registerCustomer(t.api);
    wechat = new WechatPayFake();
    wechat.on('POST', '/v3/pay/transactions/jsapi', () => [200, { prepay_id: 'wx2014' }]);
    wechat.on('POST', '/v3/refund/domestic/refunds', (body) =>
      (creates.get(body.out_refund_no) ?? (() => [500, { code: 'SYSTEM_ERROR', message: '?' }]))(),
    );
    wechat.on('GET', /^\/v3\/refund\/domestic\/refunds\/R\d+$/, () => lookup);
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

  /** A weapp payment, paid by a signed notification, with its refund approved by staff. */
  const refundedPayment = async () => {
    const { order_id: orderId } = await placeOrder(t.api, buyer, {
      goods_id: goodsId,
      quantity: 1,
    });
    const paid = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'weapp', openid: OPENID },
      { token: buyer.token },
    );
    const payment = paid.body.data;
    const note = wechat.notification(
      'TRANSACTION.SUCCESS',
      wechat.transaction(payment, wechat.weappId),
    );
    expect(
      (await t.api.postRaw('/notify/wechat/pay', note.body, { headers: note.headers })).status,
    ).toBe(204);
    const approved = await t.api.post(
      '/system/api/plugin/order/refund/apply',
      { order_id: orderId },
      { admin: admin.token },
    );
    expect(approved.body.data.status).toBe(9);
    return { orderId, outRefundNo: `R${payment.payment_id}` };
  };
  const row = async (outRefundNo: string) =>
    (
      await t.dataSource.query(
        'SELECT status, attempts, last_error FROM gateway_refunds WHERE out_refund_no = $1',
        [outRefundNo],
      )
    )[0];
  /** The refund's history rows, oldest first: action, who, from → to. */
  const history = async (outRefundNo: string) =>
    (
      await t.dataSource.query(
        `SELECT action, actor_kind, actor_id, from_status, to_status, note
           FROM gateway_refund_history WHERE out_refund_no = $1 ORDER BY id`,
        [outRefundNo],
      )
    ).map(
      (h: any) => `${h.action} by ${h.actor_kind}:${h.actor_id} ${h.from_status} -> ${h.to_status}`,
    );
  const events = async (orderId: string, type: string) =>
    (
      await t.dataSource.query(
        'SELECT count(*)::int AS n FROM domain_events WHERE order_id = $1 AND type = $2',
        [orderId, type],
      )
    )[0].n;
  const createCalls = (outRefundNo: string) =>
    wechat.requests.filter(
      (r) => r.path === '/v3/refund/domestic/refunds' && r.body.out_refund_no === outRefundNo,
    ).length;
  const jobs = () => t.app.get(OrderJobsService);
  const success = (outRefundNo: string): RefundAnswer => [
    200,
    { refund_id: `5000${outRefundNo.slice(1)}`, out_refund_no: outRefundNo, status: 'SUCCESS' },
  ];

  it('a refusal (NOT_ENOUGH) ends failed at once with payment.failed and is not sent again', async () => {
    const { orderId, outRefundNo } = await refundedPayment();
    creates.set(outRefundNo, () => [403, { code: 'NOT_ENOUGH', message: '基本账户余额不足' }]);
    expect((await jobs().runOnce(new Date())).payments.failed).toContain(outRefundNo);
    expect(await row(outRefundNo)).toMatchObject({ status: -1, attempts: 1 });
    expect((await row(outRefundNo)).last_error).toContain('NOT_ENOUGH');
    expect(await events(orderId, 'payment.failed')).toBe(1);
    await jobs().runOnce(new Date(Date.now() + 3 * DAY));
    expect(createCalls(outRefundNo)).toBe(1);

    const list = await t.api.get('/system/api/plugin/order/refunds', {
      query: { status: 'failed' },
      admin: admin.token,
    });
    expect(list.body.code).toBe(0);
    const listed = list.body.data.find((r: any) => r.out_refund_no === outRefundNo);
    expect(listed).toMatchObject({
      order_id: orderId,
      status: -1,
      status_name: 'failed',
      amount: 9900,
    });
    expect(listed.last_error).toContain('NOT_ENOUGH');
    expect(list.body.data.every((r: any) => r.status === -1)).toBe(true);

    // Staff top the account up and send it again: attempts start over, it goes through.
    const retried = await t.api.post(
      '/system/api/plugin/order/refunds/retry',
      { out_refund_no: outRefundNo },
      { admin: admin.token },
    );
    expect(retried.body.data).toMatchObject({ status: 0, attempts: 0 });
    creates.set(outRefundNo, () => success(outRefundNo));
    expect((await jobs().runOnce(new Date())).payments.refunds_sent).toContain(outRefundNo);
    expect(await row(outRefundNo)).toMatchObject({ status: 2 });
    expect(await events(orderId, 'payment.refunded')).toBe(1);
    // A refund that is not failed cannot be retried or settled by hand.
    const again = await t.api.post(
      '/system/api/plugin/order/refunds/retry',
      { out_refund_no: outRefundNo },
      { admin: admin.token },
    );
    expect(again.body).toMatchObject({ code: -1 });
    expect(again.body.msg).toContain('succeeded');
    // A history row per status change, the refused retry none.
    expect(await history(outRefundNo)).toEqual([
      `create by admin:${admin.id} null -> 0`,
      'fail by system:0 0 -> -1',
      `retry by admin:${admin.id} -1 -> 0`,
      'succeed by system:0 0 -> 2',
    ]);
    const [audit] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'gateway_refund.retry' AND entity_id = $1`,
      [outRefundNo],
    );
    expect(audit.n).toBe(1);
  });

  it('staff record a failed refund as refunded by hand (finance may, fulfilment may not)', async () => {
    const { orderId, outRefundNo } = await refundedPayment();
    creates.set(outRefundNo, () => [400, { code: 'PARAM_ERROR', message: 'bad account' }]);
    await jobs().runOnce(new Date());
    expect(await row(outRefundNo)).toMatchObject({ status: -1 });
    const fulfilment = await createAdmin(t, 'fulfilment');
    const refused = await t.api.post(
      '/system/api/plugin/order/refunds/by-hand',
      { out_refund_no: outRefundNo, note: 'bank transfer 88123' },
      { admin: fulfilment.token },
    );
    expect(refused.body.code).toBe(1002);
    const finance = await createAdmin(t, 'finance');
    const done = await t.api.post(
      '/system/api/plugin/order/refunds/by-hand',
      { out_refund_no: outRefundNo, note: 'bank transfer 88123' },
      { admin: finance.token },
    );
    expect(done.body.data).toMatchObject({
      status: 3,
      status_name: 'refunded_by_hand',
      note: 'bank transfer 88123',
    });
    expect(await events(orderId, 'payment.refunded')).toBe(1);
    expect((await history(outRefundNo)).slice(1)).toEqual([
      'fail by system:0 0 -> -1',
      `settle_by_hand by admin:${finance.id} -1 -> 3`,
    ]);
    const [byHand] = await t.dataSource.query(
      `SELECT note FROM gateway_refund_history WHERE out_refund_no = $1 AND action = 'settle_by_hand'`,
      [outRefundNo],
    );
    expect(byHand.note).toBe('bank transfer 88123');
    const missing = await t.api.post(
      '/system/api/plugin/order/refunds/by-hand',
      { out_refund_no: 'R0', note: 'x' },
      { admin: admin.token },
    );
    expect(missing.body).toMatchObject({ code: -1 });
  });

  it('a refund still processing is looked up, never created again', async () => {
    const { outRefundNo } = await refundedPayment();
    creates.set(outRefundNo, () => [
      200,
      { refund_id: '5000PROC', out_refund_no: outRefundNo, status: 'PROCESSING' },
    ]);
    await jobs().runOnce(new Date());
    expect(await row(outRefundNo)).toMatchObject({ status: 1 });
    lookup = success(outRefundNo);
    // Far later than any idempotency key lives.
    await jobs().runOnce(new Date(Date.now() + 2 * DAY));
    expect(await row(outRefundNo)).toMatchObject({ status: 2 });
    expect(createCalls(outRefundNo)).toBe(1);
    expect((await history(outRefundNo)).slice(1)).toEqual([
      'accept by system:0 0 -> 1',
      'succeed by system:0 1 -> 2',
    ]);
  });

  it(`a refund whose calls keep failing (5xx, timeouts) ends failed after ${MAX_REFUND_ATTEMPTS} attempts`, async () => {
    const { orderId, outRefundNo } = await refundedPayment();
    creates.set(outRefundNo, () => [500, { code: 'SYSTEM_ERROR', message: 'busy' }]);
    for (let day = 1; day <= MAX_REFUND_ATTEMPTS + 2; day++)
      await jobs().runOnce(new Date(Date.now() + day * DAY));
    expect(createCalls(outRefundNo)).toBe(MAX_REFUND_ATTEMPTS);
    const failed = await row(outRefundNo);
    expect(failed).toMatchObject({ status: -1, attempts: MAX_REFUND_ATTEMPTS });
    expect(failed.last_error).toContain(`gave up after ${MAX_REFUND_ATTEMPTS} attempts`);
    expect(await events(orderId, 'payment.failed')).toBe(1);
  });
});
