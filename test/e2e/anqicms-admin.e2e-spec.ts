/**
 * The official AnqiCMS staff panel (fesiong/anqicms-admin), order pages, replayed exactly as it
 * talks. `src/app.tsx` (umi request, axios underneath) sends the stored token as the `admin`
 * header on every call, replaces it with the `update-token` response header when one comes, and
 * sends the user to the login page on `code 1001`. `src/services/tools.ts`: GET `params` go in
 * the query string, POST `body` as JSON. The calls are those of `src/services/plugin/order.ts`,
 * made by `src/pages/plugin/order/index.tsx` (the list page) and
 * `src/pages/plugin/order/components/orderForm/index.tsx` (the detail dialog); each case says
 * which and asserts what those pages read.
 */
import { createHmac } from 'node:crypto';
import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { createGroup } from '../factories/groups.factory.js';
import { fundBalance, placeOrder, referralChain } from '../factories/orders.factory.js';
import { TINY_PNG } from '../fixtures/images.js';
import { ApiResponse } from '../support/api-client.js';
import { pollUntil } from '../support/poll.js';
import { holdingLock } from '../support/row-lock.js';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app.js';

/** Every field of the recipient that the dialog shows and this service keeps. */
const RECIPIENT = {
  name: 'Han Meimei',
  phone: '13900000000',
  province: 'Guangdong',
  city: 'Shenzhen',
  country: 'Nanshan',
  address_info: 'Science Park 1',
  postcode: '518000',
};

/** src/app.tsx + src/services/tools.ts, with `config.baseUrl` = /system/api. */
function panel(t: TestApp, adminToken: string) {
  const headers = {
    admin: adminToken,
    'Accept-Language': 'en-US',
    Accept: 'application/json, text/plain, */*',
  };
  return {
    get: (url: string, params: Record<string, string | number> = {}): Promise<ApiResponse> =>
      t.api.get(`/system/api${url}`, { headers, query: params }),
    post: (url: string, body: object): Promise<ApiResponse> =>
      t.api.post(`/system/api${url}`, body, { headers }),
  };
}

/** A staff token like `token` but expiring in `secondsLeft` (signed with the test secret). */
function expiringSoon(token: string, secondsLeft: number): string {
  const [header, payload] = token.split('.').slice(0, 2);
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number };
  const now = Math.floor(Date.now() / 1000);
  const body = Buffer.from(
    JSON.stringify({ ...claims, iat: now - 3600, exp: now + secondsLeft }),
  ).toString('base64url');
  const signature = createHmac('sha256', TEST_JWT_SECRET)
    .update(`${header}.${body}`)
    .digest('base64url');
  return `${header}.${body}.${signature}`;
}

