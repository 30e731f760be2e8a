import { Access } from '../../src/common/auth/access.decorators.js';
import { listRoutes } from '../../src/common/http/route-catalogue.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoodsOnSale, TestGoods } from '../factories/catalogue.factory.js';
import { createCommOrder, staffReply } from '../factories/communication.factory.js';
import { createCoupon, createCouponCode } from '../factories/coupons.factory.js';
import { createGroup } from '../factories/groups.factory.js';
import { fundBalance, placeOrder } from '../factories/orders.factory.js';
import { ApiResponse } from '../support/api-client.js';
import { StatementCounter } from '../support/statement-counter.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Every list and detail route declares how many SQL statements one request may send, counted at
 * the pg client (the token check included). A list must also cost the same whatever its page
 * size, the length of the threads it shows or the size of the tables it reads: an N+1 or a
 * "load everything" shows up here as a changed count, long before it shows up in production.
 *
 * The budget table is checked against the route catalogue: a new GET route fails this file
 * until it declares its budget here (or is listed as exempt with the reason).
 */

interface Fixture {
  customer: TestCustomer;
  admin: TestAdmin;
  goods: TestGoods;
  orderId: string;
  paidOrderId: string;
  commOrderId: number;
  groupId: number;
  couponId: number;
  couponCode: string;
  addressId: number;
  categoryId: number;
  pageId: number;
  webhookId: number;
}

interface Budget {
  /** Most statements one request may send (the account check included). */
  max: number;
  /** A list: also checked at page_size 1 and 100 for the same count. */
  list?: boolean;
  query?: (f: Fixture) => Record<string, string | number>;
}

const LIST_BUDGET = 3;

