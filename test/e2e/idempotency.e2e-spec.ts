import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoodsOnSale, TestGoods } from '../factories/catalogue.factory.js';
import { createCommOrder, staffQuote, staffReply } from '../factories/communication.factory.js';
import { fundBalance, placeOrder } from '../factories/orders.factory.js';
import { listRoutes } from '../../src/common/http/route-catalogue.js';
import { requestFingerprint } from '../../src/idempotency/request-fingerprint.js';
import { IdempotencyService } from '../../src/idempotency/services/idempotency.service.js';
import { ApiResponse } from '../support/api-client.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

/**
 * `Idempotency-Key` on state-changing POSTs (docs/security.md), on real PostgreSQL: a retried
 * request with its key acts once and answers the first answer again; another body with the key
 * is refused; racing copies execute once; keys are per caller and expire.
 */
const WAIT_MS = 1500;

describe('Idempotency-Key (e2e)', () => {
  let t: TestApp;
  /** A second instance on the same database (PostgreSQL) or the same app (PGlite fallback). */
  let t2: TestApp;
  let alice: TestCustomer;
  let bob: TestCustomer;
  let staff: TestAdmin;
  let goods: TestGoods;

  beforeAll(async () => {
    const env = { IDEMPOTENCY_WAIT_MS: String(WAIT_MS) };
    t = await startTestApp(env);
    t2 = t.databaseUrl ? await startTestApp(env, { databaseUrl: t.databaseUrl }) : t;
    alice = await registerCustomer(t.api);
    bob = await registerCustomer(t.api);
    staff = await createAdmin(t);
    goods = await createGoodsOnSale(t, { stock: 100_000 });
  });
  afterAll(async () => {
    if (t2 !== t) await t2.close();
    await t.close();
  });

  const withKey = (key: string, auth: { token?: string; admin?: string }) => ({
    ...auth,
    headers: { 'idempotency-key': key },
  });
  const createOrder = (
    key: string | undefined,
    body: Record<string, unknown>,
    who: TestCustomer = alice,
    app: TestApp = t,
  ) =>
    app.api.post(
      '/api/order/create',
      body,
      key === undefined ? { token: who.token } : withKey(key, { token: who.token }),
    );
  const ordersOf = async (who: TestCustomer) =>
    (
      await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM orders WHERE user_id = $1',
        [who.id],
      )
    )[0].n;
  const keyRows = async (key: string) =>
    t.dataSource.query<{ scope: string; state: string }[]>(
      'SELECT scope, state FROM idempotency_keys WHERE idempotency_key = $1 ORDER BY scope',
      [key],
    );
  const replayed = (res: ApiResponse) => res.headers.get('idempotent-replayed');

  it('changes nothing without the header: two identical POSTs act twice, no key is stored', async () => {
    const before = await ordersOf(alice);
    const spy = jest.spyOn(IdempotencyService.prototype, 'begin');
    const first = await createOrder(undefined, { goods_id: goods.id, quantity: 1 });
    const second = await createOrder(undefined, { goods_id: goods.id, quantity: 1 });
    // A GET with a key and an exempt POST with a key are not touched either.
    await t.api.get('/api/orders', withKey(randomUUID(), { token: alice.token }));
    await t.api.post(
      '/api/user/password',
      { old_password: 'wrong-old', password: 'whatever1' },
      withKey(randomUUID(), { token: alice.token }),
    );
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect([first.body.code, second.body.code]).toEqual([0, 0]);
    expect(first.body.data.order_id).not.toBe(second.body.data.order_id);
    expect(await ordersOf(alice)).toBe(before + 2);
    expect(replayed(first)).toBeNull();
    expect(await t.dataSource.query('SELECT 1 FROM idempotency_keys')).toEqual([]);
  });

  it('replays the stored answer for the same key and body, without acting again', async () => {
    const key = randomUUID();
    const before = await ordersOf(alice);
    const first = await createOrder(key, { goods_id: goods.id, quantity: 2, remark: 'once' });
    expect(first.body.code).toBe(0);
    expect(replayed(first)).toBeNull();
    // Same body, other key order: the same request. Replayed from the other instance too.
    const again = await createOrder(key, { remark: 'once', quantity: 2, goods_id: goods.id });
    const third = await createOrder(
      key,
      { goods_id: goods.id, quantity: 2, remark: 'once' },
      alice,
      t2,
    );
    for (const res of [again, third]) {
      expect(res.text).toBe(first.text);
      expect(replayed(res)).toBe('true');
    }
    expect(await ordersOf(alice)).toBe(before + 1);
    expect(await keyRows(key)).toEqual([{ scope: `customer:${alice.id}`, state: 'done' }]);
  });

  it('accepts the quoted structured-field form of the key as the same key', async () => {
    const key = randomUUID();
    const first = await createOrder(key, { goods_id: goods.id });
    const quoted = await createOrder(`"${key}"`, { goods_id: goods.id });
    expect(quoted.text).toBe(first.text);
    expect(replayed(quoted)).toBe('true');
  });

  it('refuses the same key with another body or path (IDEMPOTENCY.KEY_REUSED), acting not at all', async () => {
    const key = randomUUID();
    const first = await createOrder(key, { goods_id: goods.id, quantity: 1 });
    const before = await ordersOf(alice);
    const otherBody = await createOrder(key, { goods_id: goods.id, quantity: 3 });
    const otherPath = await t.api.post(
      '/api/order/cancel',
      { order_id: first.body.data.order_id },
      withKey(key, { token: alice.token }),
    );
    for (const res of [otherBody, otherPath]) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ code: -1, data: null, error: 'IDEMPOTENCY.KEY_REUSED' });
      expect(res.body.msg).toMatch(/different request/);
    }
    expect(await ordersOf(alice)).toBe(before);
    const [order] = await t.dataSource.query<{ status: number }[]>(
      'SELECT status FROM orders WHERE order_id = $1',
      [first.body.data.order_id],
    );
    expect(order.status).toBe(0); // not cancelled
  });

  it('scopes keys to the caller: another customer’s equal key is another request', async () => {
    const key = randomUUID();
    const body = { goods_id: goods.id, quantity: 1 };
    const mine = await createOrder(key, body, alice);
    const theirs = await createOrder(key, body, bob);
    expect(theirs.body.code).toBe(0);
    expect(replayed(theirs)).toBeNull();
    expect(theirs.body.data.user_id).toBe(bob.id);
    expect(theirs.body.data.order_id).not.toBe(mine.body.data.order_id);
    expect((await keyRows(key)).map((r) => r.scope).sort()).toEqual(
      [`customer:${alice.id}`, `customer:${bob.id}`].sort(),
    );
  });

  it('frees the key when the execution fails, so the same retry can succeed later', async () => {
    const order = await placeOrder(t.api, bob, { goods_id: goods.id, quantity: 1 });
    const key = randomUUID();
    const pay = () =>
      t.api.post(
        '/api/order/payment',
        { order_id: order.order_id, pay_way: 'balance' },
        withKey(key, { token: bob.token }),
      );
    const broke = await pay();
    expect(broke.body.error).toBe('WALLET.INSUFFICIENT_BALANCE');
    expect(await keyRows(key)).toEqual([]);
    await fundBalance(t.api, staff.token, bob.id, 1_000_000);
    const paid = await pay();
    expect(paid.body.code).toBe(0);
    expect(replayed(paid)).toBeNull();
    const again = await pay();
    expect(again.text).toBe(paid.text);
    expect(replayed(again)).toBe('true');
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM balance_ledger WHERE user_id = $1 AND amount < 0`,
      [bob.id],
    );
    expect(n).toBe(1); // charged once
  });

  it('refuses a malformed key (IDEMPOTENCY.KEY_INVALID) without acting', async () => {
    const before = await ordersOf(alice);
    const res = await createOrder('k'.repeat(256), { goods_id: goods.id });
    expect(res.body).toMatchObject({ code: -1, error: 'IDEMPOTENCY.KEY_INVALID' });
    expect(await ordersOf(alice)).toBe(before);
  });

  itRaces(
    'executes 20 racing order creates with one key once (two instances): one order, one answer',
    async () => {
      const key = randomUUID();
      const before = await ordersOf(alice);
      const body = { goods_id: goods.id, quantity: 1, remark: 'race' };
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => createOrder(key, body, alice, i % 2 ? t2 : t)),
      );
      expect(await ordersOf(alice)).toBe(before + 1);
      expectOneAnswerOrInProgress(answers);
    },
  );

  itRaces(
    'executes 20 racing accepts of a quote with one key once: one order, one answer',
    async () => {
      const request = await createCommOrder(t.api, alice, goods.id);
      await staffReply(t.api, staff, request.id);
      await staffQuote(t.api, staff, request.id, '120');
      const key = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? t2 : t).api.post(
            '/api/communication/order/accept',
            { id: request.id, quote_version: 1 },
            withKey(key, { token: alice.token }),
          ),
        ),
      );
      const orders = await t.dataSource.query<{ order_id: string }[]>(
        'SELECT order_id FROM orders WHERE comm_order_id = $1',
        [request.id],
      );
      expect(orders).toHaveLength(1);
      const winner = expectOneAnswerOrInProgress(answers);
      expect(winner.body.data.order_id).toBe(orders[0].order_id);
    },
  );

  it('replays staff actions too: a retried staff message is sent once', async () => {
    const request = await createCommOrder(t.api, alice, goods.id);
    const key = randomUUID();
    const send = () =>
      t.api.post(
        '/system/api/communication/message/send',
        { comm_order_id: request.id, message_type: 'text', content: 'only once' },
        withKey(key, { admin: staff.token }),
      );
    const first = await send();
    const second = await send();
    expect(first.body.code).toBe(0);
    expect(second.text).toBe(first.text);
    expect(replayed(second)).toBe('true');
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM comm_messages WHERE comm_order_id = $1 AND content = 'only once'`,
      [request.id],
    );
    expect(n).toBe(1);
    expect(await keyRows(key)).toEqual([
      { scope: expect.stringMatching(/^admin:\d+$/), state: 'done' },
    ]);
  });

  describe('rows left by an execution that never finished', () => {
    /** A `running` row as a crashed instance would leave it, locked until `lockedFor` from now. */
    const crashedRow = async (key: string, lockedForSeconds: number, forBody: object) => {
      await t.dataSource.query(
        `INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, request, state, claim_id, locked_until)
         VALUES ($1, $2, $3, 'POST /api/order/create', 'running', $4, now() + make_interval(secs => $5))`,
        [
          `customer:${alice.id}`,
          key,
          requestFingerprint('POST', '/api/order/create', forBody),
          'c'.repeat(32),
          lockedForSeconds,
        ],
      );
    };

    it('answers IDEMPOTENCY.IN_PROGRESS with Retry-After while the claim holds', async () => {
      const key = randomUUID();
      const realBody = { goods_id: goods.id, quantity: 1 };
      await crashedRow(key, 600, realBody);
      const before = await ordersOf(alice);
      const res = await createOrder(key, realBody);
      expect(res.body).toMatchObject({ code: -1, error: 'IDEMPOTENCY.IN_PROGRESS' });
      expect(res.body.msg).toMatch(/409/);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await ordersOf(alice)).toBe(before);
    });

    it('lets the same request take over once the claim has timed out; another body is still refused', async () => {
      const key = randomUUID();
      const realBody = { goods_id: goods.id, quantity: 1 };
      await crashedRow(key, -1, realBody);
      const other = await createOrder(key, { goods_id: goods.id, quantity: 5 });
      expect(other.body.error).toBe('IDEMPOTENCY.KEY_REUSED');
      const res = await createOrder(key, realBody);
      expect(res.body.code).toBe(0);
      expect(await keyRows(key)).toEqual([{ scope: `customer:${alice.id}`, state: 'done' }]);
    });
  });

  it('forgets keys after IDEMPOTENCY_TTL: the cleanup deletes them, an uncleaned one is reusable', async () => {
    const oldKey = randomUUID();
    const staleKey = randomUUID();
    const freshKey = randomUUID();
    for (const key of [oldKey, staleKey, freshKey])
      expect((await createOrder(key, { goods_id: goods.id })).body.code).toBe(0);
    await t.dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = ANY($1)`,
      [[oldKey, staleKey]],
    );
    // Past the TTL but not yet cleaned: the key is free, for any body.
    const reused = await createOrder(staleKey, { goods_id: goods.id, quantity: 4 });
    expect(reused.body.code).toBe(0);
    expect(replayed(reused)).toBeNull();

    expect(await t.app.get(IdempotencyService).runOnce()).toBe(1);
    expect(await keyRows(oldKey)).toEqual([]);
    expect(await keyRows(staleKey)).toHaveLength(1);
    expect(await keyRows(freshKey)).toHaveLength(1);
  });

  it('documents the header in Swagger on exactly the routes that honour it', async () => {
    const doc = (await t.api.get('/docs-json')).body as unknown as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const routes = listRoutes(t.app);
    const documented = (method: string, path: string) =>
      (doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()]?.parameters ?? []).some(
        (p) => p.name === 'Idempotency-Key' && p.in === 'header',
      );
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      expect({ name, documented: documented(route.method, route.path) }).toEqual({
        name,
        documented: route.idempotent,
      });
    }
    const idempotent = routes.filter((r) => r.idempotent).map((r) => `${r.method} ${r.path}`);
    expect(idempotent).toEqual(
      expect.arrayContaining([
        'POST /api/order/create',
        'POST /api/order/payment',
        'POST /api/order/cancel',
        'POST /api/order/finish',
        'POST /api/order/refund',
        'POST /api/communication/order/create',
        'POST /api/communication/order/update',
        'POST /api/communication/message/send',
        'POST /api/communication/order/accept',
        'POST /api/communication/order/reject',
        'POST /api/communication/order/cancel',
        'POST /system/api/plugin/order/pay',
        'POST /system/api/plugin/order/refund',
        'POST /system/api/communication/order/quote',
      ]),
    );
    for (const excluded of [
      'POST /api/login',
      'POST /api/register',
      'POST /system/api/login',
      'POST /api/attachment/upload',
      'POST /api/user/password',
      'POST /system/api/plugin/order/export',
      'GET /api/orders',
    ])
      expect(idempotent).not.toContain(excluded);
  });
});

/**
 * Every answer is either the one success (all identical, byte for byte) or IN_PROGRESS; exactly
 * one of them was not a replay. Returns a successful answer.
 */
function expectOneAnswerOrInProgress(answers: ApiResponse[]): ApiResponse {
  const ok = answers.filter((res) => res.body.code === 0);
  const waiting = answers.filter((res) => res.body.error === 'IDEMPOTENCY.IN_PROGRESS');
  expect(ok.length + waiting.length).toBe(answers.length);
  expect(ok.length).toBeGreaterThanOrEqual(1);
  expect(new Set(ok.map((res) => res.text)).size).toBe(1);
  expect(ok.filter((res) => res.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
  for (const res of waiting) expect(res.headers.get('retry-after')).toBe('1');
  return ok[0];
}
