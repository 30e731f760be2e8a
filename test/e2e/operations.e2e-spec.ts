import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { createCommOrder, staffQuote } from '../factories/communication.factory.js';
import { fundBalance, placeOrder } from '../factories/orders.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/** Everything the app writes to stdout/stderr while `run` goes on, as parsed JSON log lines. */
async function captureLogs(run: () => Promise<void>): Promise<Record<string, any>[]> {
  const lines: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    await run();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, any>];
    } catch {
      return [];
    }
  });
}

const METRICS_TOKEN = 'metrics-token-0123456789';

describe('operations: request log, state-change log, metrics (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'log', METRICS_TOKEN });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  it("logs each request with the envelope's code and error, and a state change only once committed", async () => {
    const buyer = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, { price: 9900, stock: 5 });
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    const pay = () =>
      t.api.post(
        '/api/order/payment',
        { order_id: order.order_id, pay_way: 'balance' },
        { token: buyer.token },
      );

    const logs = await captureLogs(async () => {
      await t.api.post('/api/login', { user_name: buyer.userName, password: 'wrong-password' });
      await t.api.get('/api/user/detail');
      // Not enough balance: the transition to paid is rolled back with the debit.
      expect((await pay()).body).toMatchObject({ error: 'WALLET.INSUFFICIENT_BALANCE' });
      await fundBalance(t.api, admin.token, buyer.id, 9900);
      expect((await pay()).body).toMatchObject({ code: 0 });
    });

    const requests = logs.filter((line) => line.msg === 'request');
    expect(requests.find((line) => line.url === '/api/login')).toMatchObject({
      level: 'log',
      status: 200,
      code: -1,
      error: 'USER.BAD_CREDENTIALS',
    });
    expect(requests.find((line) => line.url === '/api/user/detail')).toMatchObject({
      level: 'log',
      code: 1001,
      error: 'AUTH.NOT_LOGGED_IN',
    });
    const payments = requests.filter((line) => line.url === '/api/order/payment');
    expect(payments.map((line) => [line.code, line.error])).toEqual([
      [-1, 'WALLET.INSUFFICIENT_BALANCE'],
      [0, undefined],
    ]);
    // One `pay` transition logged, from the committed payment; none from the rolled-back one.
    const transitions = logs.filter(
      (line) => line.msg === 'order transition' && line.order_id === order.order_id,
    );
    expect(transitions).toEqual([
      expect.objectContaining({ action: 'pay', from: 0, to: 1, actor: `customer:${buyer.id}` }),
    ]);
    expect(logs.filter((line) => line.msg === 'payment paid')).toEqual([
      expect.objectContaining({ order_id: order.order_id, pay_way: 'balance', amount: 9900 }),
    ]);
    // Logged after the commit: the request line of the successful payment comes after it.
    const payIndex = logs.findIndex((line) => line === transitions[0]);
    expect(logs.indexOf(payments[1])).toBeGreaterThan(payIndex);
  });

  it('logs communication status changes like order ones', async () => {
    const customer = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, {});
    const request = await createCommOrder(t.api, customer, goods.id);
    const logs = await captureLogs(async () => {
      await staffQuote(t.api, admin, request.id, '99');
    });
    expect(
      logs.filter(
        (line) =>
          line.msg === 'communication order transition' && line.comm_order_id === request.id,
      ),
    ).toEqual([
      expect.objectContaining({ action: 'quote', actor: expect.stringMatching(/^staff:/) }),
    ]);
  });

  it('serves Prometheus metrics behind METRICS_TOKEN, outside the envelope', async () => {
    const refused = await fetch(`${t.baseUrl}/metrics`);
    expect(refused.status).toBe(401);
    const wrong = await fetch(`${t.baseUrl}/metrics`, {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(401);

    await t.api.get('/api/user/detail'); // 1001
    const res = await fetch(`${t.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const value = (pattern: RegExp) => {
      const match = new RegExp(`^${pattern.source} (\\S+)$`, 'm').exec(text);
      return match ? Number(match[1]) : undefined;
    };
    expect(
      value(
        /http_requests_total\{method="GET",route="\/api\/user\/detail",status="200",code="1001",error="AUTH.NOT_LOGGED_IN"\}/,
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(
        /http_requests_total\{method="POST",route="\/api\/login",status="200",code="-1",error="USER.BAD_CREDENTIALS"\}/,
      ),
    ).toBe(1);
    expect(value(/order_status_changes_total\{action="pay",from="0",to="1"\}/)).toBe(1);
    expect(value(/payments_total\{pay_way="balance",status="paid"\}/)).toBe(1);
    expect(value(/comm_order_status_changes_total\{action="quote",from="\d+",to="\d+"\}/)).toBe(1);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{.*route="\/api\/login".*\} \d+$/m);
    expect(value(/db_pool_connections\{state="idle"\}/)).toBeGreaterThanOrEqual(0);
    expect(value(/db_pool_connections\{state="waiting"\}/)).toBe(0);
    expect(value(/db_pool_max/)).toBe(10);
    expect(text).toContain('jobs_runs_total');
  });

  it('does not serve metrics unless enabled', async () => {
    const plain = await startTestApp();
    try {
      const res = await plain.api.get('/metrics');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: -1, error: 'HTTP.NOT_FOUND' });
    } finally {
      await plain.close();
    }
  });
});