const BUDGETS: Record<string, Budget> = {
  // Customer
  // The token check reads the whole account row, which is the answer (@WithAccountRow()).
  'GET /api/user/detail': { max: 1 },
  // Every group on sale, unpaged (a shop has a handful).
  'GET /api/user/groups': { max: 2 },
  'GET /api/user/group/detail': { max: 2, query: (f) => ({ id: f.groupId }) },
  'GET /api/user/balance/logs': { max: LIST_BUDGET, list: true },
  'GET /api/orders': { max: LIST_BUDGET, list: true },
  // The account check rides in the read's statement (@AccountCheckedByRead()).
  'GET /api/order/detail': { max: 1, query: (f) => ({ order_id: f.orderId }) },
  'GET /api/payment/check': { max: 3, query: (f) => ({ order_id: f.paidOrderId }) },
  // A customer's saved addresses, unpaged (at most MAX_SAVED_ADDRESSES).
  'GET /api/order/addresses': { max: 2 },
  'GET /api/order/address': { max: 2, query: (f) => ({ id: f.addressId }) },
  'GET /api/coupon/check': { max: 3, query: (f) => ({ code: f.couponCode, amount: 9900 }) },
  // The account check, the count and the page in one statement (@AccountCheckedByRead()).
  'GET /api/communication/orders': { max: 1, list: true },
  'GET /api/communication/order/detail': { max: 1, query: (f) => ({ id: f.commOrderId }) },
  // The account check, the visibility check and the page in one statement.
  'GET /api/communication/messages': {
    max: 1,
    list: true,
    query: (f) => ({ comm_order_id: f.commOrderId }),
  },
  // Public
  // The page, its total and each product's SKUs in one statement; the detail with its SKUs and
  // category in one.
  'GET /api/archive/list': { max: 1, list: true },
  'GET /api/archive/detail': { max: 1, query: (f) => ({ id: f.goods.id }) },
  // Categories, settings and banners: small, unpaged sets a shop edits by hand.
  'GET /api/category/list': { max: 1 },
  'GET /api/category/detail': { max: 1, query: (f) => ({ id: f.categoryId }) },
  'GET /api/setting/system': { max: 1 },
  'GET /api/setting/contact': { max: 1 },
  'GET /api/setting/index': { max: 1 },
  'GET /api/banner/list': { max: 1 },
  'GET /api/page/detail': { max: 1, query: (f) => ({ id: f.pageId }) },
  'GET /system/api/category/list': { max: 2 },
  'GET /system/api/category/detail': { max: 2, query: (f) => ({ id: f.categoryId }) },
  'GET /system/api/setting/system': { max: 2 },
  'GET /system/api/setting/contact': { max: 2 },
  'GET /system/api/setting/index': { max: 2 },
  'GET /system/api/setting/banner': { max: 2 },
  // Fixed answers: the token check only.
  'GET /system/api/setting/content': { max: 1 },
  'GET /system/api/module/list': { max: 1 },
  // The staff panel's shell: the login page (public: with a token it is still checked), the
  // dashboard (all its figures in one statement) and its empty CMS-only charts.
  'GET /system/api/siteinfo': { max: 2 },
  'GET /system/api/captcha': { max: 1 },
  'GET /system/api/statistic/summary': { max: 2 },
  'GET /system/api/statistic/dashboard': { max: 2 },
  'GET /system/api/statistic/include': { max: 1 },
  'GET /system/api/statistic/traffic': { max: 1 },
  'GET /system/api/statistic/spider': { max: 1 },
  'GET /system/api/version/check': { max: 1 },
  // Customers (the panel's plugin/user page), each with its group in the same statement.
  'GET /system/api/plugin/user/list': { max: LIST_BUDGET, list: true },
  'GET /system/api/plugin/user/detail': { max: 2, query: (f) => ({ id: f.customer.id }) },
  'GET /system/api/plugin/user/fields': { max: 1 },
  // The ledger across customers, with user names.
  'GET /system/api/plugin/finance/list': { max: LIST_BUDGET, list: true },
  // The panel's image picker: staff uploads, one statement with the total; no image folders.
  'GET /system/api/attachment/list': { max: LIST_BUDGET, list: true },
  'GET /system/api/attachment/category/list': { max: 1 },
  // Staff
  'GET /system/api/admin/detail': { max: 2 },
  // Paged, but a shop has a handful of staff: not grown to 100 rows here.
  'GET /system/api/admin/list': { max: LIST_BUDGET },
  'GET /system/api/audit/list': { max: LIST_BUDGET, list: true },
  'GET /system/api/admin/logs/action': { max: LIST_BUDGET, list: true },
  // Groups are unpaged (a shop has a handful): one statement whatever their number.
  'GET /system/api/user/group/list': { max: 2 },
  'GET /system/api/user/group/detail': { max: 2, query: (f) => ({ id: f.groupId }) },
  'GET /system/api/plugin/user/group/list': { max: 2 },
  'GET /system/api/plugin/user/group/detail': { max: 2, query: (f) => ({ id: f.groupId }) },
  'GET /system/api/user/balance/logs': {
    max: LIST_BUDGET,
    list: true,
    query: (f) => ({ user_id: f.customer.id }),
  },
  'GET /system/api/plugin/order/list': { max: LIST_BUDGET, list: true },
  'GET /system/api/plugin/order/detail': { max: 3, query: (f) => ({ order_id: f.orderId }) },
  // Gateway refunds (docs/payments.md): a page and its count.
  'GET /system/api/plugin/order/refunds': { max: LIST_BUDGET, list: true },
  'GET /system/api/communication/order/list': { max: LIST_BUDGET, list: true },
  'GET /system/api/communication/order/detail': { max: 3, query: (f) => ({ id: f.commOrderId }) },
  // The visibility check and the page in one statement (plus the token check).
  'GET /system/api/communication/messages': {
    max: 2,
    list: true,
    query: (f) => ({ comm_order_id: f.commOrderId }),
  },
  'GET /system/api/coupon/list': { max: LIST_BUDGET, list: true },
  'GET /system/api/coupon/detail': { max: 2, query: (f) => ({ id: f.couponId }) },
  'GET /system/api/coupon/codes': {
    max: LIST_BUDGET,
    list: true,
    query: (f) => ({ coupon_id: f.couponId }),
  },
  'GET /system/api/archive/list': { max: 2, list: true },
  'GET /system/api/archive/detail': { max: 2, query: (f) => ({ id: f.goods.id }) },
  'GET /system/api/webhook/list': { max: LIST_BUDGET, list: true },
  'GET /system/api/webhook/detail': { max: 2, query: (f) => ({ id: f.webhookId }) },
  // A page of deliveries with the newest tries of each, in one statement.
  'GET /system/api/webhook/attempts': {
    max: LIST_BUDGET,
    list: true,
    query: (f) => ({ id: f.webhookId }),
  },
  // Mail (docs/notifications.md): the settings row, the mail log, a customer's switches.
  'GET /system/api/plugin/sendmail/setting': { max: 2 },
  'GET /system/api/plugin/storage': { max: 2 },
  'GET /system/api/plugin/sendmail/list': { max: LIST_BUDGET, list: true },
  'GET /api/user/notifications': { max: 3 },
};

