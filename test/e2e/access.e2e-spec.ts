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
  // Single pages (About, Contact), read by the mini-program logged out.
  'GET /api/page/detail',
  'GET /health',
  'GET /health/ready',
  'POST /api/login',
  'POST /api/register',
  'POST /system/api/login',
  // The staff panel's login page: the shop name and the (always off) captcha, as AnqiCMS.
  'GET /system/api/siteinfo',
  'GET /system/api/captcha',
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

/**
 * THE expected role × route table, written by hand from docs/staff.md (the role table and what
 * each permission allows) and the route docs, NOT derived from the decorators the guard reads:
 * a route moved to another permission, or a role given another permission, shows up here as a
 * difference. Every staff route must be listed (a new one fails the test until someone writes
 * down who may use it). Each entry: the roles let through; every other role gets 1002.
 */
const OWNER = ['owner'];
const ALL = ['owner', 'service', 'fulfilment', 'finance'];
const OWNER_SERVICE = ['owner', 'service'];
const OWNER_FULFILMENT = ['owner', 'fulfilment'];
const OWNER_FINANCE = ['owner', 'finance'];
const OWNER_FULFILMENT_FINANCE = ['owner', 'fulfilment', 'finance'];
const OWNER_SERVICE_FINANCE = ['owner', 'service', 'finance'];
const STAFF_ROUTE_ROLES: [string, string[]][] = [
  // Accounts (docs/staff.md, Accounts): your own account for every role; the rest owner-only.
  ['POST /system/api/admin/delete', OWNER],
  ['GET /system/api/admin/detail', ALL],
  ['POST /system/api/admin/detail', OWNER],
  ['GET /system/api/admin/list', OWNER],
  ['GET /system/api/admin/logs/action', OWNER],
  ['POST /system/api/admin/password', ALL],
  ['POST /system/api/admin/status', OWNER],
  // The audit trail: owners only.
  ['GET /system/api/audit/list', OWNER],
  // Uploads (attachments.upload): owner and service; customers too (either login).
  ['POST /api/attachment/upload', OWNER_SERVICE],
  // Products and categories: service reads (catalogue.read), only owners write.
  ['POST /system/api/archive/delete', OWNER],
  ['GET /system/api/archive/detail', OWNER_SERVICE],
  ['POST /system/api/archive/detail', OWNER],
  ['GET /system/api/archive/list', OWNER_SERVICE],
  ['POST /system/api/category/delete', OWNER],
  ['GET /system/api/category/detail', OWNER_SERVICE],
  ['POST /system/api/category/detail', OWNER],
  ['GET /system/api/category/list', OWNER_SERVICE],
  // The staff panel's product pages: recycle bin restore (catalogue.write), the product module
  // and the content rules (catalogue.read), the image dialog (attachments.upload).
  ['POST /system/api/archive/recover', OWNER],
  ['GET /system/api/module/list', OWNER_SERVICE],
  ['GET /system/api/setting/content', OWNER_SERVICE],
  ['POST /system/api/attachment/upload', OWNER_SERVICE],
  ['GET /system/api/attachment/list', OWNER_SERVICE],
  ['GET /system/api/attachment/category/list', OWNER_SERVICE],
  // Storage settings and deleting an upload: owner only (no permission opens them to others).
  ['POST /system/api/attachment/delete', OWNER],
  ['GET /system/api/plugin/storage', OWNER],
  ['POST /system/api/plugin/storage', OWNER],
  // The dashboard (dashboard.read): every role, the panel opens on it.
  ['GET /system/api/statistic/summary', ALL],
  ['GET /system/api/statistic/dashboard', ALL],
  ['GET /system/api/statistic/include', ALL],
  ['GET /system/api/statistic/traffic', ALL],
  ['GET /system/api/statistic/spider', ALL],
  ['GET /system/api/version/check', ALL],
  // Customers (docs/staff.md, Customers): service and finance read (customers.read), owners
  // edit and disable (customers.manage); the balance dialog and the finance page are the
  // balance permissions (owner and finance).
  ['GET /system/api/plugin/user/list', OWNER_SERVICE_FINANCE],
  ['GET /system/api/plugin/user/detail', OWNER_SERVICE_FINANCE],
  ['GET /system/api/plugin/user/fields', OWNER_SERVICE_FINANCE],
  ['POST /system/api/plugin/user/detail', OWNER],
  ['POST /system/api/plugin/user/delete', OWNER],
  ['POST /system/api/plugin/user/balance', OWNER_FINANCE],
  ['GET /system/api/plugin/finance/list', OWNER_FINANCE],
  // Customization requests, API and the staff inbox pages: owner and service.
  ['GET /staff/inbox', OWNER_SERVICE],
  ['GET /staff/inbox/list', OWNER_SERVICE],
  ['GET /staff/requests/:id', OWNER_SERVICE],
  ['GET /staff/requests/:id/:part', OWNER_SERVICE],
  ['POST /staff/requests/:id/cancel', OWNER_SERVICE],
  ['POST /staff/requests/:id/image', OWNER_SERVICE],
  ['POST /staff/requests/:id/quote', OWNER_SERVICE],
  ['POST /staff/requests/:id/reply', OWNER_SERVICE],
  ['POST /system/api/communication/message/send', OWNER_SERVICE],
  ['GET /system/api/communication/messages', OWNER_SERVICE],
  ['POST /system/api/communication/order/cancel', OWNER_SERVICE],
  ['GET /system/api/communication/order/detail', OWNER_SERVICE],
  ['POST /system/api/communication/order/images', OWNER_SERVICE],
  ['GET /system/api/communication/order/list', OWNER_SERVICE],
  ['POST /system/api/communication/order/quote', OWNER_SERVICE],
  ['POST /system/api/communication/order/read', OWNER_SERVICE],
  // Event streams and their tickets (events.read): every role, each seeing its own event types.
  ['POST /staff/events/ticket', ALL],
  ['GET /system/api/events', ALL],
  ['POST /system/api/events/ticket', ALL],
  // Orders: every role reads; exports owner, fulfilment, finance; fulfilment actions owner and
  // fulfilment; refunds (deciding, and applying one for the buyer) owner and finance; the order
  // settings are read by every role and saved by owners.
  ['POST /system/api/plugin/order/canceled', OWNER_FULFILMENT],
  ['GET /system/api/plugin/order/config', ALL],
  ['POST /system/api/plugin/order/config', OWNER],
  ['POST /system/api/plugin/order/deliver', OWNER_FULFILMENT],
  ['GET /system/api/plugin/order/detail', ALL],
  ['GET /system/api/plugin/order/export', OWNER_FULFILMENT_FINANCE],
  ['POST /system/api/plugin/order/export', OWNER_FULFILMENT_FINANCE],
  ['POST /system/api/plugin/order/finished', OWNER_FULFILMENT],
  ['GET /system/api/plugin/order/list', ALL],
  ['POST /system/api/plugin/order/pay', OWNER_FULFILMENT],
  ['POST /system/api/plugin/order/refund', OWNER_FINANCE],
  ['POST /system/api/plugin/order/refund/apply', OWNER_FINANCE],
  // Payment gateway settings, customer balances: owner and finance.
  ['GET /system/api/plugin/pay/config', OWNER_FINANCE],
  ['POST /system/api/plugin/pay/config', OWNER_FINANCE],
  // Gateway refunds that failed for good (orders.refund): the list, retry, refunded by hand.
  ['GET /system/api/plugin/order/refunds', OWNER_FINANCE],
  ['POST /system/api/plugin/order/refunds/retry', OWNER_FINANCE],
  ['POST /system/api/plugin/order/refunds/by-hand', OWNER_FINANCE],
  ['POST /system/api/user/balance', OWNER_FINANCE],
  ['GET /system/api/user/balance/logs', OWNER_FINANCE],
  // Coupons, customer groups: owners (coupons.manage, groups.manage).
  ['POST /system/api/coupon/code/status', OWNER],
  ['GET /system/api/coupon/codes', OWNER],
  ['POST /system/api/coupon/codes/generate', OWNER],
  ['POST /system/api/coupon/delete', OWNER],
  ['GET /system/api/coupon/detail', OWNER],
  ['POST /system/api/coupon/detail', OWNER],
  ['GET /system/api/coupon/list', OWNER],
  ['POST /system/api/plugin/user/group/delete', OWNER],
  ['GET /system/api/plugin/user/group/detail', OWNER],
  ['POST /system/api/plugin/user/group/detail', OWNER],
  ['GET /system/api/plugin/user/group/list', OWNER],
  ['POST /system/api/user/group/delete', OWNER],
  ['GET /system/api/user/group/detail', OWNER],
  ['POST /system/api/user/group/detail', OWNER],
  ['GET /system/api/user/group/list', OWNER],
  // Shop settings, banners, mail settings, webhooks: no permission declared = owner-only.
  ['GET /system/api/plugin/sendmail/list', OWNER],
  ['GET /system/api/plugin/sendmail/setting', OWNER],
  ['POST /system/api/plugin/sendmail/setting', OWNER],
  ['POST /system/api/plugin/sendmail/test', OWNER],
  ['GET /system/api/setting/banner', OWNER],
  ['POST /system/api/setting/banner', OWNER],
  ['POST /system/api/setting/banner/delete', OWNER],
  ['GET /system/api/setting/contact', OWNER],
  ['POST /system/api/setting/contact', OWNER],
  ['GET /system/api/setting/index', OWNER],
  ['POST /system/api/setting/index', OWNER],
  ['GET /system/api/setting/system', OWNER],
  ['POST /system/api/setting/system', OWNER],
  ['GET /system/api/webhook/attempts', OWNER],
  ['POST /system/api/webhook/delete', OWNER],
  ['GET /system/api/webhook/detail', OWNER],
  ['POST /system/api/webhook/detail', OWNER],
  ['GET /system/api/webhook/list', OWNER],
  ['POST /system/api/webhook/replay', OWNER],
  ['POST /system/api/webhook/rotate', OWNER],
  ['POST /system/api/webhook/test', OWNER],
];

