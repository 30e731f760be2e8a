import { Access } from '../../src/common/auth/access.decorators.js';
import { roleMay, STAFF_ROLES, StaffRole } from '../../src/common/auth/staff-roles.js';
import { REFUSAL_HEADER } from '../../src/common/http/html-pages.js';
import { listRoutes, RouteEntry } from '../../src/common/http/route-catalogue.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Generated from every controller route: whatever a module adds is checked here without anyone
 * writing a test for it. Deny by default: a route is customer-only unless it says otherwise, and
 * the list of public routes is spelled out so opening one is a visible decision.
 */
const EXPECTED_PUBLIC = [
  'GET /api/archive/detail',
  'GET /api/archive/list',
  // The storefront's catalogue and shop settings (what the AnqiCMS mini-program reads logged out).
  'GET /api/category/list',
  'GET /api/category/detail',
  'GET /api/setting/system',
  'GET /api/setting/contact',
  'GET /api/setting/index',
  'GET /api/banner/list',
  'GET /health',
  'GET /health/ready',
  'POST /api/login',
  'POST /api/register',
  'POST /system/api/login',
  // Uploaded images, served raw to browsers (<img src>): the URLs are unguessable random keys.
  'GET /uploads/:month/:file',
  // Payment gateways' notifications: authenticated by the gateway's signature, answered in the
  // gateway's own format (not the envelope). docs/payments.md.
  'POST /notify/wechat/pay',
  'POST /notify/alipay/pay',
  'POST /notify/stripe/pay',
  // PayPal sends the buyer's browser back here (no login on a redirect): the PayPal order id is
  // checked at PayPal (capture) and against the payment before anything changes.
  'GET /return/paypal/pay',
  'GET /return/paypal/cancel',
  // The one-click unsubscribe link of customer mails (RFC 8058): its signature is the whole
  // authority, for one mail category of one account. docs/notifications.md.
  'GET /api/notifications/unsubscribe',
  'POST /api/notifications/unsubscribe',
  // The staff inbox pages (docs/staff-inbox.md): the way in, the sign-in form, the script and
  // style, and signing in and out (both check the origin; there is no session to protect yet).
  'GET /staff',
  'GET /staff/login',
  'POST /staff/login',
  'POST /staff/logout',
  'GET /staff/assets/:name',
];