/** GET routes that are not list or detail reads, and why they have no budget here. */
const EXEMPT: Record<string, string> = {
  'GET /health': 'no database',
  'GET /health/ready': 'one ping, no auth',
  'GET /uploads/:month/:file': 'a file from storage, no database',
  'GET /system/api/plugin/order/export': 'a CSV stream read in batches: grows with the export',
  'GET /system/api/plugin/order/config': 'settings from the environment, no list or row read',
  'GET /system/api/plugin/pay/config': 'gateway settings, one small table, staff only',
  'GET /return/paypal/pay': 'a gateway return: asks PayPal, then settles like a notification',
  'GET /return/paypal/cancel': 'a gateway return: one payment lookup, no list',
  'GET /api/notifications/unsubscribe': 'a signed mail link: checks the signature, no database',
  // An event stream is one long response: the token check, then a paged catch-up (one statement
  // per 500 events behind); live events come from the instance's one shared hub, whatever the
  // number of streams (docs/events.md).
  'GET /api/events': 'an event stream: catch-up paged by 500 events, then the shared hub',
  'GET /system/api/events': 'an event stream: catch-up paged by 500 events, then the shared hub',
  // The staff inbox pages (HTML, not envelopes): each is built from the reads budgeted above
  // (the staff request list, detail and messages) plus one read of product titles.
  'GET /staff': 'a redirect to /staff/inbox, no database',
  'GET /staff/login': 'the sign-in form, no database',
  'GET /staff/assets/:name': 'the pages’ script and style, read at start',
  'GET /staff/inbox': 'HTML: the staff request list plus product titles',
  'GET /staff/inbox/list': 'HTML: the staff request list plus product titles',
  'GET /staff/requests/:id': 'HTML: mark read, detail, messages, product, shop order, the list',
  'GET /staff/requests/:id/:part': 'HTML: a part of the thread page, from the same reads',
};

