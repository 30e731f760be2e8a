import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * The hostile inputs that once reached PostgreSQL (integer overflow, invalid dates, NUL bytes,
 * NULL into NOT NULL columns) are refused as validation errors naming the field, and nothing
 * is written.
 */
describe('input bounded before the database (e2e)', () => {
  let t: TestApp;
  let customer: TestCustomer;
  let admin: TestAdmin;
  let commOrderId: number;

  beforeAll(async () => {
    t = await startTestApp();
    customer = await registerCustomer(t.api);
    admin = await createAdmin(t);
    const goods = await createGoodsOnSale(t);
    commOrderId = (await createCommOrder(t.api, customer, goods.id)).id;
    await placeOrder(t.api, customer, { goods_id: goods.id, quantity: 1 });
  });
  afterAll(async () => {
    await t.close();
  });

  const refused = (res: { body: { code: number; error?: string; msg: string } }, field: RegExp) => {
    expect({ code: res.body.code, error: res.body.error }).toEqual({
      code: -1,
      error: 'COMMON.VALIDATION',
    });
    expect(res.body.msg).toMatch(field);
  };

  it('refuses ids beyond their column in every body', async () => {
    for (const path of ['order/cancel', 'order/reject', 'order/read']) {
      refused(
        await t.api.post(`/api/communication/${path}`, { id: 1e308 }, { token: customer.token }),
        /id must not be greater than 2147483647/,
      );
    }
    for (const path of ['order/read', 'order/images']) {
      refused(
        await t.api.post(
          `/system/api/communication/${path}`,
          { id: 2 ** 31 },
          { admin: admin.token },
        ),
        /id must not be greater than/,
      );
    }
    // Message ids are int8: bounded to what a JS number holds exactly.
    refused(
      await t.api.get('/api/communication/messages', {
        token: customer.token,
        query: { comm_order_id: commOrderId, before_id: '9007199254740993' },
      }),
      /before_id must not be greater than 9007199254740991/,
    );
  });

  it('refuses page numbers and query numbers that are not plain integers in range', async () => {
    for (const current of ['1e308', '100001', '0x10', '1.5', ' ']) {
      refused(
        await t.api.get('/api/user/balance/logs', { token: customer.token, query: { current } }),
        /current/,
      );
    }
    // An empty value is "not sent", as AnqiCMS clients send it.
    const empty = await t.api.get('/api/user/balance/logs', {
      token: customer.token,
      query: { current: '' },
    });
    expect(empty.body.code).toBe(0);
  });

  it('range-checks times, and a streamed export refuses before its first byte', async () => {
    refused(
      await t.api.get('/system/api/plugin/order/list', {
        admin: admin.token,
        query: { start_time: '1e308' },
      }),
      /start_time/,
    );
    refused(
      await t.api.get('/system/api/plugin/order/list', {
        admin: admin.token,
        query: { end_time: '253402300800' },
      }),
      /end_time must not be greater than 253402300799/,
    );
    const exported = await t.api.get('/system/api/plugin/order/export', {
      admin: admin.token,
      query: { start_time: '1e308' },
    });
    expect(exported.headers.get('content-type')).toMatch(/json/);
    refused(exported, /start_time/);
    refused(
      await t.api.post(
        '/system/api/plugin/order/export',
        { start_time: 1e308 },
        { admin: admin.token },
      ),
      /start_time/,
    );
    // The largest time accepted is still a valid date for PostgreSQL.
    const far = await t.api.get('/system/api/plugin/order/export', {
      admin: admin.token,
      query: { start_time: '0', end_time: '253402300799' },
    });
    expect(far.status).toBe(200);
    expect(far.text.split('\n').filter(Boolean).length).toBe(2);
  });

  it('refuses NUL characters and broken Unicode anywhere: bodies, keys, queries, paths', async () => {
    refused(
      await t.api.post('/api/login', { user_name: 'a\u0000b', password: 'secret123' }),
      /user_name must not contain NUL/,
    );
    refused(
      await t.api.post(
        '/api/communication/order/update',
        { id: commOrderId, order_extra: { 'size\u0000': 'L' } },
        { token: customer.token },
      ),
      /field name in order_extra/,
    );
    refused(
      await t.api.get('/system/api/archive/list', {
        admin: admin.token,
        query: { keyword: 'a\u0000' },
      }),
      /keyword must not contain NUL/,
    );
    refused(await t.api.get('/uploads/2024-01/a%00b.png'), /file must not contain NUL/);
    refused(
      await t.api.postRaw(
        '/api/register',
        '{"user_name":"alice","password":"secret123","email":"\\ud800"}',
      ),
      /email must be valid Unicode/,
    );
    const detail = await t.api.get('/api/communication/order/detail', {
      token: customer.token,
      query: { id: commOrderId },
    });
    expect(detail.body.data.order_extra).not.toHaveProperty('size\u0000');
  });

  it('refuses null where the column cannot hold it, and writes nothing', async () => {
    refused(
      await t.api.post('/api/user/detail', { email: null }, { token: customer.token }),
      /email must not be null/,
    );
    refused(
      await t.api.post(
        '/api/user/detail',
        { real_name: null, phone: '13800000000' },
        { token: customer.token },
      ),
      /real_name must not be null/,
    );
    const me = await t.api.get('/api/user/detail', { token: customer.token });
    expect(me.body.data.phone).not.toBe('13800000000');
  });
});