describe('access control of every route (e2e)', () => {
  let t: TestApp;
  let routes: RouteEntry[];
  let customer: TestCustomer;
  let admin: TestAdmin;
  const staff = {} as Record<StaffRole, TestAdmin>;

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    customer = await registerCustomer(t.api);
    admin = await createAdmin(t);
    for (const role of STAFF_ROLES) staff[role] = await createAdmin(t, role);
  });
  afterAll(async () => {
    await t.close();
  });

  // An event stream that lets the caller in never ends; a malformed cursor makes it answer at
  // once instead: the guard decides first (1001/1002), then the validation pipe refuses the
  // cursor (-1), so "let in" still shows as anything but 1001/1002.
  const call = (route: RouteEntry, auth: { token?: string; admin?: string; bearer?: string }) =>
    route.page
      ? callPage(route, auth)
      : route.method === 'GET'
        ? t.api.get(route.path, {
            ...auth,
            query: route.eventStream ? { last_event_id: 'not-a-cursor' } : undefined,
          })
        : t.api.post(route.path, {}, auth);

  /**
   * A web page answers a refusal with a page or a redirect to sign in, and names the reason in
   * the refusal header: read as the envelope's code and error, so one set of expectations
   * covers pages and API routes alike. `status` is the page's own (303, 401, 403 or 200).
   */
  async function callPage(
    route: RouteEntry,
    auth: { token?: string; admin?: string; bearer?: string },
  ) {
    const headers: Record<string, string> = {};
    if (auth.token) headers.token = auth.token;
    if (auth.admin) headers.admin = auth.admin;
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
    const res = await fetch(`${t.baseUrl}${route.path}`, {
      method: route.method,
      headers,
      redirect: 'manual',
    });
    const refusal = res.headers.get(REFUSAL_HEADER) ?? undefined;
    const code =
      refusal === 'AUTH.NOT_LOGGED_IN' ? 1001 : refusal === 'AUTH.NOT_ALLOWED' ? 1002 : 0;
    return { status: res.status, body: { code, error: refusal } };
  }

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(5);
  });

  it('opens only the expected public routes', () => {
    const open = routes
      .filter((r) => r.access === Access.Public)
      .map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual([...EXPECTED_PUBLIC].sort());
  });

  it('answers 1001 on every non-public route without a token', async () => {
    for (const route of routes.filter((r) => r.access !== Access.Public)) {
      const res = await call(route, {});
      expect({
        route: `${route.method} ${route.path}`,
        status: res.status,
        code: res.body.code,
      }).toEqual({
        route: `${route.method} ${route.path}`,
        // A page sends to sign-in (303); a form post or a script's call answers 401.
        status: route.page ? (route.method === 'GET' ? 303 : 401) : 200,
        code: 1001,
      });
    }
  });

  it('answers 1002 on staff routes for a customer token, and on customer routes for a staff token', async () => {
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      if (route.access === Access.Admin) {
        expect({ name, code: (await call(route, { bearer: customer.token })).body.code }).toEqual({
          name,
          code: 1002,
        });
        expect({ name, code: (await call(route, { token: customer.token })).body.code }).toEqual({
          name,
          code: 1002,
        });
      }
      if (route.access === Access.Customer) {
        expect({ name, code: (await call(route, { bearer: admin.token })).body.code }).toEqual({
          name,
          code: 1002,
        });
      }
    }
  });

  // The role matrix: every staff route × every role, expected from the role table (roleMay) and
  // the permission each route declares in the route catalogue. Allowed → the guard lets it through
  // (whatever the handler then says about the empty input); forbidden → 1002. A route declaring
  // no permission is owner-only.
  it('lets each staff role through exactly the routes its permissions name', async () => {
    const staffRoutes = routes.filter(
      (r) => r.access === Access.Admin || r.access === Access.AnyAccount,
    );
    expect(staffRoutes.length).toBeGreaterThan(20);
    const seen = { allowed: 0, refused: 0 };
    for (const route of staffRoutes) {
      for (const role of STAFF_ROLES) {
        const allowed = roleMay(role, route.permission);
        const res = await call(route, { admin: staff[role].token });
        const name = `${role} ${route.method} ${route.path} (${route.permission ?? 'owner-only'})`;
        if (allowed) {
          seen.allowed++;
          expect({ name, refused: [1001, 1002].includes(res.body?.code) }).toEqual({
            name,
            refused: false,
          });
        } else {
          seen.refused++;
          expect({ name, code: res.body.code, error: res.body.error }).toEqual({
            name,
            code: 1002,
            error: 'AUTH.NOT_ALLOWED',
          });
        }
      }
    }
    // The matrix is not one-sided: every non-owner role is both let in and kept out somewhere.
    for (const role of STAFF_ROLES.filter((r) => r !== 'owner')) {
      expect(staffRoutes.some((r) => roleMay(role, r.permission))).toBe(true);
      expect(staffRoutes.some((r) => !roleMay(role, r.permission))).toBe(true);
    }
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('documents every route in Swagger with the auth it enforces', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as any;
    for (const route of routes.filter((r) => !r.page)) {
      const swaggerPath = route.path.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[swaggerPath]?.[route.method.toLowerCase()];
      const name = `${route.method} ${route.path}`;
      expect({ name, documented: Boolean(op) }).toEqual({ name, documented: true });
      const schemes = (op.security as Record<string, unknown>[]).flatMap((s) => Object.keys(s));
      switch (route.access) {
        case Access.Public:
          expect({ name, schemes }).toEqual({ name, schemes: [] });
          break;
        case Access.Customer:
          expect({ name, schemes: schemes.sort() }).toEqual({
            name,
            schemes: ['bearer', 'cookie', 'token'],
          });
          break;
        case Access.Admin:
          expect({ name, schemes: schemes.sort() }).toEqual({ name, schemes: ['admin', 'bearer'] });
          break;
        case Access.AnyAccount:
          expect({ name, schemes: schemes.sort() }).toEqual({
            name,
            schemes: ['admin', 'bearer', 'cookie', 'token'],
          });
          break;
      }
    }
  });
});