describe('SQL statements per request (e2e)', () => {
  let t: TestApp;
  let counter: StatementCounter;
  let f: Fixture;
  const baseline = new Map<string, number>();

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createAdmin(t);
    const customer = await registerCustomer(t.api);
    const goods = await createGoodsOnSale(t);
    await fundBalance(t.api, admin.token, customer.id, 1_000_000);
    const address = await t.api.post(
      '/api/order/address',
      {
        name: 'Li Lei',
        phone: '13800000000',
        province: 'Zhejiang',
        city: 'Hangzhou',
        address_info: '1 West Lake Road',
      },
      { token: customer.token },
    );
    if (address.body.code !== 0) throw new Error(address.text);
    const order = await placeOrder(t.api, customer, { goods_id: goods.id, quantity: 2 });
    // payment/check answers at once only for a paid order (an unpaid one waits and re-reads).
    const paid = await placeOrder(t.api, customer, { goods_id: goods.id, quantity: 1 });
    const pay = await t.api.post(
      '/system/api/plugin/order/pay',
      { order_id: paid.order_id },
      { admin: admin.token },
    );
    if (pay.body.code !== 0) throw new Error(pay.text);
    const comm = await createCommOrder(t.api, customer, goods.id);
    await staffReply(t.api, admin, comm.id);
    const group = await createGroup(t.api, admin.token, { price: 1000, status: 1 });
    const coupon = await createCoupon(t.api, admin.token);
    const category = await t.api.post(
      '/system/api/category/detail',
      { title: 'Suits' },
      { admin: admin.token },
    );
    if (category.body.code !== 0) throw new Error(category.text);
    const page = await t.api.post(
      '/system/api/category/detail',
      { title: 'About us', type: 3, url_token: 'about', content: '<p>Hello</p>' },
      { admin: admin.token },
    );
    if (page.body.code !== 0) throw new Error(page.text);
    const code = await createCouponCode(t.api, admin.token, coupon.id, { user_id: customer.id });
    // One image staff uploaded (the panel's image picker lists them).
    await t.dataSource.query(
      `INSERT INTO attachments (uploader_type, uploader_id, file_name, storage_key, mime_type, file_size, sha256)
       VALUES ('admin', $1, 'mug.png', '202612/00000000000000000000000000000000.png', 'image/png', 10, repeat('a', 64))`,
      [admin.id],
    );
    // A webhook endpoint with one delivery and its try (public targets cannot be reached here).
    const [webhook] = await t.dataSource.query(
      `INSERT INTO webhook_endpoints (url, events, secret)
       VALUES ('https://hooks.example.com/shop', '["order.paid"]', 'whsec_AAAA') RETURNING id`,
    );
    await t.dataSource.query(
      `WITH d AS (INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, next_try_at)
                  VALUES ($1, 1, 'order.paid', '{}', now()) RETURNING id)
       INSERT INTO webhook_attempts (delivery_id, status_code, duration_ms) SELECT id, 500, 12 FROM d`,
      [webhook.id],
    );
    f = {
      customer,
      admin,
      goods,
      orderId: order.order_id,
      paidOrderId: paid.order_id,
      commOrderId: comm.id,
      groupId: group.id,
      couponId: coupon.id,
      couponCode: code.code,
      addressId: address.body.data.id,
      categoryId: category.body.data.id,
      pageId: page.body.data.id,
      webhookId: webhook.id,
    };
    counter = new StatementCounter(t.dataSource);
  });
  afterAll(async () => {
    counter?.uninstall();
    await t.close();
  });

  function call(key: string, extra: Record<string, string | number> = {}) {
    const budget = BUDGETS[key];
    const path = key.slice('GET '.length);
    const auth = path.startsWith('/system/')
      ? { admin: f.admin.token }
      : /^\/api\/(archive|category|setting|banner|page)\//.test(path)
        ? {}
        : { token: f.customer.token };
    return counter.during(() =>
      t.api.get(path, { ...auth, query: { ...(budget.query?.(f) ?? {}), ...extra } }),
    );
  }

  function expectOk(key: string, res: ApiResponse) {
    // Success: code 0 (payment/check says so in msg too, "Payment successful", as AnqiCMS).
    expect({ key, code: res.body.code, error: res.body.error }).toEqual({
      key,
      code: 0,
      error: undefined,
    });
  }

  it('has a budget (or a stated exemption) for every GET route', () => {
    const gets = listRoutes(t.app)
      .filter((r) => r.method === 'GET')
      .map((r) => `${r.method} ${r.path}`);
    const missing = gets.filter((key) => !(key in BUDGETS) && !(key in EXEMPT));
    expect(missing).toEqual([]);
    // And nothing stale: every budget names a route that exists.
    expect(Object.keys(BUDGETS).filter((key) => !gets.includes(key))).toEqual([]);
    for (const route of listRoutes(t.app).filter((r) => r.access === Access.Public)) {
      if (`${route.method} ${route.path}` in BUDGETS) expect(route.method).toBe('GET');
    }
  });

  it('keeps every list and detail route within its budget', async () => {
    const over: string[] = [];
    /** Lists that sent no statement: a page of rows is always read, so the counter was blind. */
    const unseen: string[] = [];
    for (const key of Object.keys(BUDGETS)) {
      // Lists at page_size 1, so the page is full: TypeORM skips the count of a page that is
      // not, which would look like growth once the tables are big.
      const { result, statements } = await call(key, BUDGETS[key].list ? { page_size: 1 } : {});
      expectOk(key, result);
      baseline.set(key, statements.length);
      if (BUDGETS[key].list && statements.length === 0) unseen.push(key);
      if (statements.length > BUDGETS[key].max) {
        over.push(
          `${key}: ${statements.length} > ${BUDGETS[key].max}\n  ${statements.map((sql) => sql.slice(0, 90)).join('\n  ')}`,
        );
      }
    }
    expect(over).toEqual([]);
    // The budgets are upper bounds: they hold only if the counter saw the statements at all.
    expect(unseen).toEqual([]);
    // No list may cost more than LIST_BUDGET (a list may pin a lower count of its own).
    const overListBudget = Object.entries(BUDGETS)
      .filter(([, budget]) => budget.list && budget.max > LIST_BUDGET)
      .map(([key]) => key);
    expect(overListBudget).toEqual([]);
  });

  /**
   * Writes, counted the same way: a message send is the token check plus one statement (lock,
   * status check, message, thread counters, event and, for staff, the audit row; the name staff
   * sign with comes with the token check). It was 7 for a customer and 9 for staff (name, BEGIN,
   * lock, INSERT message, UPDATE counters, INSERT event, [INSERT audit,] COMMIT), each its own
   * round trip.
   */
  it('sends a message in one statement after the token check', async () => {
    const request = await createCommOrder(t.api, f.customer, f.goods.id);
    await staffReply(t.api, f.admin, request.id);
    const sent: Record<string, number> = {};
    for (const [key, auth] of [
      ['POST /api/communication/message/send', { token: f.customer.token }],
      ['POST /system/api/communication/message/send', { admin: f.admin.token }],
    ] as const) {
      const { result, statements } = await counter.during(() =>
        t.api.post(
          key.slice('POST '.length),
          { comm_order_id: request.id, message_type: 'text', content: 'budget' },
          auth,
        ),
      );
      expectOk(key, result);
      sent[key] = statements.length;
    }
    expect(sent).toEqual({
      'POST /api/communication/message/send': 2,
      'POST /system/api/communication/message/send': 2,
    });
  });

  /**
   * A status transition: its history row, audit entry (staff), thread message, counters and event
   * are one statement after the conditional status UPDATE. The first staff reply (0 → 1) was 12
   * and a customer cancel 11 before (history, audit, message, counters and event one each).
   */
  it('writes a status transition in a short transaction', async () => {
    const request = await createCommOrder(t.api, f.customer, f.goods.id);
    const reply = await counter.during(() =>
      t.api.post(
        '/system/api/communication/message/send',
        { comm_order_id: request.id, message_type: 'text', content: 'budget' },
        { admin: f.admin.token },
      ),
    );
    expectOk('reply', reply.result);
    const cancel = await counter.during(() =>
      t.api.post(
        '/api/communication/order/cancel',
        { id: request.id, reason: 'budget' },
        { token: f.customer.token },
      ),
    );
    expectOk('cancel', cancel.result);
    expect({ reply: reply.statements.length, cancel: cancel.statements.length }).toEqual({
      reply: 8,
      cancel: 8,
    });
  });

  /**
   * Placing an order: the token check, one read (products, options, the buyer's group and
   * referral chain) and one statement that takes the stock and writes the order, its lines,
   * history row and event, and reads the answer back from what it wrote; no transaction around
   * it. A saved address adds its read; a second line needs the transaction (the statement's
   * stock of the other lines is rolled back when one is short); a coupon code takes the stock
   * first, then its own reads and conditional UPDATEs. It was 15, 16 (address), 17 (two lines)
   * and 21 (coupon code): a statement per step, each its own round trip.
   */
  it('places an order in one write statement after the token check and one read', async () => {
    const second = await createGoodsOnSale(t);
    const coupon = await createCoupon(t.api, f.admin.token, { type: 'amount', value: 100 });
    const code = await createCouponCode(t.api, f.admin.token, coupon.id, {
      user_id: f.customer.id,
    });
    const sent: Record<string, number> = {};
    for (const [name, body] of [
      ['one line', { goods_id: f.goods.id, quantity: 1 }],
      ['saved address', { goods_id: f.goods.id, quantity: 1, address: { id: f.addressId } }],
      [
        'two lines',
        {
          details: [
            { goods_id: f.goods.id, quantity: 1 },
            { goods_id: second.id, quantity: 1 },
          ],
        },
      ],
      ['coupon code', { goods_id: f.goods.id, quantity: 1, coupon_code: code.code }],
    ] as const) {
      const { result, statements } = await counter.during(() =>
        t.api.post('/api/order/create', body, { token: f.customer.token }),
      );
      expectOk(`POST /api/order/create (${name})`, result);
      sent[name] = statements.length;
    }
    expect(sent).toEqual({
      'one line': 3,
      'saved address': 4,
      'two lines': 5,
      'coupon code': 12,
    });
  });

  describe('after the tables grow (thousands of rows, 100+ per list, a 2,000-message thread)', () => {
    beforeAll(async () => {
      await growTables();
    });

    it('sends the same statements as on the small tables', async () => {
      const changed: string[] = [];
      for (const key of Object.keys(BUDGETS)) {
        const { result, statements } = await call(key, BUDGETS[key].list ? { page_size: 1 } : {});
        expectOk(key, result);
        if (statements.length !== baseline.get(key)) {
          changed.push(`${key}: ${baseline.get(key)} → ${statements.length}`);
        }
      }
      expect(changed).toEqual([]);
    });

    it('sends the same statements for a page of 1 and a page of 100', async () => {
      const changed: string[] = [];
      for (const [key, budget] of Object.entries(BUDGETS)) {
        if (!budget.list) continue;
        const one = await call(key, { page_size: 1 });
        const hundred = await call(key, { page_size: 100 });
        expectOk(key, one.result);
        expectOk(key, hundred.result);
        expect({ key, one: one.result.body.data.length }).toEqual({ key, one: 1 });
        // Every list was grown past 100 rows, so the page really is 100 long.
        expect({ key, hundred: hundred.result.body.data.length }).toEqual({ key, hundred: 100 });
        expect({ key, total: hundred.result.body.total! > 100 }).toEqual({ key, total: true });
        if (one.statements.length !== hundred.statements.length) {
          changed.push(`${key}: ${one.statements.length} → ${hundred.statements.length}`);
        }
      }
      expect(changed).toEqual([]);
    });
  });

  /** Test data set-up in set-based SQL: every list reaches 150 rows, the big tables thousands. */
  async function growTables() {
    const copies = 150;
    const customerId = f.customer.id;
    const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
    async function clone(
      table: string,
      where: string,
      params: unknown[],
      n: number,
      overrides: Record<string, string> = {},
    ) {
      const columns = await columnsOf(table);
      const select = columns.map((c: string) => overrides[c] ?? `src."${c}"`).join(', ');
      await q(
        `INSERT INTO "${table}" (${columns.map((c: string) => `"${c}"`).join(', ')})
         SELECT ${select} FROM "${table}" src CROSS JOIN generate_series(1, ${n}) AS g WHERE ${where}`,
        params,
      );
    }
    async function columnsOf(table: string): Promise<string[]> {
      const rows: { column_name: string }[] = await q(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 AND column_name <> 'id'
            AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      );
      return rows.map((row) => row.column_name);
    }
    const uniqueText = (column: string) => `src."${column}" || '-' || g`;
    // Other customers, and the catalogue.
    await clone('users', 'src.id = $1', [customerId], 2_000, {
      user_name: uniqueText('user_name'),
      email: uniqueText('email'),
      phone: uniqueText('phone'),
      invite_code: uniqueText('invite_code'),
    });
    await clone('archives', 'src.id = $1', [f.goods.id], copies, {
      url_token: uniqueText('url_token'),
    });
    await clone('attachments', "src.uploader_type = 'admin'", [], copies, {
      storage_key: uniqueText('storage_key'),
    });
    // The audit trail: one staff row cloned into thousands.
    await clone('audit_logs', 'src.id = (SELECT min(id) FROM audit_logs)', [], 3_000);
    // Orders: the customer's own and thousands of others', each with its lines.
    const [source] = await q('SELECT id FROM orders WHERE order_id = $1', [f.orderId]);
    await clone('orders', 'src.id = $1', [source.id], copies, {
      order_id: uniqueText('order_id'),
      comm_order_id: 'NULL',
    });
    await clone('orders', 'src.id = $1', [source.id], 3_000, {
      order_id: `src.order_id || '-x' || g`,
      comm_order_id: 'NULL',
      user_id: `(SELECT min(id) FROM users) + g % 2000`,
    });
    const detailColumns = await columnsOf('order_details');
    await q(
      `INSERT INTO order_details (${detailColumns.map((c) => `"${c}"`).join(', ')})
       SELECT ${detailColumns.map((c) => (c === 'order_id' ? 'o.order_id' : `d."${c}"`)).join(', ')}
         FROM order_details d JOIN orders o ON o.order_id LIKE d.order_id || '-%'
        WHERE d.order_id = $1`,
      [f.orderId],
    );
    await clone('comm_orders', 'src.id = $1', [f.commOrderId], copies);
    // A long thread on the fixture's request (and its counters to match).
    await clone(
      'comm_messages',
      'src.comm_order_id = $1 AND src.id = (SELECT max(id) FROM comm_messages WHERE comm_order_id = $1)',
      [f.commOrderId],
      2_000,
    );
    await q(
      `UPDATE comm_orders o SET message_count = m.n, last_message_id = m.last
         FROM (SELECT comm_order_id, count(*)::int AS n, max(id) AS last FROM comm_messages GROUP BY 1) m
        WHERE o.id = m.comm_order_id`,
    );
    await clone('balance_ledger', 'src.user_id = $1', [customerId], copies, {
      ref: `CASE WHEN src.ref = '' THEN '' ELSE src.ref || '-' || g END`,
    });
    await clone('order_addresses', 'src.id = $1', [f.addressId], copies);
    // Gateway refunds (failed and pending), set-based: no gateway here.
    await q(
      `INSERT INTO gateway_refunds (out_refund_no, payment_id, order_id, gateway, pay_way, amount,
                                    currency, reason, status, last_error)
       SELECT 'Rbudget' || g, 'budget' || g, $1, 'wechat', 'weapp', 100, 'CNY', 'order_refund',
              CASE WHEN g % 2 = 0 THEN 0 ELSE -1 END, 'NOT_ENOUGH'
         FROM generate_series(1, ${copies}) AS g`,
      [f.orderId],
    );
    // The mail log: failed and sent staff mails (no mail server here, so set-based).
    await q(
      `INSERT INTO mail_outbox (dedupe_key, kind, audience, address, subject, status, attempts, last_error)
       SELECT 'budget:' || g, 'order_paid', 'staff', 'staff@example.com', 'Order paid',
              CASE WHEN g % 2 = 0 THEN 'sent' ELSE 'failed' END, 1,
              CASE WHEN g % 2 = 0 THEN '' ELSE '550 no such user' END
         FROM generate_series(1, ${copies}) AS g`,
    );
    await clone('user_groups', 'src.id = $1', [f.groupId], copies);
    await clone('coupons', 'src.id = $1', [f.couponId], copies);
    await clone('coupon_codes', 'src.code = $1', [f.couponCode], copies, {
      code: uniqueText('code'),
    });
    await clone('webhook_endpoints', 'src.id = $1', [f.webhookId], copies);
    await clone('webhook_deliveries', 'src.endpoint_id = $1', [f.webhookId], copies, {
      event_id: 'src.event_id + g',
    });
    await clone('webhook_attempts', 'true', [], copies);
    await q('ANALYZE');
  }
});
