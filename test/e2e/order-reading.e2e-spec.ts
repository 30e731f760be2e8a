import { readFileSync } from 'node:fs';
import {
  createAdmin,
  customerActor,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoods, saveGoods } from '../factories/catalogue.factory.js';
import { fundBalance, placeOrder, walk } from '../factories/orders.factory.js';
import { StatementCounter } from '../support/statement-counter.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { OrderPlacementService } from '../../src/orders/services/order-placement.service.js';
import { OrderQueryService } from '../../src/orders/services/order-query.service.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { csvHeader, csvRow } from '../../src/orders/order-csv.js';

/**
 * The response example of AnqiCMS's GET /api/orders documentation (test/fixtures/anqicms/orders-list.txt),
 * copied verbatim into the repo so the test runs on any clone.
 */
function specExample(): any {
  return JSON.parse(
    readFileSync(new URL('../fixtures/anqicms/orders-list.response.json', import.meta.url), 'utf8'),
  );
}

const SECRETS = new Set(['token', 'password']);

/** Every key of `expected` is in `actual` with the same JSON type (null in the spec = any). */
function sameShape(expected: any, actual: any, path: string, problems: string[]): void {
  for (const [key, value] of Object.entries(expected)) {
    if (SECRETS.has(key)) continue;
    const where = `${path}.${key}`;
    if (!(key in actual)) {
      problems.push(`${where} missing`);
      continue;
    }
    const got = actual[key];
    if (value === null) continue;
    if (Array.isArray(value)) {
      if (!Array.isArray(got)) problems.push(`${where} should be an array`);
      else if (value.length && typeof value[0] === 'object' && got.length)
        sameShape(value[0], got[0], `${where}[0]`, problems);
      else if (value.length && got.length && typeof value[0] !== typeof got[0])
        problems.push(`${where}[] should hold ${typeof value[0]}`);
    } else if (typeof value === 'object') {
      if (got === null || typeof got !== 'object') problems.push(`${where} should be an object`);
      else sameShape(value, got, where, problems);
    } else if (typeof got !== typeof value) {
      problems.push(`${where} should be ${typeof value}, is ${typeof got}`);
    }
  }
}

