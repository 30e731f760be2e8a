import { registerCustomer, TestCustomer } from '../factories/accounts.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const ADDRESS = {
  name: '张三',
  phone: '13888888888',
  province: '广东省',
  city: '深圳市',
  country: '南山区',
  address_info: '科技园1号',
  postcode: '518000',
};

/**
 * The `token` cookie rides along with requests other sites make; the Token header cannot. A
 * state change the cookie logs in must be JSON from a trusted origin; form bodies are read only
 * where something needs them (gateway notifications, the staff pages). docs/security.md.
 */
describe('cookie-authenticated requests (e2e)', () => {
  let t: TestApp;
  let me: TestCustomer;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://shop.example' });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    me = await registerCustomer(t.api);
  });

  const addresses = async () =>
    (await t.api.get('/api/order/addresses', { token: me.token })).body.data as unknown[];

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${t.baseUrl}/api/order/address`, { method: 'POST', headers, body });

  it('refuses a form post with the cookie from another site, and any form body on the API', async () => {
    const form = new URLSearchParams(ADDRESS).toString();
    const forms: Record<string, string>[] = [
      {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `token=${me.token}`,
        origin: 'https://evil.example',
      },
      { 'content-type': 'application/x-www-form-urlencoded', cookie: `token=${me.token}` },
      // Not even with the Token header: the API reads JSON.
      { 'content-type': 'application/x-www-form-urlencoded', token: me.token },
    ];
    for (const headers of forms) {
      const res = await post(form, headers);
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ code: -1, error: 'HTTP.UNSUPPORTED_MEDIA_TYPE' });
    }
    expect(await addresses()).toEqual([]);
  });

  it('refuses a cookie-authenticated JSON change from a foreign or sibling origin, or without JSON', async () => {
    const json = JSON.stringify(ADDRESS);
    const refused: Record<string, string>[] = [
      {
        'content-type': 'application/json',
        cookie: `token=${me.token}`,
        origin: 'https://evil.example',
      },
      { 'content-type': 'application/json', cookie: `token=${me.token}`, origin: 'null' },
      // A sibling subdomain is same-site but another origin.
      {
        'content-type': 'application/json',
        cookie: `token=${me.token}`,
        'sec-fetch-site': 'same-site',
      },
      { 'content-type': 'text/plain', cookie: `token=${me.token}`, origin: t.baseUrl },
    ];
    for (const headers of refused) {
      const res = await post(json, headers);
      expect({ headers, body: await res.json() }).toMatchObject({
        headers,
        body: { code: 1002, msg: expect.stringMatching(/token cookie/) },
      });
    }
    expect(await addresses()).toEqual([]);
  });

  it('accepts the cookie from our own pages or a CORS origin, and the Token header from anywhere', async () => {
    const json = JSON.stringify(ADDRESS);
    const accepted: Record<string, string>[] = [
      { 'content-type': 'application/json', cookie: `token=${me.token}`, origin: t.baseUrl },
      {
        'content-type': 'application/json',
        cookie: `token=${me.token}`,
        'sec-fetch-site': 'same-origin',
      },
      {
        'content-type': 'application/json; charset=utf-8',
        cookie: `token=${me.token}`,
        origin: 'https://shop.example',
      },
      // Not a browser (no Origin, no Sec-Fetch-Site): no other site can have sent it.
      { 'content-type': 'application/json', cookie: `token=${me.token}` },
      { 'content-type': 'application/json', token: me.token, origin: 'https://evil.example' },
    ];
    for (const headers of accepted) {
      const res = await post(json, headers);
      expect({ headers, code: ((await res.json()) as { code: number }).code }).toEqual({
        headers,
        code: 0,
      });
    }
    expect(await addresses()).toHaveLength(accepted.length);
    // Reads are not state changes: the cookie reads from anywhere (CORS decides who sees it).
    const read = await fetch(`${t.baseUrl}/api/order/addresses`, {
      headers: { cookie: `token=${me.token}`, origin: 'https://evil.example' },
    });
    expect(((await read.json()) as { code: number }).code).toBe(0);
  });
});
