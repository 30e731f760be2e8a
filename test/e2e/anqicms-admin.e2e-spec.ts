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
import { fundBalance, placeOrder, referralChain } from '../factories/orders.factory.js';
import { ApiResponse } from '../support/api-client.js';
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
