/**
 * The official AnqiCMS mini-program (fesiong/anqicms-app), replayed exactly as it talks:
 * `src/request.ts` sends every call with `Content-Type: application/json`,
 * `X-Requested-With: XMLHttpRequest`, `Version: 1.0.0` and `Token: appConfig.token` (from
 * `src/config.js`, empty until a shop sets it), GET data as the query string, POST data as a JSON
 * body, and rejects every answer whose `code` is not 0. The calls are the account, order and
 * payment functions of `src/api.ts` (`apiLogin`, `getOrders`, `createOrder`, `getOrderDetail`,
 * `paymentOrder`, `checkPayment`, `cancelOrder`).
 */
import { jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG } from '../../src/common/config/app-config.js';
import type { AppConfig } from '../../src/common/config/app-config.js';
import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { fundBalance } from '../factories/orders.factory.js';
import { ApiResponse } from '../support/api-client.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const usesPglite = process.env.TEST_DB_MODE === 'pglite';

/** src/request.ts: the headers of every call; `token` is appConfig.token (default ''). */
function miniProgram(t: TestApp, token = '') {
  const headers = {
    'content-type': 'application/json',
    'X-Requested-With': 'XMLHttpRequest',
    Token: token,
    Version: '1.0.0',
  };
  return {
    get: (url: string, params: Record<string, string | number> = {}): Promise<ApiResponse> =>
      t.api.get(`/api${url}`, { headers, query: params }),
    post: (url: string, body: Record<string, unknown> = {}): Promise<ApiResponse> =>
      t.api.post(`/api${url}`, body, { headers }),
  };
}

/**
 * Watches the payment check re-read orders on one app instance (a spy on its DataSource that
 * calls through): an event to wait on instead of a delay. A check that has read its order twice
 * and not answered is in flight and waiting.
 */
function checkReads(app: TestApp) {
  const spy = jest.spyOn(app.dataSource, 'query');
  const of = (orderId: string) =>
    spy.mock.calls.filter(
      ([sql, params]) =>
        String(sql).includes('paid_time IS NOT NULL') && (params as unknown[])[0] === orderId,
    ).length;
  return {
    of,
    /** Waits until `orderId` was read `count` times; the 30 s only fail a hung test. */
    async until(orderId: string, count: number): Promise<number> {
      const deadline = Date.now() + 30_000;
      while (of(orderId) < count && Date.now() < deadline) await sleep(10);
      return of(orderId);
    },
    restore: () => spy.mockRestore(),
  };
}

/** Whether a promise has settled yet (read at any moment, without waiting). */
function tracked<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  return { promise, settled: () => done };
}

