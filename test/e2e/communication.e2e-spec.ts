import {
  allowedActions,
  canDo,
  COMM_ORDER_STATUSES,
  CommActivity,
  CommOrderStatus as S,
  findTransition,
} from '../../src/communication/comm-order-status.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import {
  CREATE_BODY,
  createCommOrder,
  staffQuote,
  staffReply,
} from '../factories/communication.factory.js';
import { createGoodsOnSale, TestGoods } from '../factories/catalogue.factory.js';
import { ApiResponse } from '../support/api-client.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/** Every field of the list spec example, with its documented JSON type. */
const SPEC_ITEM_FIELDS: Record<string, string> = {
  id: 'number',
  order_id: 'number',
  user_id: 'number',
  created_time: 'number',
  archive_id: 'number',
  phone: 'string',
  images: 'string[]',
  sketch_images: 'string[]',
  finished_images: 'string[]',
  title: 'string',
  content: 'string',
  event_date: 'string',
  status: 'number',
  admin_id: 'number',
  quote_price: 'string',
  quote_content: 'string',
  order_extra: 'object',
  order_fields: 'object[]',
  user: 'object',
  messages: 'object[]',
  thumb: 'string',
};
const SPEC_MESSAGE_FIELDS: Record<string, string> = {
  id: 'number',
  comm_order_id: 'number',
  sender_id: 'number',
  sender_type: 'string',
  sender_name: 'string',
  message_type: 'string',
  content: 'string',
};

function typeOf(value: unknown): string {
  if (Array.isArray(value)) {
    const inner = new Set(value.map((v) => typeOf(v)));
    return inner.size === 0 ? 'array' : `${[...inner].join('|')}[]`;
  }
  return value === null ? 'null' : typeof value;
}

function expectShape(item: Record<string, unknown>, shape: Record<string, string>) {
  for (const [field, type] of Object.entries(shape)) {
    const actual = typeOf(item[field]);
    const matches = actual === type || (actual === 'array' && type.endsWith('[]'));
    expect({ field, type: matches ? type : actual }).toEqual({ field, type });
  }
}

