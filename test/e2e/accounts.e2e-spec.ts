import { createHmac } from 'node:crypto';
import { createAdmin, registerCustomer, uniqueName } from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

function signJwt(header: object, payload: object, secret = TEST_JWT_SECRET): string {
  const enc = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${enc(header)}.${enc(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('accounts and auth (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('register and login', () => {
    it('registers, logs in and reads the detail with the Token header, the cookie and Bearer', async () => {
      const userName = uniqueName();
      const reg = await t.api.post('/api/register', {
        user_name: userName,
        password: 'secret123',
        email: `${userName}@Example.com`,
        phone: '1380000' + String(Date.now()).slice(-4),
      });
      expect(reg.status).toBe(200);
      expect(reg.body.code).toBe(0);
      expect(reg.body.data).toMatchObject({
        user_name: userName,
        email: `${userName}@example.com`,
        parent_id: 0,
        balance: 0,
      });
      expect(typeof reg.body.data.token).toBe('string');

      const login = await t.api.post('/api/login', { user_name: userName, password: 'secret123' });
      expect(login.body.code).toBe(0);
      const token = login.body.data.token as string;
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^token=[^;]+;/);
      expect(cookie).toMatch(/HttpOnly/i);

      const byHeader = await t.api.get('/api/user/detail', { token });
      expect(byHeader.body).toMatchObject({
        code: 0,
        data: { id: reg.body.data.id, user_name: userName },
      });
      const byBearer = await t.api.get('/api/user/detail', { bearer: token });
      expect(byBearer.body.data.id).toBe(reg.body.data.id);
      const byCookie = await t.api.get('/api/user/detail', {
        headers: { cookie: cookie.split(';')[0] },
      });
      expect(byCookie.body.data.id).toBe(reg.body.data.id);
    });

    it('logs in by email or phone too, and rejects a wrong password without saying which part was wrong', async () => {
      const userName = uniqueName();
      const phone = '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
      await t.api.post('/api/register', {
        user_name: userName,
        password: 'secret123',
        email: `${userName}@x.io`,
        phone,
      });
      expect(
        (await t.api.post('/api/login', { user_name: `${userName}@x.io`, password: 'secret123' }))
          .body.code,
      ).toBe(0);
      expect(
        (await t.api.post('/api/login', { user_name: phone, password: 'secret123' })).body.code,
      ).toBe(0);
      const wrong = await t.api.post('/api/login', { user_name: userName, password: 'nope-nope' });
      const unknown = await t.api.post('/api/login', {
        user_name: uniqueName(),
        password: 'nope-nope',
      });
      expect(wrong.body).toMatchObject({ code: -1, error: 'USER.BAD_CREDENTIALS' });
      expect(unknown.body.msg).toBe(wrong.body.msg);
    });

    it('sets parent_id from invite_id or invite_code, and refuses an unknown inviter', async () => {
      const inviter = await registerCustomer(t.api);
      const detail = await t.api.get('/api/user/detail', { token: inviter.token });
      const byId = await registerCustomer(t.api, { invite_id: inviter.id });
      const byCode = await registerCustomer(t.api, { invite_code: detail.body.data.invite_code });
      for (const child of [byId, byCode]) {
        const me = await t.api.get('/api/user/detail', { token: child.token });
        expect(me.body.data.parent_id).toBe(inviter.id);
      }
      const bad = await t.api.post('/api/register', {
        user_name: uniqueName(),
        password: 'secret123',
        invite_id: 99999999,
      });
      expect(bad.body).toMatchObject({ code: -1, error: 'USER.INVITER_NOT_FOUND' });
    });

    itRaces('gives exactly one winner when the same name registers concurrently', async () => {
      const userName = uniqueName();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.api.post('/api/register', { user_name: userName, password: 'secret123' }),
        ),
      );
      const codes = results.map((r) => r.body.code);
      expect(codes.filter((c) => c === 0)).toHaveLength(1);
      for (const loser of results.filter((r) => r.body.code !== 0)) {
        expect(loser.status).toBe(200);
        expect(loser.body).toMatchObject({ code: -1, error: 'USER.NAME_TAKEN' });
      }
      const [{ count }] = await t.dataSource.query(
        'SELECT count(*)::int AS count FROM users WHERE user_name = $1',
        [userName],
      );
      expect(count).toBe(1);
    });

    it('refuses duplicate emails and phones with a clear message', async () => {
      const first = uniqueName();
      await t.api.post('/api/register', {
        user_name: first,
        password: 'secret123',
        email: `${first}@dup.io`,
        phone: '13700000001',
      });
      const dupEmail = await t.api.post('/api/register', {
        user_name: uniqueName(),
        password: 'secret123',
        email: `${first.toUpperCase()}@dup.io`,
      });
      expect(dupEmail.body).toMatchObject({ code: -1, error: 'USER.EMAIL_TAKEN' });
      const dupPhone = await t.api.post('/api/register', {
        user_name: uniqueName(),
        password: 'secret123',
        phone: '13700000001',
      });
      expect(dupPhone.body).toMatchObject({ code: -1, error: 'USER.PHONE_TAKEN' });
    });
  });

  describe('tokens', () => {
    it('answers 1001 without a token or with a tampered, expired or alg:none token', async () => {
      const me = await registerCustomer(t.api);
      const [h, p] = me.token.split('.');
      const now = Math.floor(Date.now() / 1000);
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '1' })).toString('base64url')}.${me.token.split('.')[2]}`;
      const expired = signJwt(
        { alg: 'HS256', typ: 'JWT' },
        { ...payload, iat: now - 100, exp: now - 10 },
      );
      const algNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
      const otherSecret = signJwt(
        { alg: 'HS256', typ: 'JWT' },
        payload,
        'another-secret-another-secret-another',
      );
      for (const token of [undefined, 'garbage', tampered, expired, algNone, otherSecret]) {
        const res = await t.api.get('/api/user/detail', { token });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ code: 1001, data: null });
      }
    });

    it('answers 1001, not an error, to a token signed with our key whose claims are mis-typed', async () => {
      const me = await registerCustomer(t.api);
      const admin = await createAdmin(t);
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'HS256', typ: 'JWT' };
      const claims = (token: string) =>
        JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      const bad = [
        { sub: 'abc' },
        { sub: '1.5' },
        { sub: 1 },
        { sub: '99999999999' },
        { sub: "1' OR '1'='1" },
        { tv: 'x' },
        { exp: undefined },
      ];
      for (const change of bad) {
        const customerToken = signJwt(header, { ...claims(me.token), iat: now, ...change });
        const res = await t.api.get('/api/user/detail', { token: customerToken });
        expect({ change, body: res.body }).toMatchObject({ change, body: { code: 1001 } });
        const staffToken = signJwt(header, { ...claims(admin.token), iat: now, ...change });
        const staff = await t.api.get('/system/api/admin/detail', { admin: staffToken });
        expect({ change, body: staff.body }).toMatchObject({ change, body: { code: 1001 } });
      }
      // The same claims, well typed, are logged in: the refusals above are the types.
      expect((await t.api.get('/api/user/detail', { token: me.token })).body.code).toBe(0);
    });

    it('keeps customer and staff tokens apart: the wrong kind answers 1002', async () => {
      const customer = await registerCustomer(t.api);
      const admin = await createAdmin(t);
      expect((await t.api.get('/system/api/admin/detail', { admin: admin.token })).body.code).toBe(
        0,
      );
      expect((await t.api.get('/system/api/admin/detail', { bearer: admin.token })).body.code).toBe(
        0,
      );
      expect(
        (await t.api.get('/system/api/admin/detail', { bearer: customer.token })).body.code,
      ).toBe(1002);
      expect(
        (await t.api.get('/system/api/admin/detail', { token: customer.token })).body.code,
      ).toBe(1002);
      expect(
        (await t.api.get('/system/api/admin/detail', { admin: customer.token })).body.code,
      ).toBe(1001);
      expect((await t.api.get('/api/user/detail', { bearer: admin.token })).body.code).toBe(1002);
      expect((await t.api.get('/api/user/detail', { token: admin.token })).body.code).toBe(1001);
    });

    it('sends a fresh token in update-token when less than the refresh window is left', async () => {
      const me = await registerCustomer(t.api);
      const payload = JSON.parse(Buffer.from(me.token.split('.')[1], 'base64url').toString());
      const now = Math.floor(Date.now() / 1000);
      const soon = signJwt(
        { alg: 'HS256', typ: 'JWT' },
        { ...payload, iat: now - 1000, exp: now + 600 },
      );
      const res = await t.api.get('/api/user/detail', { token: soon });
      expect(res.body.code).toBe(0);
      const fresh = res.headers.get('update-token');
      expect(fresh).toBeTruthy();
      expect((await t.api.get('/api/user/detail', { token: fresh! })).body.code).toBe(0);
      const plenty = await t.api.get('/api/user/detail', { token: me.token });
      expect(plenty.headers.get('update-token')).toBeNull();
    });

    it('invalidates older tokens when the password changes', async () => {
      const me = await registerCustomer(t.api);
      const wrong = await t.api.post(
        '/api/user/password',
        { old_password: 'not-it', password: 'brandnew1' },
        { token: me.token },
      );
      expect(wrong.body).toMatchObject({ code: -1, error: 'USER.WRONG_OLD_PASSWORD' });
      const changed = await t.api.post(
        '/api/user/password',
        { old_password: me.password, password: 'brandnew1' },
        { token: me.token },
      );
      expect(changed.body.code).toBe(0);
      expect((await t.api.get('/api/user/detail', { token: me.token })).body.code).toBe(1001);
      expect(
        (await t.api.get('/api/user/detail', { token: changed.body.data.token })).body.code,
      ).toBe(0);
      expect(
        (await t.api.post('/api/login', { user_name: me.userName, password: me.password })).body
          .code,
      ).toBe(-1);
      expect(
        (await t.api.post('/api/login', { user_name: me.userName, password: 'brandnew1' })).body
          .code,
      ).toBe(0);
    });
  });

  // These routes leave the account check to their own statement (@AccountCheckedByRead()):
  // whatever the read finds, the answers must be the ones the guard's own check gave.
  describe('tokens on routes whose read checks the account', () => {
    async function fixture() {
      const me = await registerCustomer(t.api);
      const admin = await createAdmin(t);
      const goods = await createGoodsOnSale(t);
      const order = await placeOrder(t.api, me, { goods_id: goods.id, quantity: 1 });
      const request = await createCommOrder(t.api, me, goods.id);
      const routes = [
        `/api/order/detail?order_id=${order.order_id}`,
        '/api/communication/orders',
        `/api/communication/order/detail?id=${request.id}`,
        `/api/communication/messages?comm_order_id=${request.id}`,
      ];
      const empty = [
        '/api/order/detail?order_id=20000101000000',
        '/api/communication/orders?status=3',
        '/api/communication/order/detail?id=2147483647',
        '/api/communication/messages?comm_order_id=2147483647',
      ];
      const invalid = [
        '/api/order/detail?id=abc',
        '/api/communication/orders?current=0',
        '/api/communication/order/detail?id=1e3',
        '/api/communication/messages?comm_order_id=-1',
      ];
      return { me, admin, routes, empty, invalid };
    }

    const codes = async (paths: string[], options: Parameters<TestApp['api']['get']>[1]) =>
      Promise.all(
        paths.map(async (path) => {
          const res = await t.api.get(path, options);
          return { path, code: res.body.code, error: res.body.error };
        }),
      );

    it('answers as before with a current account: the data, not found, empty, a bad query', async () => {
      const { me, routes, empty, invalid } = await fixture();
      for (const row of await codes(routes, { token: me.token })) expect(row.code).toBe(0);
      expect(await codes(empty, { token: me.token })).toEqual([
        { path: empty[0], code: -1, error: 'ORDER.NOT_FOUND' },
        { path: empty[1], code: 0 },
        { path: empty[2], code: -1, error: 'COMM.NOT_FOUND' },
        { path: empty[3], code: -1, error: 'COMM.NOT_FOUND' },
      ]);
      for (const row of await codes(invalid, { token: me.token }))
        expect(row).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
    });

    it.each([
      ['a changed password', 'UPDATE users SET token_version = token_version + 1 WHERE id = $1'],
      ['a disabled account', 'UPDATE users SET status = 0 WHERE id = $1'],
      ['no such account', undefined],
    ])('answers 1001 after %s, whatever the read would have found', async (_, change) => {
      const { me, routes, empty, invalid } = await fixture();
      let token = me.token;
      if (change) await t.dataSource.query(change, [me.id]);
      else {
        // Signed with our key, well formed, for an account id nobody has.
        const payload = JSON.parse(Buffer.from(me.token.split('.')[1], 'base64url').toString());
        token = signJwt({ alg: 'HS256', typ: 'JWT' }, { ...payload, sub: '2147483000' });
      }
      for (const row of await codes([...routes, ...empty, ...invalid], { token }))
        expect(row).toMatchObject({ code: 1001 });
    });

    it('answers 1002 for a stale customer token beside a staff token, as the guard did', async () => {
      const { me, admin, routes } = await fixture();
      await t.dataSource.query('UPDATE users SET status = 0 WHERE id = $1', [me.id]);
      for (const row of await codes(routes, { token: me.token, admin: admin.token }))
        expect(row).toMatchObject({ code: 1002 });
    });

    it('sends update-token on the answer, found or not, and never on a refusal', async () => {
      const { me, routes, empty } = await fixture();
      const payload = JSON.parse(Buffer.from(me.token.split('.')[1], 'base64url').toString());
      const now = Math.floor(Date.now() / 1000);
      const soon = signJwt(
        { alg: 'HS256', typ: 'JWT' },
        { ...payload, iat: now - 1000, exp: now + 600 },
      );
      for (const path of [...routes, ...empty]) {
        const res = await t.api.get(path, { token: soon });
        const fresh = res.headers.get('update-token');
        expect({ path, fresh: !!fresh }).toEqual({ path, fresh: true });
        expect((await t.api.get(path, { token: fresh! })).body.code).toBe(res.body.code);
      }
      await t.dataSource.query('UPDATE users SET status = 0 WHERE id = $1', [me.id]);
      for (const path of routes) {
        const res = await t.api.get(path, { token: soon });
        expect(res.body.code).toBe(1001);
        expect(res.headers.get('update-token')).toBeNull();
      }
    });
  });

  describe('no secrets leave the server', () => {
    it('never sends a password or hash', async () => {
      const me = await registerCustomer(t.api);
      const responses = [
        await t.api.post('/api/login', { user_name: me.userName, password: me.password }),
        await t.api.get('/api/user/detail', { token: me.token }),
        await t.api.post('/api/user/detail', { real_name: 'Alice' }, { token: me.token }),
      ];
      for (const res of responses) {
        expect(res.text).not.toMatch(/password|scrypt\$|token_version/i);
      }
      const [row] = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [
        me.id,
      ]);
      expect(row.password_hash).toMatch(/^scrypt\$/);
    });
  });
});

describe('auth when the database fails (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers an error, not "not logged in", when the account cannot be checked', async () => {
    const me = await registerCustomer(t.api);
    // Make the strategy's account lookup fail the way a lost database would.
    await t.dataSource.query('ALTER TABLE users RENAME COLUMN token_version TO token_version_gone');
    try {
      // The server logs this internal error with its stack; the request id labels it as expected.
      // user/detail checks the account in the guard; communication/orders in its own read.
      for (const path of ['/api/user/detail', '/api/communication/orders']) {
        const res = await t.api.get(path, {
          token: me.token,
          headers: { 'x-request-id': 'expected-error-from-accounts-test' },
        });
        expect(res.status).toBe(200);
        expect(res.body.code).toBe(-1);
        expect(res.body.error).toBe('COMMON.INTERNAL');
        expect(res.text).not.toMatch(/token_version|column|SELECT/);
      }
    } finally {
      await t.dataSource.query(
        'ALTER TABLE users RENAME COLUMN token_version_gone TO token_version',
      );
    }
    expect((await t.api.get('/api/user/detail', { token: me.token })).body.code).toBe(0);
    // A garbage token is still just "not logged in".
    expect((await t.api.get('/api/user/detail', { token: 'garbage' })).body.code).toBe(1001);
  });
});