describe('AnqiCMS mini-program: login, orders, payment and payment check (e2e)', () => {
  /** Waits up to 60 s for a payment: long enough that only a payment ends a wait in these tests. */
  let t: TestApp;
  /** A second instance; on PostgreSQL it shares t's database. Its checks wait 1 s. */
  let other: TestApp;
  let admin: TestAdmin;
  let goodsId: number;
  /** Staff and a product as the other instance sees them (the same ones when shared). */
  const onOther = { admin: undefined as unknown as TestAdmin, goodsId: 0 };

  beforeAll(async () => {
    t = await startTestApp({ PAYMENT_CHECK_WAIT_SECONDS: '60', PAYMENT_CHECK_INTERVAL_MS: '100' });
    const shared = t.app.get<AppConfig>(APP_CONFIG).databaseUrl;
    other = await startTestApp({
      PAYMENT_CHECK_WAIT_SECONDS: '1',
      PAYMENT_CHECK_INTERVAL_MS: '100',
      ...(shared ? { DATABASE_URL: shared } : {}),
    });
    admin = await createAdmin(t);
    goodsId = (await createGoods(t.api, admin.token, { price: 1500, stock: 1000 })).id;
    onOther.admin = shared ? admin : await createAdmin(other);
    onOther.goodsId = shared
      ? goodsId
      : (await createGoods(other.api, onOther.admin.token, { price: 1500, stock: 1000 })).id;
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  /** A customer whose token the shop put into appConfig.token, with money for `orders` orders. */
  async function shopper(app: TestApp = t) {
    const customer = await registerCustomer(app.api);
    const staff = app === t ? admin : onOther.admin;
    await fundBalance(app.api, staff.token, customer.id, 1500);
    return { customer, app: miniProgram(app, customer.token) };
  }

  describe('apiLogin: POST /login (src/api.ts)', () => {
    it('logs in by user_name, email or phone with the empty Token header the client always sends', async () => {
      const phone = `139${String(Date.now()).slice(-8)}`;
      const customer = await registerCustomer(t.api, { email: 'Shop.Buyer@Example.com', phone });
      const client = miniProgram(t);
      for (const body of [
        { user_name: customer.userName, password: customer.password },
        { email: 'shop.buyer@example.com', password: customer.password },
        { phone, password: customer.password },
        // Empty fields count as absent (forms send them); AnqiCMS reads email, then phone.
        { user_name: '', email: 'SHOP.BUYER@example.com', phone: '', password: customer.password },
      ]) {
        const res = await client.post('/login', body);
        expect(res.body).toMatchObject({ code: 0, data: { id: customer.id } });
        expect(typeof res.body.data.token).toBe('string');
        // The token the login answers is what a shop puts into appConfig.token.
        const me = await miniProgram(t, res.body.data.token).get('/user/detail');
        expect(me.body.data.user_name).toBe(customer.userName);
      }
    });

    it('refuses unknown accounts like a wrong password, and ambiguous or missing identifiers clearly', async () => {
      const customer = await registerCustomer(t.api, { email: `${Date.now()}@example.com` });
      const client = miniProgram(t);
      const wrong = await client.post('/login', {
        user_name: customer.userName,
        password: 'not-the-password',
      });
      const unknownEmail = await client.post('/login', {
        email: 'nobody-here@example.com',
        password: customer.password,
      });
      const unknownPhone = await client.post('/login', {
        phone: '13000000000',
        password: customer.password,
      });
      for (const res of [wrong, unknownEmail, unknownPhone])
        expect(res.body).toEqual({
          code: -1,
          msg: 'Wrong user name or password',
          data: null,
          error: 'USER.BAD_CREDENTIALS',
        });
      const ambiguous = await client.post('/login', {
        user_name: customer.userName,
        email: 'someone-else@example.com',
        password: customer.password,
      });
      expect(ambiguous.body).toMatchObject({
        code: -1,
        error: 'USER.LOGIN_AMBIGUOUS',
        details: { sent: ['email', 'user_name'] },
      });
      const missing = await client.post('/login', { password: customer.password });
      expect(missing.body).toMatchObject({ code: -1, error: 'USER.LOGIN_ID_REQUIRED' });
      const noPassword = await client.post('/login', { user_name: customer.userName });
      expect(noPassword.body).toMatchObject({ code: -1, error: 'USER.LOGIN_ID_REQUIRED' });
      // AnqiCMS's WeChat mini-program login (a js code, no password) is not available here.
      const weapp = await client.post('/login', { platform: 'weapp', code: 'js-code' });
      expect(weapp.body).toMatchObject({
        code: -1,
        error: 'USER.LOGIN_PLATFORM_UNSUPPORTED',
        msg: expect.stringContaining('"weapp" is not available here') as string,
      });
    });

    it('answers 1001 (not an error page) to an order call with the empty Token header', async () => {
      const res = await miniProgram(t).get('/orders');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ code: 1001 });
    });
  });

  describe('createOrder, getOrders, getOrderDetail, paymentOrder (src/api.ts)', () => {
    it('places an order, lists it, pays it from the balance and reads it paid', async () => {
      const { customer, app } = await shopper();
      const created = await app.post('/order/create', { goods_id: goodsId, quantity: 1 });
      expect(created.body).toMatchObject({
        code: 0,
        data: { status: 0, amount: 1500, user_id: customer.id },
      });
      const orderId: string = created.body.data.order_id;
      const list = await app.get('/orders', { status: 'waiting', current: 1, pageSize: 10 });
      expect(list.body.code).toBe(0);
      expect(list.body.total).toBe(1);
      expect(list.body.data[0]).toMatchObject({ order_id: orderId, status: 0 });
      expect(list.body.data[0].details[0].goods.id).toBe(goodsId);
      const paid = await app.post('/order/payment', { order_id: orderId, pay_way: 'balance' });
      expect(paid.body).toMatchObject({ code: 0, data: { order_status: 1, status: 1 } });
      const detail = await app.get('/order/detail', { order_id: orderId });
      expect(detail.body.data).toMatchObject({ order_id: orderId, status: 1 });
      expect(detail.body.data.paid_time).toBeGreaterThan(0);
    });
  });

  describe('checkPayment: GET /payment/check (src/api.ts; code 0 only when paid)', () => {
    it('answers code 0 at once for a paid order', async () => {
      const { app } = await shopper();
      const orderId = (await app.post('/order/create', { goods_id: goodsId })).body.data.order_id;
      await app.post('/order/payment', { order_id: orderId, pay_way: 'balance' });
      const check = await app.get('/payment/check', { order_id: orderId });
      expect(check.body).toEqual({
        code: 0,
        msg: 'Payment successful',
        data: { order_id: orderId, paid: true, status: 1 },
      });
    });

    it('waits for an unpaid order and answers code 0 when another request pays it mid-wait', async () => {
      const { app } = await shopper();
      const orderId = (await app.post('/order/create', { goods_id: goodsId })).body.data.order_id;
      const reads = checkReads(t);
      try {
        const check = tracked(app.get('/payment/check', { order_id: orderId }));
        // Unpaid: the check has read the order twice without answering, so it is waiting (it
        // could only answer -1 after 60 s).
        expect(await reads.until(orderId, 2)).toBeGreaterThanOrEqual(2);
        expect(check.settled()).toBe(false);
        const paid = await app.post('/order/payment', { order_id: orderId, pay_way: 'balance' });
        expect(paid.body.code).toBe(0);
        expect((await check.promise).body).toMatchObject({
          code: 0,
          data: { paid: true, status: 1 },
        });
      } finally {
        reads.restore();
      }
    });

    it('answers -1 "Unpaid" after the configured wait when nobody pays', async () => {
      const { app } = await shopper(other);
      const orderId = (await app.post('/order/create', { goods_id: onOther.goodsId })).body.data
        .order_id;
      const reads = checkReads(other);
      let check: ApiResponse;
      let readsBeforeAnswer: number;
      try {
        check = await app.get('/payment/check', { order_id: orderId });
        readsBeforeAnswer = reads.of(orderId);
      } finally {
        reads.restore();
      }
      // PAYMENT_CHECK_WAIT_SECONDS=1, re-read every 100 ms on this instance: it kept re-reading
      // the unpaid order before giving up, instead of answering after its first look.
      expect(readsBeforeAnswer).toBeGreaterThanOrEqual(3);
      expect(check.body).toEqual({
        code: -1,
        msg: 'Unpaid',
        data: null,
        error: 'ORDER.UNPAID',
        details: { status: 0, status_name: 'waiting' },
      });
    });

    it('answers -1 at once for a closed order (it can no longer be paid)', async () => {
      const { app } = await shopper();
      const orderId = (await app.post('/order/create', { goods_id: goodsId })).body.data.order_id;
      expect((await app.post('/order/cancel', { order_id: orderId })).body.code).toBe(0);
      const check = await app.get('/payment/check', { order_id: orderId });
      expect(check.body).toMatchObject({
        code: -1,
        error: 'ORDER.UNPAID',
        msg: 'Unpaid: the order is closed and can no longer be paid',
      });
    });

    it("answers another customer's order exactly like an unknown one, without waiting", async () => {
      const owner = await shopper();
      const orderId = (await owner.app.post('/order/create', { goods_id: goodsId })).body.data
        .order_id;
      const stranger = await shopper();
      const theirs = await stranger.app.get('/payment/check', { order_id: orderId });
      const unknown = await stranger.app.get('/payment/check', { order_id: '209901010000009999' });
      expect(theirs.body).toEqual({
        code: -1,
        msg: 'Order not found',
        data: null,
        error: 'ORDER.NOT_FOUND',
      });
      expect(unknown.body).toEqual(theirs.body);
    });

    it('keeps the pool free: more waiters than connections, other requests still answer, one payment wakes them all', async () => {
      const pool = t.app.get<AppConfig>(APP_CONFIG).databasePoolMax;
      const { customer, app } = await shopper();
      const orderId = (await app.post('/order/create', { goods_id: goodsId })).body.data.order_id;
      const waiters = Array.from({ length: pool * 4 }, () =>
        app.get('/payment/check', { order_id: orderId }),
      );
      let settled = 0;
      waiters.forEach((waiter) => void waiter.then(() => (settled += 1)));
      // Every waiter is in flight: the order was read twice per waiter and none has answered.
      const reads = checkReads(t);
      try {
        expect(await reads.until(orderId, 2 * waiters.length)).toBeGreaterThanOrEqual(
          2 * waiters.length,
        );
      } finally {
        reads.restore();
      }
      expect(settled).toBe(0);
      // Were each waiter holding a connection, these would queue behind them for 60 s.
      const meanwhile = await Promise.all([
        app.get('/user/detail'),
        app.get('/orders', { current: 1, pageSize: 10 }),
        app.get('/order/detail', { order_id: orderId }),
        t.api.get('/system/api/plugin/order/list', { admin: admin.token }),
      ]);
      for (const res of meanwhile) expect(res.body.code).toBe(0);
      expect(meanwhile[0].body.data.id).toBe(customer.id);
      expect(settled).toBe(0);
      const paid = await app.post('/order/payment', { order_id: orderId, pay_way: 'balance' });
      expect(paid.body.code).toBe(0);
      const answers = await Promise.all(waiters);
      for (const res of answers) expect(res.body).toMatchObject({ code: 0, data: { paid: true } });
    });

    it('stops re-reading the order when the client goes away', async () => {
      const { customer, app } = await shopper();
      const orderId = (await app.post('/order/create', { goods_id: goodsId })).body.data.order_id;
      // A second check that stays, as the clock: its re-reads count the server's intervals.
      const clockOrder = (await app.post('/order/create', { goods_id: goodsId })).body.data
        .order_id;
      const reads = checkReads(t);
      try {
        const gone = new AbortController();
        const url = new URL('/api/payment/check', t.baseUrl);
        url.searchParams.set('order_id', orderId);
        const check = fetch(url, { headers: { token: customer.token }, signal: gone.signal });
        check.catch(() => undefined);
        const clock = app.get('/payment/check', { order_id: clockOrder });
        await reads.until(orderId, 3); // waiting: the order is re-read
        gone.abort();
        // A read under way may still finish, and the check reads once more as it ends.
        await reads.until(clockOrder, reads.of(clockOrder) + 3);
        const afterAbort = reads.of(orderId);
        // Ten more intervals of the check that stayed: the abandoned one read nothing more.
        await reads.until(clockOrder, reads.of(clockOrder) + 10);
        expect(reads.of(orderId)).toBe(afterAbort);
        await app.post('/order/payment', { order_id: clockOrder, pay_way: 'balance' });
        expect((await clock).body).toMatchObject({ code: 0, data: { paid: true } });
      } finally {
        reads.restore();
      }
    });

    (usesPglite ? it.skip : it)(
      'sees a payment made through another instance (shared database, no shared memory)',
      async () => {
        const { app } = await shopper();
        const orderId = (await app.post('/order/create', { goods_id: goodsId })).body.data.order_id;
        const reads = checkReads(t);
        const check = tracked(app.get('/payment/check', { order_id: orderId }));
        try {
          expect(await reads.until(orderId, 2)).toBeGreaterThanOrEqual(2);
        } finally {
          reads.restore();
        }
        expect(check.settled()).toBe(false);
        // Staff confirm an offline payment on the other instance.
        const confirmed = await other.api.post(
          '/system/api/plugin/order/pay',
          { order_id: orderId, pay_way: 'offline' },
          { admin: admin.token },
        );
        expect(confirmed.body.code).toBe(0);
        expect((await check.promise).body).toMatchObject({
          code: 0,
          data: { paid: true, status: 1 },
        });
      },
    );
  });
});