describe('communication orders (e2e)', () => {
  let t: TestApp;
  let alice: TestCustomer;
  let bob: TestCustomer;
  let staff: TestAdmin;
  let goods: TestGoods;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerCustomer(t.api);
    bob = await registerCustomer(t.api);
    staff = await createAdmin(t);
    goods = await createGoodsOnSale(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const customerPost = (path: string, body: unknown, who: TestCustomer = alice) =>
    t.api.post(`/api/communication/${path}`, body, { token: who.token });
  const staffPost = (path: string, body: unknown) =>
    t.api.post(`/system/api/communication/${path}`, body, { admin: staff.token });
  const statusOf = async (id: number): Promise<number> =>
    (await t.dataSource.query('SELECT status FROM comm_orders WHERE id = $1', [id]))[0].status;

  describe('create', () => {
    it('creates a pending request from the spec example and answers with it and the spec msg', async () => {
      const res = await customerPost('order/create', { archive_id: goods.id, ...CREATE_BODY });
      expect(res.body).toMatchObject({ code: 0, msg: '定制订单创建成功' });
      expect(res.body.data).toMatchObject({
        archive_id: goods.id,
        user_id: alice.id,
        status: 0,
        order_id: 0,
        title: CREATE_BODY.title,
        images: CREATE_BODY.images,
        order_extra: CREATE_BODY.order_extra,
        thumb: goods.thumb,
        quote_price: '',
        allowed_actions: ['cancel', 'send_message', 'update'],
        user: { id: alice.id, user_name: alice.userName, username: alice.userName },
      });
      expect(res.body.data.user).not.toHaveProperty('password_hash');
      const [row] = await t.dataSource.query('SELECT * FROM comm_orders WHERE id = $1', [
        res.body.data.id,
      ]);
      expect(row).toMatchObject({ user_id: alice.id, status: 0, order_id: null });
      expect(row.waiting_since).not.toBeNull();
    });

    it('refuses an unknown, hidden or deleted product', async () => {
      const hidden = await createGoodsOnSale(t, { status: 0 });
      const unknown = await customerPost('order/create', { archive_id: 99999999, ...CREATE_BODY });
      expect(unknown.body).toMatchObject({ code: -1, error: 'CATALOGUE.GOODS_NOT_FOUND' });
      const off = await customerPost('order/create', { archive_id: hidden.id, ...CREATE_BODY });
      expect(off.body).toMatchObject({ code: -1, error: 'CATALOGUE.NOT_ON_SALE' });
    });

    it.each([
      [{ title: '' }, /title/],
      [{ title: undefined }, /title/],
      [{ content: undefined }, /content/],
      [{ phone: undefined }, /phone/],
      [{ phone: 'call me' }, /phone/],
      [{ images: Array.from({ length: 10 }, (_, i) => `https://x.io/${i}.jpg`) }, /images/],
      [{ images: ['javascript:alert(1)'] }, /image/],
      [{ images: 'https://x.io/a.jpg' }, /images/],
      [{ order_extra: { nested: { a: 1 } } }, /order_extra/],
      [{ order_extra: ['a'] }, /order_extra/],
      [{ order_extra: { a: 'x'.repeat(1001) } }, /order_extra/],
      [{ event_date: 'soon' }, /event_date/],
      [{ archive_id: 'abc' }, /archive_id/],
    ])('refuses bad input %p with a clear -1 and no row', async (patch, message) => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM comm_orders'))[0].n;
      const res = await customerPost('order/create', {
        archive_id: goods.id,
        ...CREATE_BODY,
        ...patch,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      expect(res.body.msg).toMatch(message);
      const after = (await t.dataSource.query('SELECT count(*)::int AS n FROM comm_orders'))[0].n;
      expect(after).toBe(before);
    });

    it('needs a customer login', async () => {
      expect(
        (await t.api.post('/api/communication/order/create', { archive_id: goods.id })).body.code,
      ).toBe(1001);
      expect(
        (
          await t.api.post(
            '/api/communication/order/create',
            { archive_id: goods.id },
            { admin: staff.token },
          )
        ).body.code,
      ).toBe(1002);
    });
  });

  describe('list', () => {
    it('lists only my requests, newest first, with total, paging and a status filter', async () => {
      const carol = await registerCustomer(t.api);
      const first = await createCommOrder(t.api, carol, goods.id, { title: 'first' });
      const second = await createCommOrder(t.api, carol, goods.id, { title: 'second' });
      const third = await createCommOrder(t.api, carol, goods.id, { title: 'third' });
      await createCommOrder(t.api, bob, goods.id);
      await staffQuote(t.api, staff, second.id);

      const all = await t.api.get('/api/communication/orders', { token: carol.token });
      expect(all.body.total).toBe(3);
      expect(all.body.data.map((o: any) => o.id)).toEqual([third.id, second.id, first.id]);

      const paged = await t.api.get('/api/communication/orders', {
        token: carol.token,
        query: { current: 2, page_size: 2 },
      });
      expect(paged.body.total).toBe(3);
      expect(paged.body.data.map((o: any) => o.id)).toEqual([first.id]);
      const camel = await t.api.get('/api/communication/orders', {
        token: carol.token,
        query: { current: 1, pageSize: 1 },
      });
      expect(camel.body.data.map((o: any) => o.id)).toEqual([third.id]);

      const quoted = await t.api.get('/api/communication/orders', {
        token: carol.token,
        query: { status: 2 },
      });
      expect(quoted.body).toMatchObject({ total: 1, data: [{ id: second.id, status: 2 }] });
      const bad = await t.api.get('/api/communication/orders', {
        token: carol.token,
        query: { status: 7 },
      });
      expect(bad.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      const emptyFilter = await t.api.get('/api/communication/orders?status=', {
        token: carol.token,
      });
      expect(emptyFilter.body).toMatchObject({ code: 0, total: 3 });
    });

    it('carries every field of the spec example with the documented types', async () => {
      const dave = await registerCustomer(t.api);
      const order = await createCommOrder(t.api, dave, goods.id, { event_date: '2023-12-31' });
      await customerPost(
        'message/send',
        { comm_order_id: order.id, message_type: 'text', content: '您好' },
        dave,
      );
      await staffQuote(t.api, staff, order.id, '9900');
      const res = await t.api.get('/api/communication/orders', { token: dave.token });
      const [item] = res.body.data;
      expectShape(item, SPEC_ITEM_FIELDS);
      expect(item.user).toMatchObject({ id: dave.id, username: dave.userName });
      expect(item.quote_price).toBe('9900');
      expect(item.quote_amount).toBe(990000);
      expect(item.thumb).toBe(goods.thumb);
      expect(item.messages.length).toBe(2);
      for (const message of item.messages) expectShape(message, SPEC_MESSAGE_FIELDS);
      expect(item.messages[0]).toMatchObject({
        sender_type: 'user',
        sender_id: dave.id,
        sender_name: dave.userName,
        message_type: 'text',
        content: '您好',
      });
      expect(item.messages[1]).toMatchObject({ sender_type: 'admin', message_type: 'quote' });
      expect(item).toMatchObject({ unread_count: 1, message_count: 2 });
      for (const secret of ['password', 'password_hash', 'token', 'token_version']) {
        expect(JSON.stringify(res.body)).not.toContain(`"${secret}"`);
      }
    });
  });

  describe('messages and read state', () => {
    it('takes the sender from the token and ignores sender fields in the body', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      const res = await customerPost('message/send', {
        comm_order_id: order.id,
        message_type: 'text',
        content: 'hello',
        sender_id: staff.userName,
        sender_type: 'admin',
        sender_name: 'The Boss',
      });
      expect(res.body.code).toBe(0);
      expect(res.body.data).toMatchObject({
        sender_id: alice.id,
        sender_type: 'user',
        sender_name: alice.userName,
      });
      const [row] = await t.dataSource.query(
        'SELECT sender_id, sender_type, sender_name FROM comm_messages WHERE id = $1',
        [res.body.data.id],
      );
      expect(row).toEqual({
        sender_id: alice.id,
        sender_type: 'user',
        sender_name: alice.userName,
      });

      const spoofStaff = await staffPost('message/send', {
        comm_order_id: order.id,
        message_type: 'text',
        content: 'hi',
        sender_id: alice.id,
        sender_type: 'user',
      });
      const [admin] = await t.dataSource.query('SELECT id FROM admins WHERE user_name = $1', [
        staff.userName,
      ]);
      expect(spoofStaff.body.data).toMatchObject({
        sender_type: 'admin',
        sender_id: admin.id,
        sender_name: staff.userName,
      });
    });

    it('refuses quote/unknown message types, and image messages without an image URL', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      for (const type of ['quote', 'unknown']) {
        const res = await customerPost('message/send', {
          comm_order_id: order.id,
          message_type: type,
          content: 'x',
        });
        expect(res.body).toMatchObject({ code: -1, error: 'COMM.MESSAGE_TYPE_NOT_ALLOWED' });
      }
      const bogus = await customerPost('message/send', {
        comm_order_id: order.id,
        message_type: 'selfie',
        content: 'x',
      });
      expect(bogus.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      const image = await customerPost('message/send', {
        comm_order_id: order.id,
        message_type: 'image',
        content: 'not a url',
      });
      expect(image.body).toMatchObject({ code: -1, error: 'COMM.INVALID_IMAGE_URL' });
      const empty = await customerPost('message/send', {
        comm_order_id: order.id,
        message_type: 'text',
        content: '   ',
      });
      expect(empty.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
    });

    it('counts unread messages per side and clears them on read', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      for (const content of ['a', 'b']) {
        await customerPost('message/send', {
          comm_order_id: order.id,
          message_type: 'text',
          content,
        });
      }
      const staffView = await t.api.get('/system/api/communication/order/detail', {
        admin: staff.token,
        query: { id: order.id },
      });
      expect(staffView.body.data).toMatchObject({ unread_count: 2, message_count: 2 });
      const unreadFilter = await t.api.get('/system/api/communication/order/list', {
        admin: staff.token,
        query: { unread: 1, user: String(alice.id) },
      });
      expect(unreadFilter.body.data.map((o: any) => o.id)).toContain(order.id);

      await staffReply(t.api, staff, order.id, 'reply');
      const mine = await t.api.get('/api/communication/order/detail', {
        token: alice.token,
        query: { id: order.id },
      });
      expect(mine.body.data).toMatchObject({ unread_count: 1, message_count: 3, status: 1 });
      const afterReply = await t.api.get('/system/api/communication/order/detail', {
        admin: staff.token,
        query: { id: order.id },
      });
      expect(afterReply.body.data.unread_count).toBe(0);

      const read = await customerPost('order/read', { id: order.id });
      expect(read.body.data).toMatchObject({ id: order.id, unread_count: 0 });
      expect(read.body.data.last_read_message_id).toBeGreaterThan(0);
      const again = await t.api.get('/api/communication/order/detail', {
        token: alice.token,
        query: { id: order.id },
      });
      expect(again.body.data.unread_count).toBe(0);
      const [row] = await t.dataSource.query(
        'SELECT customer_last_read_id, last_message_id FROM comm_orders WHERE id = $1',
        [order.id],
      );
      expect(row.customer_last_read_id).toBe(row.last_message_id);

      await customerPost('message/send', {
        comm_order_id: order.id,
        message_type: 'text',
        content: 'c',
      });
      const staffRead = await staffPost('order/read', { id: order.id });
      expect(staffRead.body.data.unread_count).toBe(0);
    });

    it('pages a thread from the newest, scrolls back with before_id and catches up with after_id', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      const sent: number[] = [];
      for (let i = 1; i <= 7; i++) {
        const res = await customerPost('message/send', {
          comm_order_id: order.id,
          message_type: 'text',
          content: `m${i}`,
        });
        sent.push(res.body.data.id);
      }
      const latest = await t.api.get('/api/communication/messages', {
        token: alice.token,
        query: { comm_order_id: order.id, page_size: 3 },
      });
      expect(latest.body.total).toBe(7);
      expect(latest.body.data.map((m: any) => m.content)).toEqual(['m5', 'm6', 'm7']);
      const page2 = await t.api.get('/api/communication/messages', {
        token: alice.token,
        query: { comm_order_id: order.id, page_size: 3, current: 2 },
      });
      expect(page2.body.data.map((m: any) => m.content)).toEqual(['m2', 'm3', 'm4']);
      const back = await t.api.get('/api/communication/messages', {
        token: alice.token,
        query: { comm_order_id: order.id, page_size: 3, before_id: sent[4] },
      });
      expect(back.body.data.map((m: any) => m.content)).toEqual(['m2', 'm3', 'm4']);
      const after = await t.api.get('/api/communication/messages', {
        token: alice.token,
        query: { comm_order_id: order.id, page_size: 2, after_id: sent[1] },
      });
      expect(after.body.data.map((m: any) => m.content)).toEqual(['m3', 'm4']);
      const staffMessages = await t.api.get('/system/api/communication/messages', {
        admin: staff.token,
        query: { comm_order_id: order.id, page_size: 3 },
      });
      expect(staffMessages.body.data.map((m: any) => m.content)).toEqual(['m5', 'm6', 'm7']);
    });
  });

  describe('update', () => {
    it('changes only the allowed fields sent, bumps the version and tells staff', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      const res = await customerPost('order/update', {
        id: order.id,
        title: '更新后的定制网站主题',
        order_extra: { budget: '10000-20000' },
        status: 3,
        order_id: 77,
        quote_price: '1',
        user_id: bob.id,
      });
      expect(res.body).toMatchObject({ code: 0, msg: '订单更新成功' });
      expect(res.body.data).toMatchObject({
        title: '更新后的定制网站主题',
        content: CREATE_BODY.content,
        order_extra: { budget: '10000-20000' },
        status: 0,
        order_id: 0,
        quote_price: '',
        user_id: alice.id,
        version: order.version + 1,
      });
      expect(res.body.data.messages.at(-1)).toMatchObject({
        sender_type: 'system',
        content: expect.stringContaining('title, order_extra'),
      });

      const stale = await customerPost('order/update', {
        id: order.id,
        title: 'x',
        version: order.version,
      });
      expect(stale.body).toMatchObject({ code: -1, error: 'COMM.VERSION_CONFLICT' });
    });
  });

  describe('staff', () => {
    it('first reply moves 0 → 1 and assigns admin_id; later replies keep the status', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      const reply = await staffReply(t.api, staff, order.id, 'first');
      expect(reply).toMatchObject({ sender_type: 'admin', message_type: 'text', content: 'first' });
      const [row] = await t.dataSource.query(
        'SELECT status, admin_id, waiting_since FROM comm_orders WHERE id = $1',
        [order.id],
      );
      expect(row.status).toBe(1);
      expect(row.admin_id).toBeGreaterThan(0);
      expect(row.waiting_since).toBeNull();
      await staffReply(t.api, staff, order.id, 'second');
      expect(await statusOf(order.id)).toBe(1);
      const history = await t.dataSource.query(
        'SELECT action, from_status, to_status, actor_type FROM comm_order_history WHERE comm_order_id = $1',
        [order.id],
      );
      expect(history).toEqual([
        { action: 'reply', from_status: 0, to_status: 1, actor_type: 'staff' },
      ]);
    });

    it('quotes with versioned immutable rows; a new quote supersedes the old one', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      const first = await staffQuote(t.api, staff, order.id, '99.5');
      expect(first).toMatchObject({
        status: 2,
        quote_price: '99.50',
        quote_amount: 9950,
        quote_version: 1,
        allowed_actions: ['quote', 'cancel', 'send_message', 'images'],
      });
      const second = await staffQuote(t.api, staff, order.id, '120');
      expect(second).toMatchObject({ status: 2, quote_price: '120', quote_version: 2 });
      const quotes = await t.dataSource.query(
        'SELECT version, price, amount::int AS amount FROM comm_quotes WHERE comm_order_id = $1 ORDER BY version',
        [order.id],
      );
      expect(quotes).toEqual([
        { version: 1, price: '99.50', amount: 9950 },
        { version: 2, price: '120', amount: 12000 },
      ]);
      const detail = await t.api.get('/api/communication/order/detail', {
        token: alice.token,
        query: { id: order.id },
      });
      expect(detail.body.data.quotes.map((q: any) => q.version)).toEqual([2, 1]);
      expect(detail.body.data.allowed_actions).toEqual([
        'accept',
        'reject',
        'cancel',
        'send_message',
      ]);
      const quoteMessages = detail.body.data.messages.filter(
        (m: any) => m.message_type === 'quote',
      );
      expect(quoteMessages.map((m: any) => m.quote_version)).toEqual([1, 2]);
    });

    it.each([
      ['0', /greater than 0/],
      ['-5', /positive amount/],
      ['1.234', /at most 2 decimals/],
      ['abc', /positive amount/],
      ['10000000.01', /at most 10000000/],
    ])('refuses quote_price %p', async (price, message) => {
      const order = await createCommOrder(t.api, alice, goods.id);
      const res = await staffPost('order/quote', {
        id: order.id,
        quote_price: price,
        quote_content: 'x',
      });
      expect(res.body).toMatchObject({ code: -1, error: 'COMM.INVALID_QUOTE_PRICE' });
      expect(res.body.msg).toMatch(message);
      expect(await statusOf(order.id)).toBe(0);
    });

    it('refuses a valid_until in the past, and accepts a numeric quote_price', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      const past = await staffPost('order/quote', {
        id: order.id,
        quote_price: '10',
        quote_content: 'x',
        valid_until: Math.floor(Date.now() / 1000) - 10,
      });
      expect(past.body).toMatchObject({ code: -1, error: 'COMM.INVALID_VALID_UNTIL' });
      const numeric = await staffPost('order/quote', {
        id: order.id,
        quote_price: 88,
        quote_content: 'x',
      });
      expect(numeric.body.data).toMatchObject({ quote_price: '88', quote_amount: 8800 });
    });

    it('sets sketch and finished images and posts the new ones as image messages', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      const first = await staffPost('order/images', {
        id: order.id,
        sketch_images: ['/uploads/202601/a.png', '/uploads/202601/b.png'],
      });
      expect(first.body.data).toMatchObject({
        sketch_images: ['/uploads/202601/a.png', '/uploads/202601/b.png'],
        finished_images: [],
      });
      const second = await staffPost('order/images', {
        id: order.id,
        sketch_images: ['/uploads/202601/a.png'],
        finished_images: ['/uploads/202601/c.png'],
      });
      expect(second.body.data).toMatchObject({
        sketch_images: ['/uploads/202601/a.png'],
        finished_images: ['/uploads/202601/c.png'],
      });
      const images = await t.dataSource.query(
        `SELECT content FROM comm_messages WHERE comm_order_id = $1 AND message_type = 'image' ORDER BY id`,
        [order.id],
      );
      expect(images.map((m: any) => m.content)).toEqual([
        '/uploads/202601/a.png',
        '/uploads/202601/b.png',
        '/uploads/202601/c.png',
      ]);
      const bad = await staffPost('order/images', { id: order.id, sketch_images: ['nope'] });
      expect(bad.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
    });

    it('lists with filters: status, user by id or name, archive, keyword; sorted by waiting time', async () => {
      const other = await createGoodsOnSale(t);
      const erin = await registerCustomer(t.api);
      const waitingLong = await createCommOrder(t.api, erin, other.id, { title: 'waiting long' });
      const answered = await createCommOrder(t.api, erin, other.id, { title: 'answered zebra' });
      const waitingShort = await createCommOrder(t.api, erin, other.id, { title: 'waiting short' });
      await staffReply(t.api, staff, answered.id);

      const byArchive = await t.api.get('/system/api/communication/order/list', {
        admin: staff.token,
        query: { archive_id: other.id },
      });
      expect(byArchive.body.total).toBe(3);
      expect(byArchive.body.data.map((o: any) => o.id)).toEqual([
        waitingLong.id,
        waitingShort.id,
        answered.id,
      ]);
      const newest = await t.api.get('/system/api/communication/order/list', {
        admin: staff.token,
        query: { archive_id: other.id, sort: 'newest' },
      });
      expect(newest.body.data.map((o: any) => o.id)).toEqual([
        waitingShort.id,
        answered.id,
        waitingLong.id,
      ]);
      const byName = await t.api.get('/system/api/communication/order/list', {
        admin: staff.token,
        query: { user: erin.userName.slice(2) },
      });
      expect(byName.body.total).toBe(3);
      const byKeyword = await t.api.get('/system/api/communication/order/list', {
        admin: staff.token,
        query: { keyword: 'zebra', user: String(erin.id) },
      });
      expect(byKeyword.body.data.map((o: any) => o.id)).toEqual([answered.id]);
      const byStatus = await t.api.get('/system/api/communication/order/list', {
        admin: staff.token,
        query: { status: 1, archive_id: other.id },
      });
      expect(byStatus.body.data.map((o: any) => o.id)).toEqual([answered.id]);
      const nobody = await t.api.get('/system/api/communication/order/list', {
        admin: staff.token,
        query: { user: 'no-such-user-anywhere' },
      });
      expect(nobody.body).toMatchObject({ code: 0, total: 0, data: [] });
      const emptyFilters = await t.api.get(
        '/system/api/communication/order/list?status=&user=&keyword=&archive_id=&unread=&sort=',
        { admin: staff.token },
      );
      expect(emptyFilters.body.code).toBe(0);
      expect(emptyFilters.body.total).toBeGreaterThan(3);
      expect(byArchive.body.data[0].allowed_actions).toEqual([
        'quote',
        'cancel',
        'send_message',
        'images',
      ]);
    });

    it('must give a reason to cancel', async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      const res = await staffPost('order/cancel', { id: order.id });
      expect(res.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      const ok = await staffPost('order/cancel', { id: order.id, reason: '客户长时间未回复' });
      expect(ok.body.data).toMatchObject({ status: -1, cancel_reason: '客户长时间未回复' });
    });
  });

  describe('every transition of the table, and every refused one', () => {
    /** Brings a fresh request of alice to `status` through the API. */
    async function requestIn(status: S): Promise<number> {
      const order = await createCommOrder(t.api, alice, goods.id);
      switch (status) {
        case S.Pending:
          break;
        case S.InCommunication:
          await staffReply(t.api, staff, order.id);
          break;
        case S.Quoted:
          await staffQuote(t.api, staff, order.id);
          break;
        case S.Rejected:
          await staffQuote(t.api, staff, order.id);
          await customerPost('order/reject', { id: order.id });
          break;
        case S.Cancelled:
          await customerPost('order/cancel', { id: order.id });
          break;
        case S.Accepted:
          await staffQuote(t.api, staff, order.id);
          await customerPost('order/accept', { id: order.id });
          break;
      }
      expect(await statusOf(order.id)).toBe(status);
      return order.id;
    }

    type Attempt = {
      side: 'customer' | 'staff';
      action: string;
      run(id: number): Promise<ApiResponse>;
    };
    const attempts: Attempt[] = [
      { side: 'customer', action: 'accept', run: (id) => customerPost('order/accept', { id }) },
      { side: 'customer', action: 'reject', run: (id) => customerPost('order/reject', { id }) },
      { side: 'customer', action: 'cancel', run: (id) => customerPost('order/cancel', { id }) },
      {
        side: 'customer',
        action: 'update',
        run: (id) => customerPost('order/update', { id, title: 'new title' }),
      },
      {
        side: 'customer',
        action: 'send_message',
        run: (id) =>
          customerPost('message/send', { comm_order_id: id, message_type: 'text', content: 'x' }),
      },
      {
        side: 'staff',
        action: 'quote',
        run: (id) => staffPost('order/quote', { id, quote_price: '10', quote_content: 'x' }),
      },
      {
        side: 'staff',
        action: 'cancel',
        run: (id) => staffPost('order/cancel', { id, reason: 'r' }),
      },
      {
        side: 'staff',
        action: 'images',
        run: (id) => staffPost('order/images', { id, finished_images: ['/uploads/202601/f.png'] }),
      },
      {
        side: 'staff',
        action: 'send_message',
        run: (id) =>
          staffPost('message/send', { comm_order_id: id, message_type: 'text', content: 'x' }),
      },
    ];

    const cases = COMM_ORDER_STATUSES.flatMap((status) =>
      attempts.map((attempt) => [status, attempt.side, attempt.action, attempt] as const),
    );

    it.each(cases)('from %p: %s %s', async (status, side, action, attempt) => {
      const id = await requestIn(status);
      const res = await attempt.run(id);
      if (status === S.Accepted && action === 'accept') {
        // Not a transition: accepting again answers with the order already created.
        const [row] = await t.dataSource.query('SELECT order_id FROM comm_orders WHERE id = $1', [
          id,
        ]);
        expect(res.body).toMatchObject({ code: 0, data: { id: row.order_id } });
        expect(await statusOf(id)).toBe(S.Accepted);
        return;
      }
      const transition =
        action === 'send_message' && side === 'staff' && status === S.Pending
          ? findTransition(status, 'reply', side)
          : action === 'send_message' || action === 'update' || action === 'images'
            ? undefined
            : findTransition(status, action as 'cancel', side);
      const activityAllowed =
        ['send_message', 'update', 'images'].includes(action) &&
        canDo(status, action as CommActivity, side);
      if (transition || activityAllowed) {
        expect({ code: res.body.code, msg: res.body.msg }).toEqual({
          code: 0,
          msg: expect.any(String),
        });
        expect(await statusOf(id)).toBe(transition ? transition.to : status);
        if (transition) {
          const [history] = await t.dataSource.query(
            'SELECT from_status, to_status FROM comm_order_history WHERE comm_order_id = $1 ORDER BY id DESC LIMIT 1',
            [id],
          );
          expect(history).toEqual({ from_status: status, to_status: transition.to });
        }
      } else {
        expect(res.body).toMatchObject({
          code: -1,
          error: 'COMM.INVALID_TRANSITION',
          details: { status, allowed_actions: allowedActions(status, side) },
        });
        expect(res.body.msg).toContain(`(status ${status})`);
        expect(await statusOf(id)).toBe(status);
      }
    });
  });

  describe('ownership', () => {
    it("answers another customer's request exactly like an unknown one, on every endpoint", async () => {
      const order = await createCommOrder(t.api, alice, goods.id);
      await staffQuote(t.api, staff, order.id);
      const attempts = (id: number): Promise<ApiResponse>[] => [
        t.api.get('/api/communication/order/detail', { token: bob.token, query: { id } }),
        t.api.get('/api/communication/messages', {
          token: bob.token,
          query: { comm_order_id: id },
        }),
        customerPost(
          'message/send',
          { comm_order_id: id, message_type: 'text', content: 'x' },
          bob,
        ),
        customerPost('order/read', { id }, bob),
        customerPost('order/update', { id, title: 'mine now' }, bob),
        customerPost('order/reject', { id }, bob),
        customerPost('order/cancel', { id }, bob),
      ];
      const others = await Promise.all(attempts(order.id));
      const unknown = await Promise.all(attempts(99999999));
      others.forEach((res, i) => {
        expect(res.body).toMatchObject({ code: -1, error: 'COMM.NOT_FOUND', data: null });
        expect(res.body).toEqual(unknown[i].body);
      });
      const list = await t.api.get('/api/communication/orders', { token: bob.token });
      expect(list.body.data.map((o: any) => o.id)).not.toContain(order.id);
      const [row] = await t.dataSource.query(
        'SELECT status, title, message_count, customer_unread_count FROM comm_orders WHERE id = $1',
        [order.id],
      );
      expect(row).toMatchObject({ status: 2, title: CREATE_BODY.title, message_count: 1 });
    });
  });
});