describe('AnqiCMS staff panel: order pages (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let ui: ReturnType<typeof panel>;
  let goodsId: number;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    ui = panel(t, admin.token);
    goodsId = (
      await createGoods(t.api, admin.token, { price: 2500, stock: 1000, title: 'Panel product' })
    ).id;
  });
  afterAll(async () => {
    await t.close();
  });

  /** A buyer with one order, paid from the balance when `paid`. */
  async function order(options: { paid?: boolean; remark?: string } = {}) {
    const buyer = await registerCustomer(t.api);
    await fundBalance(t.api, admin.token, buyer.id, 2500);
    const placed = await placeOrder(t.api, buyer, {
      goods_id: goodsId,
      ...(options.remark ? { remark: options.remark } : {}),
      address: { name: 'Li Lei', phone: '13800000000', address_info: 'No. 1 Road' },
    });
    if (options.paid) {
      const paid = await t.api.post(
        '/api/order/payment',
        { order_id: placed.order_id, pay_way: 'balance' },
        { token: buyer.token },
      );
      expect(paid.body.code).toBe(0);
    }
    return { buyer, orderId: placed.order_id as string };
  }

  /** The list page's row for an order, as ProTable got it (the panel posts rows back whole). */
  async function rowOf(orderId: string) {
    const res = await ui.get('/plugin/order/list', { current: 1, pageSize: 20, order_id: orderId });
    expect(res.body).toMatchObject({ code: 0, total: 1 });
    return res.body.data[0] as Record<string, unknown> & { status: number; order_id: string };
  }

  describe('list page: pluginGetOrders (index.tsx ProTable request)', () => {
    it('answers the columns the table renders, filtered by status, order id and buyer name', async () => {
      const waiting = await order();
      const paid = await order({ paid: true });
      // ProTable sends current, pageSize and the search form's fields.
      const res = await ui.get('/plugin/order/list', {
        current: 1,
        pageSize: 20,
        status: 'paid',
        user_name: paid.buyer.userName,
      });
      expect(res.body.code).toBe(0);
      expect(res.body.total).toBe(1);
      const row = res.body.data[0];
      expect(row).toMatchObject({
        id: expect.any(Number) as number,
        order_id: paid.orderId,
        user: { user_name: paid.buyer.userName },
        amount: 2500,
        status: 1,
      });
      expect(row.created_time).toBeGreaterThan(0);
      expect(row.paid_time).toBeGreaterThan(0);
      // The buyer column's dataIndex is 'user.user_name'; either name filters.
      const byColumn = await ui.get('/plugin/order/list', {
        current: 1,
        pageSize: 20,
        'user.user_name': waiting.buyer.userName,
      });
      expect(byColumn.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([
        waiting.orderId,
      ]);
      // Every status of the search select, and "all" (''), is accepted.
      for (const status of ['', 'waiting', 'paid', 'delivery', 'finished', 'refunding']) {
        const filtered = await ui.get('/plugin/order/list', { current: 1, pageSize: 20, status });
        expect(filtered.body.code).toBe(0);
      }
      const byId = await rowOf(waiting.orderId);
      expect(byId).toMatchObject({ order_id: waiting.orderId, status: 0 });
    });
  });

  describe('detail dialog: pluginGetOrderInfo (orderForm/index.tsx)', () => {
    it('answers what the dialog shows, with the inviter names staff see', async () => {
      const { sharing, grandparent, inviter, buyer } = await referralChain(t.api, admin.token);
      const vip = (await t.api.get('/api/orders', { token: inviter.token })).body.data[0];
      const placed = await placeOrder(t.api, buyer, {
        goods_id: goodsId,
        quantity: 2,
        address: RECIPIENT,
      });
      const res = await ui.get('/plugin/order/detail', { order_id: placed.order_id });
      expect(res.body.code).toBe(0);
      const detail = res.body.data;
      expect(detail).toMatchObject({
        type: 'goods',
        order_id: placed.order_id,
        status: 0,
        paid_time: 0,
        deliver_time: 0,
        finished_time: 0,
        origin_amount: 5000,
        discount_amount: 0,
        amount: 5000,
        user_id: buyer.id,
        user: { user_name: buyer.userName },
        share_user_id: inviter.id,
        share_user: { user_name: inviter.userName },
        share_amount: 500,
        share_parent_user_id: grandparent.id,
        parent_user: { user_name: grandparent.userName },
        share_parent_amount: 250,
        order_address: RECIPIENT,
      });
      expect(detail.created_time).toBeGreaterThan(0);
      expect(typeof detail.payment_id).toBe('string');
      expect(typeof detail.remark).toBe('string');
      expect(detail.details).toHaveLength(1);
      expect(detail.details[0]).toMatchObject({
        quantity: 2,
        origin_amount: 5000,
        amount: 5000,
        goods: { title: 'Panel product', price: 2500 },
      });
      // secrets never reach the panel
      expect(JSON.stringify(detail)).not.toMatch(/"password"|password_hash|token_version/);

      // A vip order's lines show the group's title (details[].group.title).
      const vipDetail = await ui.get('/plugin/order/detail', { order_id: vip.order_id });
      expect(vipDetail.body.data).toMatchObject({ type: 'vip', status: 3 });
      expect(vipDetail.body.data.details[0].group.title).toBe(sharing.title);
    });
  });

  describe('actions, as both pages send them', () => {
    it('pay: {pay_way: "offline", order_id}, or without pay_way when the radio is left alone', async () => {
      const chosen = await order();
      const res = await ui.post('/plugin/order/pay', {
        pay_way: 'offline',
        order_id: chosen.orderId,
      });
      expect(res.body).toMatchObject({ code: 0, msg: 'Payment successful' });
      expect((await rowOf(chosen.orderId)).status).toBe(1);
      const untouched = await order();
      const bare = await ui.post('/plugin/order/pay', { order_id: untouched.orderId });
      expect(bare.body.code).toBe(0);
      expect((await rowOf(untouched.orderId)).status).toBe(1);
      const again = await ui.post('/plugin/order/pay', { order_id: untouched.orderId });
      expect(again.body).toMatchObject({ code: -1, error: 'ORDER.INVALID_TRANSITION' });
    });

    it('deliver: {express_company, tracking_number, order_id}, or the empty "no courier" choice', async () => {
      const shipped = await order({ paid: true });
      const res = await ui.post('/plugin/order/deliver', {
        express_company: 'SF Express',
        tracking_number: 'SF1234567890',
        order_id: shipped.orderId,
      });
      expect(res.body).toMatchObject({ code: 0, msg: 'Set successfully' });
      const detail = (await ui.get('/plugin/order/detail', { order_id: shipped.orderId })).body
        .data;
      expect(detail).toMatchObject({
        status: 2,
        express_company: 'SF Express',
        tracking_number: 'SF1234567890',
      });
      expect(detail.deliver_time).toBeGreaterThan(0);
      // AutoComplete option value '' and an untouched tracking field (left out of the body).
      const virtual = await order({ paid: true });
      const none = await ui.post('/plugin/order/deliver', {
        express_company: '',
        order_id: virtual.orderId,
      });
      expect(none.body.code).toBe(0);
      expect(await rowOf(virtual.orderId)).toMatchObject({
        status: 2,
        express_company: '',
        tracking_number: '',
      });
    });

    it('finished: posts the whole row of the list (index.tsx) or the detail object (orderForm)', async () => {
      const fromList = await order({ paid: true });
      await ui.post('/plugin/order/deliver', {
        express_company: 'EMS',
        tracking_number: 'E1',
        order_id: fromList.orderId,
      });
      const row = await rowOf(fromList.orderId);
      expect(row.status).toBe(2); // the list shows "finish" for status 2
      const res = await ui.post('/plugin/order/finished', row);
      expect(res.body).toMatchObject({ code: 0, msg: 'Set successfully' });
      expect((await rowOf(fromList.orderId)).status).toBe(3);

      const fromDialog = await order({ paid: true });
      await ui.post('/plugin/order/deliver', { order_id: fromDialog.orderId });
      const detail = (await ui.get('/plugin/order/detail', { order_id: fromDialog.orderId })).body
        .data;
      // Everything the detail has (user, details with goods, order_address, history, ...) rides
      // along; unknown fields are ignored, the order number decides.
      const finished = await ui.post('/plugin/order/finished', detail);
      expect(finished.body.code).toBe(0);
      expect((await rowOf(fromDialog.orderId)).status).toBe(3);
      // The stale object posted again: the order is already finished.
      const stale = await ui.post('/plugin/order/finished', detail);
      expect(stale.body).toMatchObject({
        code: -1,
        error: 'ORDER.INVALID_TRANSITION',
        msg: 'Cannot finish this order: it is finished (status 3)',
      });
    });

    it('refund decision: {status: 0 | 1, order_id} from the refund dialog', async () => {
      const refused = await order({ paid: true });
      await t.api.post(
        '/api/order/refund',
        { order_id: refused.orderId, reason: 'changed my mind' },
        { token: refused.buyer.token },
      );
      expect((await rowOf(refused.orderId)).status).toBe(8);
      const no = await ui.post('/plugin/order/refund', { status: 0, order_id: refused.orderId });
      expect(no.body).toMatchObject({ code: 0, msg: 'Set successfully' });
      expect(await rowOf(refused.orderId)).toMatchObject({ status: 1, refund_status: -1 });

      const approved = await order({ paid: true });
      await t.api.post(
        '/api/order/refund',
        { order_id: approved.orderId },
        { token: approved.buyer.token },
      );
      const yes = await ui.post('/plugin/order/refund', { status: 1, order_id: approved.orderId });
      expect(yes.body.code).toBe(0);
      expect(await rowOf(approved.orderId)).toMatchObject({ status: 9, refund_status: 1 });
      const me = await t.api.get('/api/user/detail', { token: approved.buyer.token });
      expect(me.body.data.balance).toBe(2500);
    });

    it('apply refund: posts the whole row; a finished order is refunded after-sales too', async () => {
      const paid = await order({ paid: true });
      const res = await ui.post('/plugin/order/refund/apply', await rowOf(paid.orderId));
      expect(res.body).toMatchObject({ code: 0, msg: 'Refunded' });
      expect(await rowOf(paid.orderId)).toMatchObject({ status: 9, refund_status: 1 });

      // The panel offers it for status 3 too (AnqiCMS allows it): an after-sales refund of all
      // that is left. The row's `amount` is the order total, not a refund amount: it is ignored.
      const done = await order({ paid: true });
      await ui.post('/plugin/order/finished', { order_id: done.orderId });
      const row = await rowOf(done.orderId);
      const late = await ui.post('/plugin/order/refund/apply', row);
      expect(late.body).toMatchObject({ code: 0, msg: 'Refunded' });
      expect(await rowOf(done.orderId)).toMatchObject({
        status: 9,
        refund_status: 1,
        refunded_amount: row.amount,
      });
      // Refunded in full: nothing more to refund.
      const again = await ui.post('/plugin/order/refund/apply', await rowOf(done.orderId));
      expect(again.body).toMatchObject({ code: -1, error: 'ORDER.INVALID_TRANSITION' });
    });

    it('export: the modal posts status and dates; the page reads data.header and data.content', async () => {
      const marker = `<b>gift</b> & "=1+1"`;
      const exported = await order({ paid: true, remark: marker });
      const today = new Date();
      const startOfDay = Math.floor(new Date(today.toDateString()).getTime() / 1000);
      // exportOrder(): start_time from start_date, end_time = end_date + 86400.
      const res = await ui.post('/plugin/order/export', {
        status: 'paid',
        start_date: today.toISOString().slice(0, 10),
        end_date: today.toISOString().slice(0, 10),
        start_time: startOfDay - 86400,
        end_time: startOfDay + 2 * 86400,
      });
      expect(res.body.code).toBe(0);
      const { header, content } = res.body.data as { header: string[]; content: unknown[][] };
      expect(header.slice(0, 4)).toEqual(['order_id', 'created_time', 'user_id', 'user_name']);
      for (const line of content) expect(line).toHaveLength(header.length);
      const mine = content.find((line) => line[0] === exported.orderId)!;
      expect(mine).toBeDefined();
      const cell = (name: string) => mine[header.indexOf(name)];
      expect(cell('user_name')).toBe(exported.buyer.userName);
      expect(cell('status')).toBe(1);
      expect(cell('amount_fen')).toBe(2500);
      // The panel writes cells unescaped into an HTML table: markup arrives escaped.
      expect(cell('remark')).toBe('&lt;b&gt;gift&lt;/b&gt; &amp; &quot;=1+1&quot;');
      // Only paid orders: the waiting ones of this file are not in it.
      const waiting = await order();
      const again = await ui.post('/plugin/order/export', { status: 'paid' });
      const ids = (again.body.data.content as unknown[][]).map((line) => line[0]);
      expect(ids).toContain(exported.orderId);
      expect(ids).not.toContain(waiting.orderId);
    });
  });

  describe('settings dialog: pluginGetOrderSetting / pluginSaveOrderSetting (setting/index.tsx)', () => {
    it('shows the settings, accepts them unchanged and names the variable for a change', async () => {
      const read = await ui.get('/plugin/order/config');
      // startTestApp's environment: the defaults.
      expect(read.body).toEqual({
        code: 0,
        msg: '',
        data: {
          no_process: false,
          auto_finish_day: 10,
          auto_close_minute: 30,
          seller_percent: 80,
          refund_window_day: 7,
          no_need_login: false,
        },
      });
      // The ModalForm posts every field it loaded.
      const same = await ui.post('/plugin/order/config', read.body.data);
      expect(same.body).toMatchObject({ code: 0, msg: 'Nothing changed' });
      const changed = await ui.post('/plugin/order/config', {
        ...read.body.data,
        auto_close_minute: 15,
        no_need_login: true,
      });
      expect(changed.body).toMatchObject({
        code: -1,
        error: 'ORDER.SETTINGS_FROM_ENVIRONMENT',
        msg:
          'Order settings cannot be changed here: auto_close_minute is the environment variable ' +
          'ORDER_AUTO_CLOSE_MINUTES (set it and restart); no_need_login is not available',
      });
      const bad = await ui.post('/plugin/order/config', { seller_percent: 101 });
      expect(bad.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
    });
  });

  describe('staff token (src/app.tsx)', () => {
    it('sends update-token when the staff token is close to expiry; the panel stores and uses it', async () => {
      const soon = expiringSoon(admin.token, 600);
      const res = await panel(t, soon).get('/plugin/order/list', { current: 1, pageSize: 20 });
      expect(res.body.code).toBe(0);
      const fresh = res.headers.get('update-token');
      expect(fresh).toBeTruthy();
      const claims = JSON.parse(Buffer.from(fresh!.split('.')[1], 'base64url').toString()) as {
        aud: string;
        exp: number;
      };
      expect(claims.aud).toBe('admin');
      expect(claims.exp).toBeGreaterThan(Math.floor(Date.now() / 1000) + 3600);
      const next = await panel(t, fresh!).get('/plugin/order/list', { current: 1, pageSize: 20 });
      expect(next.body.code).toBe(0);
      // It is a staff token: customer routes still refuse it.
      expect((await t.api.get('/api/orders', { bearer: fresh! })).body.code).toBe(1002);
      // A token with plenty of time left gets no replacement.
      const plenty = await ui.get('/plugin/order/list', { current: 1, pageSize: 20 });
      expect(plenty.headers.get('update-token')).toBeNull();
    });

    it('answers 1001 to an expired or missing staff token (the panel then shows its login page)', async () => {
      const expired = await panel(t, expiringSoon(admin.token, -10)).get('/plugin/order/list');
      expect(expired.body.code).toBe(1001);
      expect(expired.headers.get('update-token')).toBeNull();
      const missing = await panel(t, '').get('/plugin/order/list');
      expect(missing.body.code).toBe(1001);
    });
  });
});

