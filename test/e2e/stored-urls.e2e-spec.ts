import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { createCategory, createGoods } from '../factories/catalogue.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/** Every spelling of a URL that runs script or smuggles content when a page shows it. */
const HOSTILE = [
  'javascript:alert(1)',
  ' JavaScript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:msgbox(1)',
  '//evil.example/x.png',
];

describe('stored URLs: only http(s) or our own paths, everywhere a URL is stored (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses hostile product images, thumb, logo, canonical_url and fixed_link, and stores nothing', async () => {
    const goods = await createGoods(t.api, admin.token);
    const fields: [string, (url: string) => unknown][] = [
      ['images', (url) => [url]],
      ['thumb', (url) => url],
      ['logo', (url) => url],
      ['canonical_url', (url) => url],
      ['fixed_link', (url) => url],
    ];
    for (const [field, value] of fields) {
      for (const url of HOSTILE) {
        const res = await t.api.post(
          '/system/api/archive/detail',
          { id: goods.id, [field]: value(url) },
          { admin: admin.token },
        );
        expect({ field, url, code: res.body.code, msg: res.body.msg }).toMatchObject({
          field,
          url,
          code: -1,
          msg: expect.stringContaining(field),
        });
      }
    }
    const stored = await t.api.get('/api/archive/detail', { query: { id: goods.id } });
    expect(JSON.stringify(stored.body.data)).not.toMatch(/javascript|vbscript|data:|evil/i);
  });

  it('keeps taking http(s) URLs, upload paths and site paths', async () => {
    const goods = await createGoods(t.api, admin.token, {
      images: ['https://cdn.example.com/a.jpg', '/uploads/202612/b.png', 'uploads/202612/c.webp'],
      thumb: 'https://cdn.example.com/t.jpg',
      logo: '',
      canonical_url: 'https://shop.example.com/p/1',
      fixed_link: '/custom-theme.html',
    });
    expect(goods).toMatchObject({
      images: ['https://cdn.example.com/a.jpg', '/uploads/202612/b.png', 'uploads/202612/c.webp'],
      fixed_link: '/custom-theme.html',
    });
  });

  it('refuses hostile category images and logo, banner images and links, and site logos', async () => {
    const category = await createCategory(t.api, admin.token);
    for (const url of HOSTILE) {
      const answers = await Promise.all([
        t.api.post(
          '/system/api/category/detail',
          { id: category.id, logo: url },
          { admin: admin.token },
        ),
        t.api.post(
          '/system/api/category/detail',
          { id: category.id, images: [url] },
          { admin: admin.token },
        ),
        t.api.post('/system/api/setting/banner', { logo: url }, { admin: admin.token }),
        t.api.post(
          '/system/api/setting/banner',
          { logo: 'https://cdn.example.com/b.jpg', link: url },
          { admin: admin.token },
        ),
        t.api.post('/system/api/setting/system', { site_logo: url }, { admin: admin.token }),
        t.api.post('/system/api/setting/contact', { qrcode: url }, { admin: admin.token }),
      ]);
      expect({ url, codes: answers.map((res) => res.body.code) }).toEqual({
        url,
        codes: [-1, -1, -1, -1, -1, -1],
      });
    }
    const banners = await t.api.get('/api/banner/list');
    expect(banners.body.data).toEqual([]);
  });

  it('refuses a hostile avatar_url and keeps the one before', async () => {
    const me = await registerCustomer(t.api);
    const ok = await t.api.post(
      '/api/user/detail',
      { avatar_url: 'uploads/202612/me.webp' },
      { token: me.token },
    );
    expect(ok.body.code).toBe(0);
    for (const url of HOSTILE) {
      const res = await t.api.post('/api/user/detail', { avatar_url: url }, { token: me.token });
      expect({ url, body: res.body }).toMatchObject({
        url,
        body: { code: -1, msg: expect.stringContaining('avatar_url') },
      });
    }
    const detail = await t.api.get('/api/user/detail', { token: me.token });
    expect(detail.body.data.avatar_url).toBe('uploads/202612/me.webp');
  });
});
