import { ModulesContainer } from '@nestjs/core';
import nock from 'nock';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { AlipayFake } from '../factories/alipay.fake.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { WechatPayFake } from '../factories/wechat-pay.fake.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Settlement and refund branches no other test reaches (docs/payments.md): a second, different
 * transaction for a paid payment, a notification from another gateway than the payment's, a
 * refund notification naming no refund of ours, the refund job's growing wait and its cap, and
 * reconciliation giving up after 48 h.
 *
 * Only through surfaces that do not depend on where the payment code lives: HTTP (the customer,
 * staff and gateway routes), the database rows, and the scheduled pass found by its class name
 * (run with a chosen `now`, as the schedule would run it later).
 */

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The order jobs' pass (reconciliation and gateway refunds included), whatever module holds it. */
function orderJobs(t: TestApp): { runOnce(now?: Date): Promise<unknown> } {
  for (const module of t.app.get(ModulesContainer).values())
    for (const wrapper of module.providers.values()) {
      const instance = wrapper.instance as { constructor?: { name?: string } } | undefined;
      if (instance?.constructor?.name === 'OrderJobsService')
        return instance as unknown as { runOnce(now?: Date): Promise<unknown> };
    }
  throw new Error('OrderJobsService is not among the providers');
}

describe('payment settlement and refund branches (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let buyer: TestCustomer;
  let wechat: WechatPayFake;
  let alipay: AlipayFake;
  let goodsId: number;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    t = await startTestApp({
      PUBLIC_URL: 'https://shop.example.com',
      PAYMENT_RECONCILE_AFTER_MINUTES: '5',
    });
    admin = await createAdmin(t);
    buyer = await registerCustomer(t.api);
    wechat = new WechatPayFake();
    alipay = new AlipayFake();
    wechat.on('POST', '/v3/pay/transactions/jsapi', () => [
      200,
      { prepay_id: 'wx201410272009395522657a690389285100' },
    ]);
    const saved = await t.api.post(
      '/system/api/plugin/pay/config',
      { ...wechat.settings(), ...alipay.settings() },
      { admin: admin.token },
    );
    expect(saved.body.code).toBe(0);
    goodsId = (await createGoods(t.api, admin.token, { price: 9900, stock: 1000 })).id;
  });
  afterAll(async () => {
    wechat.done();
    nock.enableNetConnect();
    await t.close();
  });

  const weappPayment = async () => {
    const { order_id: orderId } = await placeOrder(t.api, buyer, { goods_id: goodsId });
    const res = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'weapp', openid: OPENID },
      { token: buyer.token },
    );
    expect(res.body.code).toBe(0);
    return { orderId, payment: res.body.data as { payment_id: string; amount: number } };
  };
  const notifyWechat = (n: { body: string; headers: Record<string, string> }) =>
    t.api.postRaw('/notify/wechat/pay', n.body, { headers: n.headers });
  const notifyAlipay = (form: string) =>
    t.api.postRaw('/notify/alipay/pay', form, {
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
  const paidBy = (payment: { payment_id: string; amount: number }, transactionId: string) =>
    wechat.notification(
      'TRANSACTION.SUCCESS',
      wechat.transaction(payment, wechat.weappId, { transaction_id: transactionId }),
    );
  const rows = async (orderId: string) => ({
    order: (
      await t.dataSource.query('SELECT status FROM orders WHERE order_id = $1', [orderId])
    )[0],
    payments: await t.dataSource.query(
      'SELECT status, terrace_id FROM payments WHERE order_id = $1 ORDER BY id',
      [orderId],
    ),
    transactions: await t.dataSource.query(
      `SELECT gateway, transaction_id, outcome FROM gateway_transactions
        WHERE order_id = $1 ORDER BY id`,
      [orderId],
    ),
    refunds: await t.dataSource.query(
      'SELECT amount, reason FROM gateway_refunds WHERE order_id = $1',
      [orderId],
    ),
    payHistory: (
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM order_history WHERE order_id = $1 AND action = 'pay'`,
        [orderId],
      )
    )[0].n,
  });

  it('a second, different transaction for a paid payment is kept for review: nothing paid twice, nothing refunded', async () => {
    const { orderId, payment } = await weappPayment();
    expect((await notifyWechat(paidBy(payment, '4200000000000000000001'))).status).toBe(204);
    // The gateway is told it may stop sending (the money is accounted for: staff review it).
    expect((await notifyWechat(paidBy(payment, '4200000000000000000002'))).status).toBe(204);
    expect(await rows(orderId)).toEqual({
      order: { status: 1 },
      payments: [{ status: 1, terrace_id: '4200000000000000000001' }],
      transactions: [
        { gateway: 'wechat', transaction_id: '4200000000000000000001', outcome: 'settled' },
        { gateway: 'wechat', transaction_id: '4200000000000000000002', outcome: 'needs_review' },
      ],
      refunds: [],
      payHistory: 1,
    });
  });

  it('a notification from another gateway than the payment’s changes nothing, even when all else matches', async () => {
    const { orderId, payment } = await weappPayment();
    // Signed by Alipay, naming the WeChat payment, with its amount, app id and merchant id: only
    // the gateway differs.
    const form = alipay.notification(payment, {
      app_id: wechat.weappId,
      seller_id: wechat.mchId,
    });
    const answer = await notifyAlipay(form);
    expect(answer.status).toBeLessThan(500);
    expect(answer.text).toBe('fail'); // Alipay sends it again; nothing was accounted for
    expect(await rows(orderId)).toEqual({
      order: { status: 0 },
      payments: [{ status: 0, terrace_id: '' }],
      transactions: [],
      refunds: [],
      payHistory: 0,
    });
    // The payment's own gateway still pays it.
    expect((await notifyWechat(paidBy(payment, '4200000000000000000003'))).status).toBe(204);
    expect((await rows(orderId)).order).toEqual({ status: 1 });
  });

  it('acknowledges a refund notification naming no refund of ours, and changes nothing', async () => {
    const before = await t.dataSource.query(
      'SELECT id, status, gateway_refund_id FROM gateway_refunds ORDER BY id',
    );
    const note = wechat.notification('REFUND.SUCCESS', {
      mchid: wechat.mchId,
      out_trade_no: 'P-not-ours',
      out_refund_no: 'R-not-ours',
      refund_id: '50000000382019052709732600000',
      refund_status: 'SUCCESS',
      amount: { total: 9900, refund: 9900, payer_total: 9900, payer_refund: 9900 },
    });
    const answer = await notifyWechat(note);
    // Not ours: acknowledged (a refusal would have WeChat retry it for days) and only logged.
    expect(answer.status).toBe(204);
    expect(
      await t.dataSource.query(
        'SELECT id, status, gateway_refund_id FROM gateway_refunds ORDER BY id',
      ),
    ).toEqual(before);
  });

  it('retries a failing refund after 30 s, 1 min, 2 min, 4 min ... and never waits more than 6 h', async () => {
    const { orderId, payment } = await weappPayment();
    expect((await notifyWechat(paidBy(payment, '4200000000000000000004'))).status).toBe(204);
    const applied = await t.api.post(
      '/system/api/plugin/order/refund/apply',
      { order_id: orderId },
      { admin: admin.token },
    );
    expect(applied.body.code).toBe(0);
    const calls: string[] = [];
    wechat.on('POST', '/v3/refund/domestic/refunds', (body) => {
      calls.push(body.out_refund_no);
      return [500, { code: 'SYSTEM_ERROR', message: 'busy' }];
    });
    const refundRow = async () =>
      (
        await t.dataSource.query<
          { id: number; status: number; attempts: number; next_attempt_time: Date }[]
        >(
          'SELECT id, status, attempts, next_attempt_time FROM gateway_refunds WHERE order_id = $1',
          [orderId],
        )
      )[0];
    const jobs = orderJobs(t);
    let now = new Date((await refundRow()).next_attempt_time.getTime() + 1000);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await jobs.runOnce(now);
      const row = await refundRow();
      expect(row).toMatchObject({ status: 0, attempts: attempt });
      waits.push(row.next_attempt_time.getTime() - now.getTime());
      // Not due before its wait is over: a pass a second earlier leaves it alone.
      const early = new Date(row.next_attempt_time.getTime() - 1000);
      await jobs.runOnce(early);
      expect((await refundRow()).attempts).toBe(attempt);
      now = new Date(row.next_attempt_time.getTime() + 1000);
    }
    expect(waits).toEqual([0.5 * MINUTE, MINUTE, 2 * MINUTE, 4 * MINUTE]);
    expect(calls).toHaveLength(4);

    // Many attempts later the wait stops growing at 6 h.
    const { id } = await refundRow();
    await t.dataSource.query('UPDATE gateway_refunds SET attempts = 10 WHERE id = $1', [id]);
    await jobs.runOnce(now);
    const capped = await refundRow();
    expect(capped).toMatchObject({ status: 0, attempts: 11 });
    expect(capped.next_attempt_time.getTime() - now.getTime()).toBe(6 * HOUR);
  });

  it('asks the gateway about an unpaid payment with a growing wait, and gives up after 48 h', async () => {
    const notPaid = (payment: { payment_id: string; amount: number }) =>
      wechat.transaction(payment, wechat.weappId, {
        trade_state: 'NOTPAY',
        trade_state_desc: '订单未支付',
        transaction_id: undefined,
        success_time: undefined,
      });
    const queried: string[] = [];
    const aged = async () => {
      const { payment } = await weappPayment();
      wechat.on(
        'GET',
        new RegExp(
          `^/v3/pay/transactions/out-trade-no/${payment.payment_id}\\?mchid=${wechat.mchId}$`,
        ),
        () => {
          queried.push(payment.payment_id);
          return [200, notPaid(payment)];
        },
      );
      return payment.payment_id;
    };
    const now = new Date(Date.now() + 10 * MINUTE);
    const ages = { young: 8, old: 47, given_up: 49 };
    const ids: Record<string, string> = {};
    for (const [name, hours] of Object.entries(ages)) {
      ids[name] = await aged();
      // As if opened `hours` ago and due now.
      await t.dataSource.query(
        `UPDATE payments SET created_time = $2::timestamptz - make_interval(hours => $3),
                             reconcile_time = $2::timestamptz - interval '1 minute'
          WHERE payment_id = $1`,
        [ids[name], now, hours],
      );
    }
    await orderJobs(t).runOnce(now);
    // Each was asked once (none was paid).
    expect([...queried].sort()).toEqual(Object.values(ids).sort());
    const next = async (paymentId: string) =>
      (
        await t.dataSource.query<{ status: number; reconcile_time: Date | null }[]>(
          'SELECT status, reconcile_time FROM payments WHERE payment_id = $1',
          [paymentId],
        )
      )[0];
    // A quarter of its age: 8 h old → asked again in 2 h; 47 h old → at most 6 h.
    expect((await next(ids.young)).reconcile_time!.getTime() - now.getTime()).toBe(2 * HOUR);
    expect((await next(ids.old)).reconcile_time!.getTime() - now.getTime()).toBe(6 * HOUR);
    // Over 48 h: that was the last time; it stays unpaid and is never asked again.
    expect(await next(ids.given_up)).toEqual({ status: 0, reconcile_time: null });
    queried.length = 0;
    await orderJobs(t).runOnce(new Date(now.getTime() + 7 * HOUR));
    expect([...queried].sort()).toEqual([ids.young, ids.old].sort());
  });
});