describe('reading orders, ownership, addresses, snapshots, export (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let goodsId: number;

  beforeAll(async () => {
    t = await startTestApp({ ORDER_JOBS_INTERVAL_SECONDS: '0' });
    admin = await createAdmin(t);
    const seller = await registerCustomer(t.api);
    goodsId = (
      await createGoods(t.api, admin.token, {
        price: 9900,
        stock: 1000,
        user_id: seller.id,
        images: ['https://example.com/a.webp', 'https://example.com/b.webp'],
      })
    ).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers GET /api/orders items with every field of the spec example, typed as documented', async () => {
    const buyer = await registerCustomer(t.api);
    await placeOrder(t.api, buyer, { goods_id: goodsId, remark: 'spec check' });
    const res = await t.api.get('/api/orders', {
      token: buyer.token,
      query: { status: '', current: 1, pageSize: 10 },
    });
    expect(res.body).toMatchObject({ code: 0, msg: '', total: 1 });
    const example = specExample();
    const problems: string[] = [];
    sameShape(example.data[0], res.body.data[0], 'data[0]', problems);
    expect(problems).toEqual([]);
    expect(typeof res.body.total).toBe('number');
    // No secrets, anywhere.
    expect(res.text).not.toMatch(/password_hash|"token"|"password"|scrypt/);
    expect(res.body.data[0]).toMatchObject({
      seller_amount: 7920,
      origin_amount: 9900,
      amount: 9900,
    });
  });

  it('pages newest first with a total, filters by status, and shows only the caller’s orders', async () => {
    const buyer = await registerCustomer(t.api);
    const other = await registerCustomer(t.api);
    await placeOrder(t.api, other, { goods_id: goodsId });
    const placed: string[] = [];
    for (let i = 0; i < 5; i++)
      placed.push((await placeOrder(t.api, buyer, { goods_id: goodsId })).order_id);
    await fundBalance(t.api, admin.token, buyer.id, 9900);
    await walk({ api: t.api, buyer, adminToken: admin.token }, placed[1], ['pay']);
    await walk({ api: t.api, buyer, adminToken: admin.token }, placed[2], ['cancel']);

    const page1 = await t.api.get('/api/orders', { token: buyer.token, query: { pageSize: 2 } });
    expect(page1.body.total).toBe(5);
    expect(page1.body.data.map((o: any) => o.order_id)).toEqual([placed[4], placed[3]]);
    const page3 = await t.api.get('/api/orders', {
      token: buyer.token,
      query: { page_size: 2, current: 3 },
    });
    expect(page3.body.data.map((o: any) => o.order_id)).toEqual([placed[0]]);

    const expectations: [string, string[]][] = [
      ['waiting', [placed[4], placed[3], placed[0]]],
      ['paid', [placed[1]]],
      ['closed', [placed[2]]],
      ['canceled', [placed[2]]],
      ['delivery', []],
      ['refunding', []],
      ['1', [placed[1]]],
    ];
    for (const [status, expected] of expectations) {
      const res = await t.api.get('/api/orders', { token: buyer.token, query: { status } });
      expect({
        status,
        ids: res.body.data.map((o: any) => o.order_id),
        total: res.body.total,
      }).toEqual({
        status,
        ids: expected,
        total: expected.length,
      });
    }
    const bad = await t.api.get('/api/orders', {
      token: buyer.token,
      query: { status: 'shipped' },
    });
    expect(bad.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
    expect(bad.body.msg).toContain('status must be one of');
  });

  it('reads a page with a constant number of queries, whatever its size', async () => {
    const few = await registerCustomer(t.api);
    const many = await registerCustomer(t.api);
    const second = await createGoods(t.api, admin.token, { price: 10, stock: 100 });
    const lines = { details: [{ goods_id: goodsId, quantity: 1 }] };
    await placeOrder(t.api, few, lines);
    for (let i = 0; i < 12; i++)
      await placeOrder(t.api, many, i % 2 ? lines : { goods_id: second.id, quantity: 2 });

    // Counted at the pg client, without the event hub's background reads (any commit wakes
    // them, so they would land inside whichever request happens to be running).
    const counter = new StatementCounter(t.dataSource);
    const count = async (token: string) => {
      const { result: res, statements } = await counter.during(() =>
        t.api.get('/api/orders', { token, query: { pageSize: 20 } }),
      );
      expect(res.body.code).toBe(0);
      return { items: res.body.data.length as number, queries: statements.length };
    };
    const small = await count(few.token);
    const large = await count(many.token);
    counter.uninstall();
    expect(small.items).toBe(1);
    expect(large.items).toBe(12);
    expect(large.queries).toBe(small.queries);
    // the auth guard's account check, then one statement: count, page, lines, products, buyers
    expect(large.queries).toBe(2);
  });

  it('answers another customer’s order exactly like an unknown one, on every endpoint', async () => {
    const owner = await registerCustomer(t.api);
    const stranger = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, stranger.id, 100_000);
    const order = await placeOrder(t.api, owner, { goods_id: goodsId });
    const unknownId = '209901010000009999';
    const calls = (orderId: string, token: string) => [
      t.api.get('/api/order/detail', { token, query: { order_id: orderId } }),
      t.api.get('/api/payment/check', { token, query: { order_id: orderId } }),
      t.api.post('/api/order/payment', { order_id: orderId, pay_way: 'balance' }, { token }),
      t.api.post('/api/order/payment', { order_id: orderId, pay_way: 'offline' }, { token }),
      t.api.post('/api/order/cancel', { order_id: orderId }, { token }),
      t.api.post('/api/order/finish', { order_id: orderId }, { token }),
      t.api.post('/api/order/refund', { order_id: orderId }, { token }),
    ];
    const theirs = await Promise.all(calls(order.order_id, stranger.token));
    const unknown = await Promise.all(calls(unknownId, stranger.token));
    theirs.forEach((res, i) => {
      expect(res.body).toEqual({
        code: -1,
        msg: 'Order not found',
        data: null,
        error: 'ORDER.NOT_FOUND',
      });
      expect(res.body).toEqual(unknown[i].body);
    });
    const byId = await t.api.get('/api/order/detail', {
      token: stranger.token,
      query: { id: order.id },
    });
    expect(byId.body).toMatchObject({ code: -1, error: 'ORDER.NOT_FOUND' });
    const list = await t.api.get('/api/orders', { token: stranger.token });
    expect(list.body.data.map((o: any) => o.order_id)).not.toContain(order.order_id);
    // Nothing changed for the owner.
    const mine = await t.api.get('/api/order/detail', {
      token: owner.token,
      query: { id: order.id },
    });
    expect(mine.body.data).toMatchObject({ order_id: order.order_id, status: 0 });
    expect((await t.api.get('/api/user/detail', { token: stranger.token })).body.data.balance).toBe(
      100_000,
    );
  });

  it('keeps the product and address as they were when ordered', async () => {
    const buyer = await registerCustomer(t.api);
    const goods = await createGoods(t.api, admin.token, {
      title: 'Original title',
      price: 1200,
      stock: 5,
      thumb: 'uploads/202612/a.webp',
    });
    const order = await placeOrder(t.api, buyer, {
      goods_id: goods.id,
      quantity: 2,
      address: {
        name: '张三',
        phone: '13800000000',
        province: '广东省',
        city: '深圳市',
        country: '南山区',
        address_info: '科技园1号',
        postcode: '518000',
      },
    });
    expect(order.address_id).toBeGreaterThan(0);
    expect(
      (await saveGoods(t.api, admin.token, { id: goods.id, title: 'Renamed', price: 9999 })).body
        .code,
    ).toBe(0);
    const saved = await t.api.post(
      '/api/order/address',
      { id: order.address_id, name: '李四', phone: '13900000000', address_info: '新地址' },
      { token: buyer.token },
    );
    expect(saved.body.data).toMatchObject({ id: order.address_id, name: '李四' });

    const detail = await t.api.get('/api/order/detail', {
      token: buyer.token,
      query: { order_id: order.order_id },
    });
    expect(detail.body.data.details[0]).toMatchObject({
      title: 'Original title',
      thumb: 'uploads/202612/a.webp',
      price: 1200,
      origin_price: 1200,
      amount: 2400,
      goods: { id: goods.id, title: 'Renamed', price: 9999 },
    });
    expect(detail.body.data.order_address).toEqual({
      name: '张三',
      phone: '13800000000',
      province: '广东省',
      city: '深圳市',
      country: '南山区',
      address_info: '科技园1号',
      postcode: '518000',
    });
  });

  it('manages own addresses only', async () => {
    const buyer = await registerCustomer(t.api);
    const other = await registerCustomer(t.api);
    expect((await t.api.get('/api/order/address', { token: buyer.token })).body).toMatchObject({
      code: 0,
      data: null,
    });
    const first = await t.api.post(
      '/api/order/address',
      { name: 'A', phone: '1', address_info: 'street 1' },
      { token: buyer.token },
    );
    const second = await t.api.post(
      '/api/order/address',
      { name: 'B', phone: '2', address_info: 'street 2', postcode: '100000' },
      { token: buyer.token },
    );
    const list = await t.api.get('/api/order/addresses', { token: buyer.token });
    expect(list.body.data.map((a: any) => a.name)).toEqual(['B', 'A']);
    expect((await t.api.get('/api/order/address', { token: buyer.token })).body.data.id).toBe(
      second.body.data.id,
    );
    expect(
      (
        await t.api.get('/api/order/address', {
          token: buyer.token,
          query: { id: first.body.data.id },
        })
      ).body.data.name,
    ).toBe('A');

    const id = first.body.data.id;
    for (const res of [
      await t.api.get('/api/order/address', { token: other.token, query: { id } }),
      await t.api.post(
        '/api/order/address',
        { id, name: 'X', phone: '3', address_info: 'x' },
        { token: other.token },
      ),
      await t.api.post('/api/order/address/delete', { id }, { token: other.token }),
      await t.api.post(
        '/api/order/create',
        { goods_id: goodsId, address: { id } },
        { token: other.token },
      ),
    ])
      expect(res.body).toMatchObject({ code: -1, error: 'ORDER.ADDRESS_NOT_FOUND' });

    const incomplete = await t.api.post(
      '/api/order/create',
      { goods_id: goodsId, address: { name: 'only a name' } },
      { token: buyer.token },
    );
    expect(incomplete.body).toMatchObject({ code: -1, error: 'ORDER.ADDRESS_INCOMPLETE' });
    expect(incomplete.body.msg).toContain('phone');

    expect(
      (await t.api.post('/api/order/address/delete', { id }, { token: buyer.token })).body.code,
    ).toBe(0);
    expect(
      (await t.api.get('/api/order/addresses', { token: buyer.token })).body.data,
    ).toHaveLength(1);
  });

  it('refuses bad order bodies with a clear -1 and writes nothing', async () => {
    const buyer = await registerCustomer(t.api);
    const other = await createGoods(t.api, admin.token, {
      price: 100,
      stock: 5,
      user_id: (await registerCustomer(t.api)).id,
    });
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM orders');
    const cases: [unknown, string][] = [
      [{}, 'ORDER.NO_ITEMS'],
      [{ goods_id: 0 }, 'COMMON.VALIDATION'],
      [{ goods_id: goodsId, quantity: 0 }, 'COMMON.VALIDATION'],
      [{ goods_id: goodsId, quantity: 'two' }, 'COMMON.VALIDATION'],
      [{ goods_id: goodsId, type: 'gift' }, 'COMMON.VALIDATION'],
      [{ details: [] }, 'COMMON.VALIDATION'],
      [{ details: [{ goods_id: goodsId }] }, 'COMMON.VALIDATION'],
      [{ goods_id: goodsId, remark: 'x'.repeat(501) }, 'COMMON.VALIDATION'],
      [{ goods_id: 99_999_999 }, 'CATALOGUE.GOODS_NOT_FOUND'],
      [
        {
          details: [
            { goods_id: goodsId, quantity: 1 },
            { goods_id: other.id, quantity: 1 },
          ],
        },
        'ORDER.MIXED_SELLERS',
      ],
      [{ goods_id: goodsId, quantity: 5000 }, 'CATALOGUE.OUT_OF_STOCK'],
    ];
    for (const [body, error] of cases) {
      const res = await t.api.post('/api/order/create', body, { token: buyer.token });
      expect({ body, status: res.status, code: res.body.code, error: res.body.error }).toEqual({
        body,
        status: 200,
        code: -1,
        error,
      });
    }
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM orders')).toEqual(before);
  });

  it('merges repeated lines of one product into one', async () => {
    const buyer = await registerCustomer(t.api);
    const order = await placeOrder(t.api, buyer, {
      details: [
        { goods_id: goodsId, quantity: 1 },
        { goods_id: goodsId, quantity: 2 },
      ],
    });
    expect(order.details).toHaveLength(1);
    expect(order.details[0]).toMatchObject({ quantity: 3, amount: 29_700 });
  });

  describe('placing through the exported service (communication accept)', () => {
    it('uses the quoted price, stores comm_order_id, and allows one order per request', async () => {
      const buyer = await registerCustomer(t.api);
      const placement = t.app.get(OrderPlacementService);
      const query = t.app.get(OrderQueryService);
      const input = { goods_id: goodsId, quantity: 2, remark: '定制商品订单' };
      const placed = await t.dataSource.transaction((manager) =>
        placement.placeOrder(manager, customerActor(buyer), input, {
          quotedUnitPrice: 12_345,
          commOrderId: 777,
        }),
      );
      expect(placed).toMatchObject({
        status: 0,
        origin_amount: 24_690,
        amount: 24_690,
        comm_order_id: 777,
        remark: '定制商品订单',
      });
      // Lines, read in the transaction; product and buyer objects come with the full detail.
      expect(placed.details).toEqual([
        expect.objectContaining({ goods_id: goodsId, quantity: 2, price: 12_345, goods: null }),
      ]);
      expect(placed.user).toBeUndefined();
      const found = await t.dataSource.transaction((manager) =>
        query.findByCommOrderId(manager, 777),
      );
      expect(found?.order_id).toBe(placed.order_id);
      expect(
        await t.dataSource.transaction((manager) => query.findByCommOrderId(manager, 778)),
      ).toBeNull();

      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          t.dataSource.transaction((manager) =>
            placement.placeOrder(manager, customerActor(buyer), input, {
              quotedUnitPrice: 1,
              commOrderId: 778,
            }),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const failed of results.filter((r) => r.status === 'rejected'))
        expect(failed.reason).toMatchObject({
          reason: 'ORDER.COMM_ORDER_ALREADY_PLACED',
        });
      const [{ n }] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM orders WHERE comm_order_id = 778',
      );
      expect(n).toBe(1);

      await expect(
        t.dataSource.transaction((manager) =>
          placement.placeOrder(
            manager,
            customerActor(buyer),
            {
              details: [
                { goods_id: goodsId, quantity: 1 },
                { goods_id: goodsId + 1, quantity: 1 },
              ],
            },
            { quotedUnitPrice: 100 },
          ),
        ),
      ).rejects.toMatchObject({ reason: 'ORDER.QUOTE_NEEDS_ONE_LINE' });
    });
  });

  describe('admin list and export', () => {
    let buyer: TestCustomer;
    let orders: any[];

    beforeAll(async () => {
      buyer = await registerCustomer(t.api);
      orders = [];
      for (const remark of ['plain', '=HYPERLINK("http://evil")', 'comma, "quoted"']) {
        orders.push(await placeOrder(t.api, buyer, { goods_id: goodsId, remark }));
      }
      await fundBalance(t.api, admin.token, buyer.id, 9900);
      await walk({ api: t.api, buyer, adminToken: admin.token }, orders[0].order_id, ['pay']);
    });

    it('filters by status, order_id, user_name and date range', async () => {
      const list = (query: Record<string, string | number>) =>
        t.api.get('/system/api/plugin/order/list', { admin: admin.token, query });
      const byName = await list({ user_name: buyer.userName.slice(0, 12), pageSize: 100 });
      expect(byName.body.data.map((o: any) => o.order_id)).toEqual(
        orders.map((o) => o.order_id).reverse(),
      );
      expect(byName.body.data[0].user.user_name).toBe(buyer.userName);
      const paid = await list({ user_name: buyer.userName, status: 'paid' });
      expect(paid.body.data.map((o: any) => o.order_id)).toEqual([orders[0].order_id]);
      const one = await list({ order_id: orders[1].order_id });
      expect(one.body.total).toBe(1);
      const now = Math.floor(Date.now() / 1000);
      expect((await list({ user_name: buyer.userName, start_time: now + 3600 })).body.total).toBe(
        0,
      );
      expect(
        (await list({ user_name: buyer.userName, start_time: now - 3600, end_time: now + 3600 }))
          .body.total,
      ).toBe(3);
      expect((await list({ user_name: 'no-such-user-anywhere' })).body.total).toBe(0);
    });

    it('streams the filtered list as CSV with formula cells defused', async () => {
      const res = await fetch(
        `${t.baseUrl}/system/api/plugin/order/export?user_name=${encodeURIComponent(buyer.userName)}`,
        { headers: { admin: admin.token } },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toContain('orders.csv');
      const text = (await res.text()).replace(/^\uFEFF/, '');
      const lines = text.trim().split('\r\n');
      expect(lines[0].split(',').slice(0, 4)).toEqual([
        'order_id',
        'created_time',
        'user_id',
        'user_name',
      ]);
      expect(lines).toHaveLength(4);
      expect(text).toContain(`'=HYPERLINK(""http://evil"")`);
      expect(text).toContain('"comma, ""quoted"""');
      expect(lines[1]).toContain(orders[2].order_id);
      // Every cell as the entities TypeORM loads give it (the export reads with its own SQL).
      const stored = await t.dataSource
        .getRepository(Order)
        .find({ where: { userId: buyer.id }, order: { id: 'DESC' } });
      expect(stored).toHaveLength(3);
      expect('\uFEFF' + text).toBe(
        csvHeader() + stored.map((order) => csvRow(order, buyer.userName)).join(''),
      );

      const post = await fetch(`${t.baseUrl}/system/api/plugin/order/export`, {
        method: 'POST',
        headers: { admin: admin.token, 'content-type': 'application/json' },
        body: JSON.stringify({ user_name: buyer.userName, status: 'paid' }),
      });
      // POST is the AnqiCMS staff panel's export: the same rows as a {header, content} table.
      const table = (await post.json()) as { code: number; data: { content: unknown[][] } };
      expect(table.code).toBe(0);
      expect(table.data.content).toHaveLength(1);
      expect(table.data.content[0][0]).toBe(orders[0].order_id);
    });

    it('exports more rows than one batch, in order', async () => {
      const many = await registerCustomer(t.api);
      const ids = new Set<string>();
      // Placed through the exported service in one transaction: same code path, less HTTP.
      const placement = t.app.get(OrderPlacementService);
      await t.dataSource.transaction(async (manager) => {
        for (let i = 0; i < 520; i++)
          ids.add(
            (await placement.placeOrder(manager, customerActor(many), { goods_id: goodsId }))
              .order_id,
          );
      });
      const res = await fetch(`${t.baseUrl}/system/api/plugin/order/export?user_id=${many.id}`, {
        headers: { admin: admin.token },
      });
      const lines = (await res.text()).trim().split('\r\n').slice(1);
      expect(lines).toHaveLength(520);
      const exported = lines.map((line) => line.split(',')[0]);
      expect(new Set(exported)).toEqual(ids);
    });
  });
});
