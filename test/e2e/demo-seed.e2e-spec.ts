import { DEMO_CUSTOMER, DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { DEMO_SELLER } from '../../src/demo/demo-shop.seeder.js';
import { loadConfig } from '../../src/common/config/app-config.js';
import { seedDemoData } from '../../src/seed-demo.js';
import { createTestDatabase } from '../support/database.js';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app.js';

describe('demo data (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const tally = () =>
    t.dataSource.query(`SELECT
      (SELECT count(*)::int FROM archives) AS archives,
      (SELECT count(*)::int FROM archive_skus) AS skus,
      (SELECT count(*)::int FROM user_groups) AS groups,
      (SELECT count(*)::int FROM coupons) AS coupons,
      (SELECT count(*)::int FROM coupon_codes) AS codes,
      (SELECT count(*)::int FROM users) AS users,
      (SELECT count(*)::int FROM comm_orders) AS requests,
      (SELECT count(*)::int FROM comm_messages) AS messages,
      (SELECT count(*)::int FROM categories) AS categories,
      (SELECT count(*)::int FROM banners) AS banners`);

  it('seeds a shop to try (products, a VIP group, WELCOME10), and seeding again adds nothing', async () => {
    const seeder = t.app.get(DemoSeedService);
    await seeder.seed();
    const once = await tally();
    await seeder.seed();
    expect(await tally()).toEqual(once);
    expect(once[0]).toMatchObject({
      archives: 3,
      skus: 2,
      groups: 1,
      coupons: 1,
      codes: 1,
      users: 2,
      requests: 2,
      categories: 5, // three product categories, the About and Contact pages
      banners: 2,
    });
    // The mini-program's About and Contact tabs (getPageDetail({filename})).
    for (const filename of ['about', 'contact']) {
      const page = await t.api.get('/api/page/detail', { query: { filename } });
      expect(page.body).toMatchObject({ code: 0, data: { url_token: filename, type: 3 } });
      expect(page.body.data.title).not.toBe('');
      expect(page.body.data.content).toMatch(/^<p>/);
    }
    // The storefront around the products: every product in a category, demo shop settings.
    const categories = await t.api.get('/api/category/list', { query: { moduleId: 2 } });
    expect(categories.body.data.map((c: { title: string }) => c.title)).toEqual([
      'Apparel',
      'Home & gifts',
    ]);
    expect((await t.api.get('/api/setting/system')).body.data.SiteName).toBe(
      'Demo custom-order shop',
    );

    const products = await t.api.get('/api/archive/list');
    expect(products.body.total).toBe(3);
    for (const product of products.body.data) expect(product.category_id).toBeGreaterThan(0);
    const seller = await t.api.post('/api/login', DEMO_SELLER);
    for (const product of products.body.data) expect(product.user_id).toBe(seller.body.data.id);
    expect(products.body.data.map((p: { skus: unknown[] }) => p.skus.length).sort()).toEqual([
      0, 0, 2,
    ]);

    const customer = await t.api.post('/api/login', DEMO_CUSTOMER);
    const coupon = await t.api.get('/api/coupon/check', {
      token: customer.body.data.token,
      query: { code: 'welcome10', amount: 9900 },
    });
    expect(coupon.body.data).toMatchObject({ discount: 990, amount: 8910 });
    // A quoted customization request to accept, with its thread, and an open one for staff.
    const requests = await t.api.get('/api/communication/orders', {
      token: customer.body.data.token,
    });
    expect(requests.body.total).toBe(2);
    const byId = new Map(requests.body.data.map((r: { id: number }) => [r.id, r]));
    const quoted = byId.get(1) as any;
    expect(quoted).toMatchObject({ status: 2, quote_price: '159', quote_amount: 15900 });
    expect(quoted.allowed_actions).toContain('accept');
    expect(quoted.messages.length).toBeGreaterThanOrEqual(3);
    expect(byId.get(2)).toMatchObject({ status: 0, title: 'Mug with our dog' });
    const groups = await t.api.get('/api/user/groups', { token: customer.body.data.token });
    expect(groups.body.data).toEqual([
      expect.objectContaining({ title: 'VIP', price: 9900, discount: 10, expire_day: 365 }),
    ]);
  });
});

describe('npm run seed:demo (e2e)', () => {
  // It needs a database of its own: a PostgreSQL one (PGlite runs are in memory, per app).
  const onPostgres = process.env.TEST_DB_MODE === 'pglite' ? it.skip : it;
  onPostgres(
    'seeds a database through the app built without listening, as the command does',
    async () => {
      const database = await createTestDatabase();
      try {
        await seedDemoData(
          loadConfig({
            NODE_ENV: 'test',
            JWT_SECRET: TEST_JWT_SECRET,
            LOG_LEVEL: 'error',
            DATABASE_URL: database.url,
            EVENT_WORKERS: 'false',
            ORDER_JOBS_INTERVAL_SECONDS: '0',
            COMM_JOBS_INTERVAL_SECONDS: '0',
            CLEANUP_INTERVAL_SECONDS: '0',
          }),
        );
        const t = await startTestApp({}, { databaseUrl: database.url });
        try {
          const login = await t.api.post('/api/login', DEMO_CUSTOMER);
          expect(login.body.code).toBe(0);
          const products = await t.api.get('/api/archive/list');
          expect(products.body.total).toBe(3);
        } finally {
          await t.close();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
