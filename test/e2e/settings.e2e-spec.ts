import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

describe('shop settings and banners (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const staffGet = (path: string) =>
    t.api.get(`/system/api/setting${path}`, { admin: admin.token });
  const staffPost = (path: string, body: unknown) =>
    t.api.post(`/system/api/setting${path}`, body, { admin: admin.token });

  it('starts with the migration defaults, every field present', async () => {
    const system = await staffGet('/system');
    expect(system.body.data).toMatchObject({
      system: { site_name: 'Custom-order shop', site_logo: '', site_close: 0, language: 'en' },
      languages: expect.arrayContaining(['en']),
    });
    const contact = await t.api.get('/api/setting/contact');
    expect(Object.keys(contact.body.data).sort()).toEqual(
      [
        'Address',
        'Cellphone',
        'Email',
        'Facebook',
        'Instagram',
        'Linkedin',
        'Pinterest',
        'QQ',
        'Qrcode',
        'Tiktok',
        'Twitter',
        'UserName',
        'Wechat',
        'WhatsApp',
        'Youtube',
      ].sort(),
    );
    expect((await t.api.get('/api/setting/index')).body.data.SeoTitle).toBe('Custom-order shop');
  });

  it('saves only the fields sent, stores them, and staff and shoppers read them back', async () => {
    const saved = await staffPost('/system', { site_name: '  My shop ', site_close: 1 });
    expect(saved.body).toMatchObject({
      code: 0,
      data: { site_name: 'My shop', site_close: 1, language: 'en' },
    });
    await staffPost('/system', { site_copyright: '© me' });
    expect((await t.api.get('/api/setting/system')).body.data).toMatchObject({
      SiteName: 'My shop',
      SiteClose: 1,
      SiteCopyright: '© me',
    });
    const stored = await t.dataSource.query(`SELECT value FROM settings WHERE key = 'system'`);
    expect(stored[0].value).toMatchObject({ site_name: 'My shop', site_copyright: '© me' });
    await staffPost('/index', { seo_description: 'Hand made' });
    expect((await staffGet('/index')).body.data).toMatchObject({
      seo_title: 'Custom-order shop',
      seo_description: 'Hand made',
    });
    await staffPost('/contact', { cellphone: '123', unknown_field: 'dropped' });
    expect((await staffGet('/contact')).body.data).toMatchObject({ cellphone: '123' });
    expect((await staffGet('/contact')).body.data).not.toHaveProperty('unknown_field');
  });

  itRaces(
    'concurrent saves of different fields all survive (merged in one statement)',
    async () => {
      const fields = [
        'user_name',
        'address',
        'email',
        'wechat',
        'qq',
        'whats_app',
        'cellphone',
        'qrcode',
      ];
      // qrcode is an image URL (IsStoredUrl): an upload path; the others are text.
      const valueOf = (field: string, i: number) =>
        field === 'qrcode' ? `/uploads/202612/value-${i}.png` : `value-${i}`;
      const results = await Promise.all(
        fields.map((field, i) => staffPost('/contact', { [field]: valueOf(field, i) })),
      );
      for (const r of results) expect(r.body.code).toBe(0);
      const contact = (await staffGet('/contact')).body.data;
      fields.forEach((field, i) => expect(contact[field]).toBe(valueOf(field, i)));
    },
  );

  it('refuses script URLs, NUL characters and bad types, and writes nothing', async () => {
    const before = await t.dataSource.query('SELECT key, value FROM settings ORDER BY key');
    for (const [path, body] of [
      ['/system', { site_logo: 'javascript:alert(1)' }],
      ['/system', { site_name: 'a\u0000b' }],
      ['/system', { site_close: 2 }],
      ['/system', { site_name: 'x'.repeat(251) }],
      ['/contact', { qrcode: 'data:image/png;base64,AAAA' }],
      ['/index', { seo_title: 5 }],
    ] as const) {
      const res = await staffPost(path, body);
      expect(res.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
    }
    expect(await t.dataSource.query('SELECT key, value FROM settings ORDER BY key')).toEqual(
      before,
    );
  });

  it('banners: add, update, group, delete; logo required; unknown ids refused', async () => {
    expect((await staffPost('/banner', { alt: 'no image' })).body).toMatchObject({
      code: -1,
      error: 'COMMON.VALIDATION',
    });
    const first = await staffPost('/banner', {
      logo: 'https://cdn.example.com/1.jpg',
      alt: 'One',
      sort: 2,
    });
    const second = await staffPost('/banner', {
      logo: 'https://cdn.example.com/2.jpg',
      alt: 'Two',
      sort: 1,
    });
    const other = await staffPost('/banner', {
      logo: 'https://cdn.example.com/3.jpg',
      type: 'product',
    });
    expect(first.body.data).toMatchObject({ type: 'default', link: '', alt: 'One' });
    const list = await t.api.get('/api/banner/list');
    expect(list.body.data.map((b: { alt: string }) => b.alt)).toEqual(['Two', 'One']);
    expect(
      (await t.api.get('/api/banner/list', { query: { type: 'product' } })).body.data,
    ).toHaveLength(1);
    const updated = await staffPost('/banner', {
      id: first.body.data.id,
      link: '/pages/products/index',
    });
    expect(updated.body.data).toMatchObject({ alt: 'One', link: '/pages/products/index' });
    expect((await staffPost('/banner', { id: 999999, alt: 'x' })).body.error).toBe(
      'SETTING.BANNER_NOT_FOUND',
    );
    expect((await staffPost('/banner', { logo: 'javascript:x()' })).body.error).toBe(
      'COMMON.VALIDATION',
    );
    const groups = await staffGet('/banner');
    expect(
      groups.body.data.map((g: { type: string; list: unknown[] }) => [g.type, g.list.length]),
    ).toEqual([
      ['default', 2],
      ['product', 1],
    ]);
    expect((await staffPost('/banner/delete', { id: other.body.data.id })).body.code).toBe(0);
    expect((await staffPost('/banner/delete', { id: other.body.data.id })).body.error).toBe(
      'SETTING.BANNER_NOT_FOUND',
    );
    expect(second.body.code).toBe(0);
  });

  it('only staff change settings (customer 1002, nobody 1001); shoppers read them logged out', async () => {
    const customer = await registerCustomer(t.api);
    expect(
      (
        await t.api.post(
          '/system/api/setting/system',
          { site_name: 'x' },
          { token: customer.token },
        )
      ).body.code,
    ).toBe(1002);
    expect((await t.api.post('/system/api/setting/system', { site_name: 'x' })).body.code).toBe(
      1001,
    );
    expect((await t.api.get('/api/setting/system', { headers: { Token: '' } })).body.code).toBe(0);
  });
});