/** Staff routes a customer login opens too (docs/communication.md: a customer or staff token). */
const EITHER_LOGIN = ['POST /api/attachment/upload'];

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

  // The hand-written table above, walked over HTTP for every role (and a customer).
  it('lets each staff role through exactly the routes docs/staff.md gives it (hand-written table)', async () => {
    const name = (r: RouteEntry) => `${r.method} ${r.path}`;
    const staffRoutes = routes.filter(
      (r) => r.access === Access.Admin || r.access === Access.AnyAccount,
    );
    const table = new Map(STAFF_ROUTE_ROLES);
    expect(table.size).toBe(STAFF_ROUTE_ROLES.length); // no route listed twice
    // Both ways: a staff route missing from the table fails, and so does a listed route that is
    // gone or no longer a staff route.
    expect({ missingFromTable: staffRoutes.map(name).filter((n) => !table.has(n)) }).toEqual({
      missingFromTable: [],
    });
    expect({
      notAStaffRoute: [...table.keys()].filter((n) => !staffRoutes.some((r) => name(r) === n)),
    }).toEqual({ notAStaffRoute: [] });
    expect(
      routes
        .filter((r) => r.access === Access.AnyAccount)
        .map(name)
        .sort(),
    ).toEqual([...EITHER_LOGIN].sort());

    const seen: string[] = [];
    const expected: string[] = [];
    const outcome = (code: unknown) => (code === 1002 ? '1002' : code === 1001 ? '1001' : 'let in');
    for (const route of staffRoutes) {
      const roles = table.get(name(route))!;
      for (const role of ALL) {
        const res = await call(route, { admin: staff[role as StaffRole].token });
        seen.push(`${role} ${name(route)}: ${outcome(res.body?.code)}`);
        expected.push(`${role} ${name(route)}: ${roles.includes(role) ? 'let in' : '1002'}`);
        if (res.body?.code === 1002) expect(res.body.error).toBe('AUTH.NOT_ALLOWED');
      }
      const asCustomer = await call(route, { token: customer.token });
      seen.push(`customer ${name(route)}: ${outcome(asCustomer.body?.code)}`);
      expected.push(
        `customer ${name(route)}: ${EITHER_LOGIN.includes(name(route)) ? 'let in' : '1002'}`,
      );
    }
    expect(seen).toEqual(expected);
  });

  // The generated walk, a second net: the same matrix read from the role table (roleMay) and
  // the permission each route declares in the route catalogue.
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