/**
 * The panel's shop pages beyond orders, replayed as they talk: the login page and page header,
 * the dashboard, the products page with its form, image dialog and recycle bin, the customers and
 * finance pages, single pages and the TDK settings. Each case cites the panel file whose calls it
 * replays (`src/services/*.ts` says GET query vs POST body) and asserts what that page reads.
 */
describe('AnqiCMS staff panel: shop pages (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let ui: ReturnType<typeof panel>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    ui = panel(t, admin.token);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A category of products, made as the panel's category page saves one. */
  async function category(title: string): Promise<number> {
    const res = await ui.post('/category/detail', { title, type: 1, status: 1, module_id: 2 });
    expect(res.body.code).toBe(0);
    return res.body.data.id as number;
  }

  describe('login page and page header (src/pages/login/index.tsx, src/components/RightContent)', () => {
    it('answers siteinfo and captcha without a token; the login form then needs no captcha', async () => {
      const saved = await ui.post('/setting/system', {
        site_name: 'Panel shop',
        base_url: 'https://shop.example.com',
      });
      expect(saved.body).toMatchObject({ code: 0, msg: 'Save successfully' });
      // The login page has no token yet: src/services/admin.ts getSiteInfo / getCaptcha (GET).
      const anonymous = panel(t, '');
      const site = await anonymous.get('/siteinfo');
      expect(site.body).toMatchObject({
        code: 0,
        data: { id: 1, base_url: 'https://shop.example.com', name: 'Panel shop' },
      });
      const captcha = await anonymous.get('/captcha');
      expect(captcha.body).toEqual({ code: 0, msg: '', data: { captcha_off: true } });
      // captcha_off: the page sends no captcha_id/captcha, only the form and its `type`.
      const login = await anonymous.post('/login', {
        user_name: admin.userName,
        password: admin.password,
        type: 'account',
      });
      expect(login.body.code).toBe(0);
      expect(typeof login.body.data.token).toBe('string');
      // Every page header (RightContent) calls siteinfo with the stored token too.
      expect((await ui.get('/siteinfo')).body.data.name).toBe('Panel shop');
    });
  });

  describe('dashboard (src/pages/dashboard/index.tsx, components/statistics.tsx)', () => {
    it('counts products, orders, sales, customers and open requests; CMS-only figures are 0', async () => {
      // getStatisticSummary({exact}) is a GET with the query `exact`.
      const before = (await ui.get('/statistic/summary', { exact: 'false' })).body.data;
      const onSale = await createGoods(t.api, admin.token, { price: 2500, stock: 100 });
      await createGoods(t.api, admin.token, { price: 100, stock: 1, status: 0 });
      const buyer = await registerCustomer(t.api);
      await fundBalance(t.api, admin.token, buyer.id, 5000);
      const placed = await placeOrder(t.api, buyer, {
        goods_id: onSale.id,
        address: { name: 'Li Lei', phone: '13800000000', address_info: 'No. 1 Road' },
      });
      const pay = await t.api.post(
        '/api/order/payment',
        { order_id: placed.order_id, pay_way: 'balance' },
        { token: buyer.token },
      );
      expect(pay.body.code).toBe(0);
      await placeOrder(t.api, buyer, { goods_id: onSale.id });
      await createCommOrder(t.api, buyer, onSale.id);

      const res = await ui.get('/statistic/summary', { exact: 'false' });
      expect(res.body.code).toBe(0);
      const after = res.body.data;
      // What statistics.tsx and index.tsx read.
      expect(after.archive_counts).toEqual([
        { id: 2, name: 'Products', total: before.archive_counts[0].total + 2 },
      ]);
      expect(after.archive_count.total).toBe(before.archive_count.total + 1);
      expect(after.archive_count.draft).toBe(before.archive_count.draft + 1);
      expect(after.archive_count.today).toBe(before.archive_count.today + 2);
      expect(after.archive_count.last_week).toBe(before.archive_count.last_week + 2);
      expect(after.archive_count.un_release).toBe(0);
      expect(after).toMatchObject({
        link_count: 0,
        guestbook_count: 0,
        template_count: 0,
        traffic_count: { total: 0, today: 0 },
        spider_count: { total: 0, today: 0 },
        include_count: {
          baidu_count: 0,
          sogou_count: 0,
          so_count: 0,
          bing_count: 0,
          google_count: 0,
        },
        show_guide: false,
      });
      expect(typeof after.category_count).toBe('number');
      expect(typeof after.page_count).toBe('number');
      expect(typeof after.attachment_count).toBe('number');
      // The shop's own figures: two orders placed, one paid (2500 fen), one customer, one request.
      for (const period of ['today', 'week', 'month', 'total'] as const) {
        expect(after.order_count[period]).toBe(before.order_count[period] + 2);
        expect(after.sales_amount[period]).toBe(before.sales_amount[period] + 2500);
        expect(after.customer_count[period]).toBe(before.customer_count[period] + 1);
      }
      expect(after.open_request_count).toBe(before.open_request_count + 1);
    });

    it('answers the software card, empty charts and "no new version" (index.tsx)', async () => {
      const info = await ui.get('/statistic/dashboard');
      expect(info.body.code).toBe(0);
      expect(info.body.data.system).toMatchObject({
        site_name: expect.any(String) as string,
        base_url: expect.any(String) as string,
        template_type: 0,
      });
      expect(typeof info.body.data.version).toBe('string');
      expect(info.body.data.memory_usage).toBeGreaterThan(0);
      // The charts read arrays (xField date, yField value): empty, not an error.
      for (const chart of ['/statistic/include', '/statistic/traffic', '/statistic/spider']) {
        expect((await ui.get(chart)).body).toEqual({ code: 0, msg: '', data: [] });
      }
      // checkVersion: `res.data || null` → no "new version" banner.
      const version = await ui.get('/version/check');
      expect(version.body).toMatchObject({ code: 0, data: null });
      expect(version.body.msg).not.toBe('');
    });
  });

  describe('products page (src/pages/content/archive/index.tsx, detail.tsx, recycle.tsx)', () => {
    it('lists with the page’s default filters (category_id=0, module_id=0, status=ok, flag=, exact=false)', async () => {
      const catId = await category('Panel tees');
      const shown = await createGoods(t.api, admin.token, {
        title: 'Panel tee blue',
        category_id: catId,
      });
      const hidden = await createGoods(t.api, admin.token, {
        title: 'Panel tee red',
        category_id: catId,
        status: 0,
      });
      // ProTable's request: current, pageSize plus lastParams (index.tsx, getArchives GET).
      const page = {
        current: 1,
        pageSize: 20,
        module_id: 0,
        category_id: 0,
        status: 'ok',
        flag: '',
        exact: 'false',
      };
      const ok = await ui.get('/archive/list', page);
      expect(ok.body.code).toBe(0);
      const ids = (ok.body.data as { id: number }[]).map((row) => row.id);
      expect(ids).toContain(shown.id);
      expect(ids).not.toContain(hidden.id);
      // The columns the table renders.
      const row = (ok.body.data as Record<string, unknown>[]).find((r) => r.id === shown.id)!;
      expect(row).toMatchObject({
        title: 'Panel tee blue',
        module_id: 2,
        module_name: 'Products',
        status: 1,
        views: expect.any(Number) as number,
        created_time: expect.any(Number) as number,
        updated_time: expect.any(Number) as number,
      });
      expect(row).toHaveProperty('thumb');
      expect(row).toHaveProperty('flag');
      expect(ok.body.total).toBeGreaterThanOrEqual(1);

      const draft = await ui.get('/archive/list', { ...page, status: 'draft', category_id: catId });
      expect((draft.body.data as { id: number }[]).map((r) => r.id)).toEqual([hidden.id]);
      const all = await ui.get('/archive/list', { ...page, status: '', category_id: catId });
      expect(all.body.total).toBe(2);
      const plan = await ui.get('/archive/list', { ...page, status: 'plan' });
      expect(plan.body).toMatchObject({ code: 0, data: [], total: 0 });
      // module_id=2 (the one module) filters to products; a recommendation flag matches nothing.
      const everyProduct = (await ui.get('/archive/list', { ...page, status: '' })).body.total;
      const productModule = await ui.get('/archive/list', { ...page, module_id: 2, status: '' });
      expect(productModule.body.total).toBe(everyProduct);
      expect((await ui.get('/archive/list', { ...page, flag: 'h' })).body.total).toBe(0);
      // title: contains, or equal with exact=true.
      const contains = await ui.get('/archive/list', { ...page, status: '', title: 'panel tee' });
      expect(contains.body.total).toBe(2);
      const exact = await ui.get('/archive/list', {
        ...page,
        status: '',
        title: 'panel tee blue',
        exact: 'true',
      });
      expect((exact.body.data as { id: number }[]).map((r) => r.id)).toEqual([shown.id]);
      const bad = await ui.get('/archive/list', { ...page, status: 'published' });
      expect(bad.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      expect(bad.body.msg).toContain('status');
    });

    it('answers module/list with the product module and setting/content with the rules that apply', async () => {
      // loadModules: getModules({}) GET; the "document model" column reads name, the filter id.
      const modules = await ui.get('/module/list');
      expect(modules.body).toMatchObject({ code: 0, data: [{ id: 2, name: 'Products' }] });
      expect(modules.body.data).toHaveLength(1);
      expect((await ui.get('/module/list', { exclude_id: 2 })).body.data).toEqual([]);
      // getSettingContent GET: the pages read editor, multi_category and use_sort.
      const content = await ui.get('/setting/content');
      expect(content.body.code).toBe(0);
      expect(content.body.data).toMatchObject({
        editor: '',
        multi_category: 0,
        use_sort: 0,
        resize_image: 0,
        thumb_crop: 0,
        use_webp: 0,
        default_thumb: '',
      });
    });

    it('adds a product with the form, the image dialog and tags; edits it; the mini-program shows it', async () => {
      const catId = await category('Panel mugs');
      // The image dialog (src/components/attachment/content.tsx): uploadAttachment posts a form
      // with category_id, file_name, md5 and file; getAttachments lists with current, pageSize,
      // category_id, q; the folder select reads attachment/category/list.
      const form = new FormData();
      form.append('category_id', '0');
      form.append('file_name', 'mug.png');
      form.append('md5', '0123456789abcdef0123456789abcdef');
      form.append('file', new Blob([new Uint8Array(TINY_PNG)], { type: 'image/png' }), 'mug.png');
      const uploaded = await t.api.request<any>('POST', '/system/api/attachment/upload', form, {
        admin: admin.token,
      });
      expect(uploaded.body.code).toBe(0);
      expect(uploaded.body.data.logo).toMatch(/\/uploads\/\d{6}\/[0-9a-f]{32}\.png$/);
      const library = await ui.get('/attachment/list', {
        current: 1,
        pageSize: 18,
        category_id: 0,
        q: 'mug',
      });
      expect(library.body.code).toBe(0);
      const picked = (library.body.data as { id: number; logo: string }[])[0];
      expect(picked.id).toBe(uploaded.body.data.id);
      expect((await ui.get('/attachment/category/list')).body).toMatchObject({ code: 0, data: [] });
      // A file the dialog splits into 2 MB pieces is refused clearly, not stored in part.
      const chunked = new FormData();
      chunked.append('chunks', '2');
      chunked.append('chunk', '0');
      chunked.append('file', new Blob([new Uint8Array(TINY_PNG)]), 'big.png');
      const refused = await t.api.request<any>('POST', '/system/api/attachment/upload', chunked, {
        admin: admin.token,
      });
      expect(refused.body).toMatchObject({ code: -1, error: 'ATTACHMENT.CHUNKED' });

      // detail.tsx onSubmit: Object.assign(archive, values) for a new one ({extra: {}, flag:
      // null} plus the form), relation_ids, price/stock as numbers, category_id/category_ids,
      // content from the editor, flag joined.
      const created = await ui.post('/archive/detail', {
        extra: {},
        flag: '',
        title: 'Panel mug',
        seo_title: '',
        keywords: 'mug',
        description: 'A mug',
        url_token: '',
        images: [picked.logo],
        logo: picked.logo,
        tags: ['gift'],
        price: 3900,
        stock: 50,
        status: 1,
        template: '',
        relation_ids: [],
        category_id: catId,
        category_ids: [],
        content: '<p>Printed <script>alert(1)</script>to order</p>',
      });
      expect(created.body).toMatchObject({ code: 0, msg: 'Save successfully' });
      const id = created.body.data.id as number;

      // Edit: getArchiveInfo({id}) GET, then the form maps tags with tag.title (strings → null)
      // and posts the whole object back with the changed values.
      const loaded = (await ui.get('/archive/detail', { id })).body.data;
      expect(loaded.data.content).toBe('<p>Printed to order</p>');
      const edited = await ui.post('/archive/detail', {
        ...loaded,
        flag: '',
        tags: (loaded.tags as string[]).map(() => null),
        price: 4200,
        stock: 40,
        title: 'Panel mug XL',
        relation_ids: [],
        category_id: catId,
        category_ids: [],
        content: loaded.data.content,
      });
      expect(edited.body).toMatchObject({ code: 0, msg: 'Save successfully' });
      expect(edited.body.data).toMatchObject({
        title: 'Panel mug XL',
        price: 4200,
        tags: ['gift'],
      });
      // AnqiCMS's tag objects are taken by their title.
      const retagged = await ui.post('/archive/detail', { id, tags: [{ title: 'mug' }, 'gift'] });
      expect(retagged.body.data.tags).toEqual(['mug', 'gift']);

      // The mini-program's product page (anqicms-app src/pages/product): getArchiveDetail({id}).
      const shop = await t.api.get('/api/archive/detail', { query: { id } });
      expect(shop.body).toMatchObject({
        code: 0,
        data: { id, title: 'Panel mug XL', price: 4200, images: [picked.logo], logo: picked.logo },
      });
    });

    it('recycle bin: delete moves it there, recover brings it back, deleting again is refused clearly', async () => {
      const goods = await createGoods(t.api, admin.token, { title: 'Panel recyclable' });
      // index.tsx handleRemove: deleteArchive({id}) POST.
      const deleted = await ui.post('/archive/delete', { id: goods.id });
      expect(deleted.body).toMatchObject({ code: 0, msg: 'Delete successful' });
      expect((await t.api.get('/api/archive/detail', { query: { id: goods.id } })).body.code).toBe(
        -1,
      );
      // recycle.tsx: params.recycle = true on getArchives; reads id, title, thumb, module_name.
      const bin = await ui.get('/archive/list', { current: 1, pageSize: 20, recycle: 'true' });
      const row = (bin.body.data as Record<string, unknown>[]).find((r) => r.id === goods.id);
      expect(row).toMatchObject({ title: 'Panel recyclable' });
      expect(row).toHaveProperty('thumb');
      expect(row).toHaveProperty('module_name');
      const live = await ui.get('/archive/list', { current: 1, pageSize: 100, status: '' });
      expect((live.body.data as { id: number }[]).map((r) => r.id)).not.toContain(goods.id);
      // Deleting from the bin: orders may refer to it, so it stays (AnqiCMS erases it).
      const again = await ui.post('/archive/delete', { id: goods.id });
      expect(again.body).toMatchObject({ code: -1, error: 'CATALOGUE.KEPT_IN_RECYCLE_BIN' });
      // handleRecover: recoverArchive({id}) POST.
      const recovered = await ui.post('/archive/recover', { id: goods.id });
      expect(recovered.body).toMatchObject({ code: 0, data: null });
      expect(recovered.body.msg).not.toBe('');
      expect((await t.api.get('/api/archive/detail', { query: { id: goods.id } })).body.code).toBe(
        0,
      );
      const twice = await ui.post('/archive/recover', { id: goods.id });
      expect(twice.body).toMatchObject({ code: -1, error: 'CATALOGUE.NOT_IN_RECYCLE_BIN' });
      const actions = await t.dataSource.query(
        `SELECT action FROM audit_logs WHERE entity_type = 'product' AND entity_id = $1 ORDER BY id`,
        [String(goods.id)],
      );
      expect(actions.map((a: { action: string }) => a.action)).toEqual([
        'product.create',
        'product.delete',
        'product.restore',
      ]);
    });
  });

  describe('customers page (src/pages/plugin/user/index.tsx, components/userForm, components/balanceForm)', () => {
    it('lists with the page’s filters and paging; the table reads its columns, fields are empty', async () => {
      const group = await createGroup(t.api, admin.token, { title: 'Panel VIP', status: 1 });
      const alice = await registerCustomer(t.api, { phone: '13912345678' });
      await ui.post('/plugin/user/detail', {
        id: alice.id,
        group_id: group.id,
        real_name: 'Alice',
      });
      const bob = await registerCustomer(t.api);
      // ProTable: current, pageSize and the search form (user_name, phone, real_name, group_id,
      // status from the valueEnum 0 / 1 / -1); pluginGetUsers is a GET.
      const res = await ui.get('/plugin/user/list', {
        current: 1,
        pageSize: 20,
        user_name: alice.userName,
        phone: '1391234',
        group_id: group.id,
        status: '1',
      });
      expect(res.body).toMatchObject({ code: 0, total: 1 });
      expect(res.body.data[0]).toMatchObject({
        id: alice.id,
        user_name: alice.userName,
        phone: '13912345678',
        email: '',
        balance: 0,
        real_name: 'Alice',
        full_avatar_url: '',
        group_id: group.id,
        group: { id: group.id, title: 'Panel VIP' },
        created_time: expect.any(Number) as number,
        status: 1,
      });
      const everyone = await ui.get('/plugin/user/list', { current: 1, pageSize: 1, group_id: 0 });
      expect(everyone.body.data).toHaveLength(1);
      expect(everyone.body.data[0].id).toBe(bob.id); // newest first
      expect(everyone.body.total).toBeGreaterThanOrEqual(2);
      expect((await ui.get('/plugin/user/list', { status: '0' })).body.total).toBe(0);
      // userForm initData: pluginGetUserFieldsSetting() reads res.data?.fields.
      expect((await ui.get('/plugin/user/fields')).body).toMatchObject({
        code: 0,
        data: { fields: [] },
      });
    });

    it('edit dialog: detail, then the whole object back; group, status and profile change, the balance never', async () => {
      const group = await createGroup(t.api, admin.token, { title: 'Panel gold', status: 1 });
      const carol = await registerCustomer(t.api);
      await fundBalance(t.api, admin.token, carol.id, 700);
      // pluginGetUserInfo({id}) GET; the dialog reads extra, expire_time, avatar_url, group_id.
      const detail = await ui.get('/plugin/user/detail', { id: carol.id });
      expect(detail.body.data).toMatchObject({
        id: carol.id,
        balance: 700,
        status: 1,
        extra: null,
      });
      // onSubmit: Object.assign(user, values) → pluginSaveUserInfo POST; expire_time is unix.
      const expire = Math.floor(Date.now() / 1000) + 30 * 86400;
      const saved = await ui.post('/plugin/user/detail', {
        ...detail.body.data,
        extra: {},
        balance: 999_999,
        real_name: 'Carol C',
        email: 'carol@example.com',
        group_id: group.id,
        expire_time: expire,
        status: 1,
        password: '',
      });
      expect(saved.body).toMatchObject({ code: 0, msg: 'Save successfully' });
      expect(saved.body.data).toMatchObject({
        real_name: 'Carol C',
        email: 'carol@example.com',
        group_id: group.id,
        expire_time: expire,
        balance: 700, // a raw overwrite is ignored: balances move through the ledger only
      });
      // Blocking it (-1) disables the account and ends its sessions.
      const blocked = await ui.post('/plugin/user/detail', { ...saved.body.data, status: -1 });
      expect(blocked.body.data.status).toBe(-1);
      expect((await t.api.get('/api/user/detail', { token: carol.token })).body.code).toBe(1001);
      const login = await t.api.post('/api/login', {
        user_name: carol.userName,
        password: carol.password,
      });
      expect(login.body.code).not.toBe(0);
      expect((await ui.get('/plugin/user/list', { id: carol.id, status: '-1' })).body.total).toBe(
        1,
      );
      const audit = await t.dataSource.query(
        `SELECT action, details FROM audit_logs WHERE entity_type = 'customer' AND entity_id = $1 ORDER BY id`,
        [String(carol.id)],
      );
      expect(audit.map((a: { action: string }) => a.action)).toEqual([
        'customer.update',
        'customer.disable',
      ]);
      expect(JSON.stringify(audit)).not.toContain('999999');
      // Unknown group, taken email: clear errors, nothing written.
      const badGroup = await ui.post('/plugin/user/detail', { id: carol.id, group_id: 999_999 });
      expect(badGroup.body).toMatchObject({ code: -1, error: 'GROUP.NOT_FOUND' });
      const other = await registerCustomer(t.api, { email: 'taken@example.com' });
      const taken = await ui.post('/plugin/user/detail', {
        id: other.id,
        email: 'carol@example.com',
      });
      expect(taken.body).toMatchObject({ code: -1, error: 'USER.EMAIL_TAKEN' });
    });

    it('balance dialog: {user_id, amount (fen), remark} goes through the ledger; below zero is refused', async () => {
      const dave = await registerCustomer(t.api);
      // balanceForm onSubmit: pluginAddUserBalance POST, amount = yuan × 100.
      const credit = await ui.post('/plugin/user/balance', {
        user_id: dave.id,
        amount: 1250,
        remark: 'Goodwill',
      });
      expect(credit.body).toMatchObject({
        code: 0,
        msg: 'Save successfully',
        data: { user_id: dave.id, balance: 1250 },
      });
      const debit = await ui.post('/plugin/user/balance', {
        user_id: dave.id,
        amount: -2000,
        remark: 'Too much',
      });
      expect(debit.body).toMatchObject({ code: -1, error: 'WALLET.INSUFFICIENT_BALANCE' });
      const noRemark = await ui.post('/plugin/user/balance', {
        user_id: dave.id,
        amount: 100,
        remark: '',
      });
      expect(noRemark.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      expect(noRemark.body.msg).toContain('remark');
      const list = await ui.get('/plugin/user/list', { id: dave.id });
      expect(list.body.data[0].balance).toBe(1250);
    });

    it('delete disables the customer (never erased); staff roles decide who may read and edit', async () => {
      const erin = await registerCustomer(t.api);
      // index.tsx handleDelete: pluginDeleteUserInfo(row) POSTs the whole row.
      const row = (await ui.get('/plugin/user/list', { id: erin.id })).body.data[0];
      const res = await ui.post('/plugin/user/delete', row);
      expect(res.body).toMatchObject({ code: 0, data: null });
      expect((await ui.get('/plugin/user/detail', { id: erin.id })).body.data.status).toBe(-1);
      expect((await t.api.get('/api/user/detail', { token: erin.token })).body.code).toBe(1001);
      expect((await ui.post('/plugin/user/delete', { id: 999_999 })).body).toMatchObject({
        code: -1,
        error: 'USER.NOT_FOUND',
      });

      const service = panel(t, (await createAdmin(t, 'service')).token);
      const finance = panel(t, (await createAdmin(t, 'finance')).token);
      const fulfilment = panel(t, (await createAdmin(t, 'fulfilment')).token);
      expect((await service.get('/plugin/user/list')).body.code).toBe(0);
      expect(
        (await service.post('/plugin/user/detail', { id: erin.id, status: 1 })).body.code,
      ).toBe(1002);
      expect(
        (await service.post('/plugin/user/balance', { user_id: erin.id, amount: 1, remark: 'x' }))
          .body.code,
      ).toBe(1002);
      expect(
        (await finance.post('/plugin/user/balance', { user_id: erin.id, amount: 1, remark: 'x' }))
          .body.code,
      ).toBe(0);
      expect((await fulfilment.get('/plugin/user/list')).body.code).toBe(1002);
      expect((await fulfilment.get('/statistic/summary')).body.code).toBe(0);
    });
  });

  describe('finance page (src/pages/plugin/finance/components/flow/index.tsx)', () => {
    it('lists the balance ledger across customers with what the flow table reads', async () => {
      const frank = await registerCustomer(t.api);
      await fundBalance(t.api, admin.token, frank.id, 3000);
      const goods = await createGoods(t.api, admin.token, { price: 1200, stock: 10 });
      const placed = await placeOrder(t.api, frank, {
        goods_id: goods.id,
        address: { name: 'Li Lei', phone: '13800000000', address_info: 'No. 1 Road' },
      });
      await t.api.post(
        '/api/order/payment',
        { order_id: placed.order_id, pay_way: 'balance' },
        { token: frank.token },
      );
      // search={false}: ProTable sends only current and pageSize (pluginGetFinances GET).
      const res = await ui.get('/plugin/finance/list', { current: 1, pageSize: 2 });
      expect(res.body.code).toBe(0);
      expect(res.body.data).toHaveLength(2);
      expect(res.body.total).toBeGreaterThanOrEqual(2);
      const [payment, topUp] = res.body.data as Record<string, unknown>[];
      expect(payment).toMatchObject({
        user_name: frank.userName,
        direction: 2,
        amount: 1200,
        change: -1200,
        after_amount: 1800,
        action: 2,
        kind: 'order_payment',
        order_id: placed.order_id,
        created_time: expect.any(Number) as number,
      });
      expect(topUp).toMatchObject({
        user_name: frank.userName,
        direction: 1,
        amount: 3000,
        after_amount: 3000,
        action: 4,
        kind: 'admin_adjust',
      });
      const second = await ui.get('/plugin/finance/list', { current: 2, pageSize: 1 });
      expect(second.body.data[0].id).toBe(topUp.id);
      const fulfilment = panel(t, (await createAdmin(t, 'fulfilment')).token);
      expect((await fulfilment.get('/plugin/finance/list')).body.code).toBe(1002);
    });
  });

  describe('single pages (src/pages/content/category/page/index.tsx, detail.tsx) and the mini-program', () => {
    it('creates, lists, edits and deletes pages at the category paths; /api/page/detail answers the app', async () => {
      // detail.tsx initData for a new page: getCategoryInfo({id: 0}) (tolerates an error).
      const fresh = await ui.get('/category/detail', { id: 0 });
      expect(fresh.body.code).not.toBe(0);
      // onSubmit: Object.assign(category, values) with content, type = 3, images, logo.
      const saved = await ui.post('/category/detail', {
        status: 1,
        parent_id: 0,
        module_id: 1,
        title: 'Shipping',
        description: 'How we ship',
        seo_title: 'Shipping times',
        keywords: 'shipping',
        url_token: 'shipping',
        sort: 10,
        template: '',
        content: '<p onclick="x()">We ship <b>fast</b></p><script>x()</script>',
        type: 3,
        images: ['https://shop.example.com/ship.png'],
        logo: '',
      });
      expect(saved.body).toMatchObject({ code: 0, msg: 'Save successfully' });
      const id = saved.body.data.id as number;
      expect(saved.body.data).toMatchObject({ type: 3, parent_id: 0 });

      // The page list: getCategories({...params, type: 3}); columns id, sort, title, status.
      const pages = await ui.get('/category/list', { current: 1, pageSize: 20, type: 3 });
      const row = (pages.body.data as Record<string, unknown>[]).find((r) => r.id === id);
      expect(row).toMatchObject({ title: 'Shipping', sort: 10, status: 1, template: '' });
      // Product category lists (type 1, and the default) do not show pages, nor does the shop.
      const cats = await ui.get('/category/list', { type: 1 });
      expect((cats.body.data as { id: number }[]).map((r) => r.id)).not.toContain(id);
      const shopCats = await t.api.get('/api/category/list', { query: { all: 'true' } });
      expect((shopCats.body.data as { id: number }[]).map((r) => r.id)).not.toContain(id);
      // A product cannot sit in a page, a category cannot sit under one.
      expect((await ui.post('/archive/detail', { title: 'x', category_id: id })).body.code).toBe(
        -1,
      );
      const under = await ui.post('/category/detail', { title: 'Sub', parent_id: id });
      expect(under.body).toMatchObject({ code: -1, error: 'CATEGORY.PAGE_PARENT' });

      // Edit: getCategoryInfo({id}) then the whole object back.
      const loaded = (await ui.get('/category/detail', { id })).body.data;
      expect(loaded.content).toBe('<p>We ship <b>fast</b></p>');
      const edited = await ui.post('/category/detail', { ...loaded, title: 'Shipping & returns' });
      expect(edited.body.data).toMatchObject({ title: 'Shipping & returns', type: 3 });

      // The mini-program (anqicms-app src/pages/about, contact): getPageDetail({filename}) GET,
      // reads title, content, images, created_time (and seo_title, keywords, description).
      const app = await t.api.get('/api/page/detail', { query: { filename: 'shipping' } });
      expect(app.body).toMatchObject({
        code: 0,
        data: {
          id,
          title: 'Shipping & returns',
          content: '<p>We ship <b>fast</b></p>',
          images: ['https://shop.example.com/ship.png'],
          created_time: expect.any(Number) as number,
          seo_title: 'Shipping times',
          keywords: 'shipping',
          description: 'How we ship',
        },
      });
      expect((await t.api.get('/api/page/detail', { query: { id } })).body.data.id).toBe(id);
      const missing = await t.api.get('/api/page/detail', { query: { filename: 'nope' } });
      expect(missing.body).toMatchObject({ code: -1, error: 'CATEGORY.PAGE_NOT_FOUND' });
      // A product category is not a page; a hidden page is not shown.
      const catId = await category('Not a page');
      expect((await t.api.get('/api/page/detail', { query: { id: catId } })).body.code).toBe(-1);
      await ui.post('/category/detail', { id, status: 0 });
      expect((await t.api.get('/api/page/detail', { query: { id } })).body.code).toBe(-1);

      // index.tsx handleRemove: deleteCategory({id}) POST.
      const removed = await ui.post('/category/delete', { id });
      expect(removed.body).toMatchObject({ code: 0, msg: 'Delete successful' });
      expect((await ui.get('/category/detail', { id })).body.code).toBe(-1);
    });
  });

  describe('TDK settings (src/pages/setting/index.tsx)', () => {
    it('keeps the separator as typed and answers a short message', async () => {
      // getSettingIndex GET, then saveSettingIndex(values) POST; the page toasts res.msg.
      const shown = (await ui.get('/setting/index')).body.data;
      const saved = await ui.post('/setting/index', {
        seo_title: shown.seo_title,
        seo_keywords: shown.seo_keywords,
        seo_description: shown.seo_description,
        sep: ' - ',
      });
      expect(saved.body).toMatchObject({ code: 0, msg: 'Save successfully', data: { sep: ' - ' } });
      const again = await ui.post('/setting/index', (await ui.get('/setting/index')).body.data);
      expect(again.body.data.sep).toBe(' - ');
      expect((await ui.get('/setting/index')).body.data.sep).toBe(' - ');
    });

    it('answers a short message on the other saves and deletes the panel toasts (res.msg)', async () => {
      // src/pages/plugin/group: pluginSaveUserGroupInfo / pluginDeleteUserGroup (POST bodies).
      const group = await ui.post('/plugin/user/group/detail', { title: 'Panel toast', status: 1 });
      expect(group.body).toMatchObject({ code: 0, msg: 'Save successfully' });
      const removed = await ui.post('/plugin/user/group/delete', { id: group.body.data.id });
      expect(removed.body).toMatchObject({ code: 0, msg: 'Delete successful' });
      // src/pages/setting/banner.tsx: save, then delete.
      const banner = await ui.post('/setting/banner', {
        logo: 'https://shop.example.com/b.png',
        type: 'default',
      });
      expect(banner.body).toMatchObject({ code: 0, msg: 'Save successfully' });
      const gone = await ui.post('/setting/banner/delete', { id: banner.body.data.id });
      expect(gone.body).toMatchObject({ code: 0, msg: 'Delete successful' });
    });
  });

  describe('racing panel actions on PostgreSQL', () => {
    /** Holds `lockSql`'s row lock while `calls` start, releases it once `waiting` of them wait. */
    async function race(
      lockSql: string,
      params: unknown[],
      calls: (() => Promise<ApiResponse>)[],
    ): Promise<ApiResponse[]> {
      let results: Promise<ApiResponse[]> = Promise.resolve([]);
      await holdingLock(
        t.dataSource,
        (manager) => manager.query(lockSql, params),
        async () => {
          results = Promise.all(calls.map((call) => call()));
          const waiting = await pollUntil(
            10_000,
            async () =>
              (
                await t.dataSource.query<{ n: number }[]>(
                  `SELECT count(*)::int AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'`,
                )
              )[0].n,
            (n) => n >= calls.length,
          );
          expect(waiting).toBe(calls.length);
        },
        () => Promise.resolve(),
      );
      return results;
    }

    it('edit dialog, balance dialog and delete on one customer end as if serial', async () => {
      const gina = await registerCustomer(t.api);
      await fundBalance(t.api, admin.token, gina.id, 1000);
      const detail = (await ui.get('/plugin/user/detail', { id: gina.id })).body.data;
      const [versionBefore] = await t.dataSource.query(
        'SELECT token_version FROM users WHERE id = $1',
        [gina.id],
      );
      const [save, balance, remove] = await race(
        'SELECT 1 FROM users WHERE id = $1 FOR UPDATE',
        [gina.id],
        [
          () => ui.post('/plugin/user/detail', { ...detail, extra: {}, balance: 0, status: -1 }),
          () => ui.post('/plugin/user/balance', { user_id: gina.id, amount: 500, remark: 'Race' }),
          () => ui.post('/plugin/user/delete', { id: gina.id }),
        ],
      );
      expect([save.body.code, balance.body.code, remove.body.code]).toEqual([0, 0, 0]);
      const [row] = await t.dataSource.query(
        'SELECT balance, status, token_version FROM users WHERE id = $1',
        [gina.id],
      );
      // The stale balance the dialog posted (0) never overwrote the ledger's 1000 + 500.
      expect(row).toMatchObject({ balance: '1500', status: 0 });
      expect(row.token_version).toBe(versionBefore.token_version + 1);
      // One audit row per change that happened: the raced balance movement, one disable.
      const actions = await t.dataSource.query(
        `SELECT action FROM audit_logs WHERE entity_id = $1
          AND (entity_type = 'customer' OR details->>'reason' = 'Race')`,
        [String(gina.id)],
      );
      expect(actions.map((a: { action: string }) => a.action).sort()).toEqual([
        'balance.adjust',
        'customer.disable',
      ]);
    });

    it('two restores of one product from the recycle bin: one restores, the other is told', async () => {
      const goods = await createGoods(t.api, admin.token, { title: 'Panel race restore' });
      await ui.post('/archive/delete', { id: goods.id });
      const results = await race(
        'SELECT 1 FROM archives WHERE id = $1 FOR UPDATE',
        [goods.id],
        [
          () => ui.post('/archive/recover', { id: goods.id }),
          () => ui.post('/archive/recover', { id: goods.id }),
        ],
      );
      expect(results.map((r) => r.body.error ?? 'ok').sort()).toEqual([
        'CATALOGUE.NOT_IN_RECYCLE_BIN',
        'ok',
      ]);
      const restores = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_logs WHERE entity_type = 'product' AND entity_id = $1 AND action = 'product.restore'`,
        [String(goods.id)],
      );
      expect(restores[0].n).toBe(1);
    });
  });
});
