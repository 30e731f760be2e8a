import { registerCustomer } from '../factories/accounts.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('envelope, bad input and operations (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: String(1024 * 1024) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('names every bad field, strips unknown ones and never answers 500', async () => {
    const res = await t.api.post('/api/register', {
      user_name: 5,
      password: 'x',
      email: 'not-an-email',
    });
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(-1);
    expect(res.body.error).toBe('COMMON.VALIDATION');
    expect(res.body.msg).toMatch(/user_name/);
    expect(res.body.msg).toMatch(/password/);
    expect(res.body.msg).toMatch(/email/);

    const missing = await t.api.post('/api/login', {});
    expect(missing.body.code).toBe(-1);
    expect(missing.body.msg).toMatch(/user_name/);

    // A client cannot set fields it does not own: balance and status are stripped.
    const me = await registerCustomer(t.api, { balance: 100000, status: 0, group_id: 9 });
    const detail = await t.api.get('/api/user/detail', { token: me.token });
    expect(detail.body.data).toMatchObject({ balance: 0, status: 1, group_id: 0 });
  });

  it('refuses bodies that are not objects, and wrong content types', async () => {
    const array = await t.api.postRaw('/api/login', '[1, 2]');
    expect(array.body.code).toBe(-1);
    const text = await t.api.postRaw('/api/login', 'user_name=a', {
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
    // Bodies of types no parser reads are refused with an envelope too.
    const xml = await t.api.postRaw('/api/login', '<a/>', {
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.body.code).toBe(-1);
    const nulls = await t.api.post('/api/login', { user_name: null, password: null });
    expect(nulls.body.code).toBe(-1);
    expect(nulls.body.msg).toMatch(/user_name/);
  });

  it('answers malformed JSON with 400 and an envelope', async () => {
    const res = await t.api.postRaw('/api/login', '{"user_name": "a", ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: -1, error: 'HTTP.MALFORMED_JSON' });
  });

  it('answers a 2 MB body with 413 and an envelope, then keeps serving', async () => {
    const huge = JSON.stringify({ user_name: 'a'.repeat(2 * 1024 * 1024), password: 'secret123' });
    const res = await t.api.postRaw('/api/login', huge);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: -1, error: 'HTTP.BODY_TOO_LARGE' });
    expect((await t.api.get('/health')).status).toBe(200);
  });

  it('answers unknown routes with 404 and an envelope', async () => {
    const res = await t.api.get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: -1, error: 'HTTP.NOT_FOUND' });
    expect(res.body.msg).toContain('/api/nope');
  });

  it('carries a request id, echoing the caller’s', async () => {
    const res = await t.api.get('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const generated = await t.api.get('/health');
    expect(generated.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
  });

  it('sends security headers', async () => {
    const res = await t.api.get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBeTruthy();
  });

  it('reports liveness and readiness', async () => {
    expect((await t.api.get('/health')).text).toBe('{"status":"ok"}');
    const ready = await t.api.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' } },
    });
  });

  it('serves Swagger UI and a document that lists every route with auth and the envelope', async () => {
    const ui = await fetch(`${t.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    const doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as any;
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'admin',
      'bearer',
      'cookie',
      'token',
    ]);

    // Every route Fastify serves (but the docs themselves) is documented with an envelope and auth.
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        documented.add(`${method.toUpperCase()} ${path}`);
        // Probes, raw file downloads and payment gateways' notifications (answered in each
        // gateway's own format, docs/payments.md) are not envelopes.
        if (['/health', '/uploads/', '/notify/'].some((prefix) => path.startsWith(prefix)))
          continue;
        const ok = op.responses['200'] ?? op.responses['201'];
        expect(ok).toBeDefined();
        expect(op.responses.default).toBeDefined();
        expect(Array.isArray(op.security)).toBe(true);
        // Raw answers (@RawResponse: the orders CSV export, PayPal's return page, the event
        // streams) are not JSON; their errors still are envelopes (the default response above).
        if (
          ok.content['text/csv'] ||
          ok.content['text/plain'] ||
          ok.content['text/html'] ||
          ok.content['text/event-stream']
        )
          continue;
        expect(ok.content['application/json'].schema.properties).toHaveProperty('code');
        expect(Array.isArray(op.security)).toBe(true);
      }
    }
    const routes = t.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
    expect(routes).toContain('register');
    for (const expected of [
      'POST /api/register',
      'POST /api/login',
      'GET /api/user/detail',
      'POST /api/user/password',
      'POST /system/api/login',
    ]) {
      expect(documented).toContain(expected);
    }
    const publicOp = doc.paths['/api/login'].post;
    expect(publicOp.security).toEqual([{}]);
    const customerOp = doc.paths['/api/user/detail'].get;
    expect(customerOp.security).toEqual(expect.arrayContaining([{ token: [] }, { bearer: [] }]));
    const adminOp = doc.paths['/system/api/admin/detail'].get;
    expect(adminOp.security).toEqual(expect.arrayContaining([{ admin: [] }]));
  });
});

describe('CORS (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://shop.example' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers preflights for configured origins only, exposing update-token', async () => {
    const allowed = await fetch(`${t.baseUrl}/api/user/detail`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'token',
      },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('token');
    const simple = await fetch(`${t.baseUrl}/health`, {
      headers: { origin: 'https://shop.example' },
    });
    expect(simple.headers.get('access-control-expose-headers')).toContain('update-token');
    const other = await fetch(`${t.baseUrl}/health`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
