/**
 * The official AnqiCMS mini-program (github.com/fesiong/anqicms-app), replayed request by request
 * for its shop-facing pages: what each page sends and exactly what it reads from the answer.
 *
 * How it sends (fesiong/anqicms-app src/request.ts): every call goes through Taro.request with
 * the headers `Content-Type: application/json`, `X-Requested-With: XMLHttpRequest`,
 * `Token: <appConfig.token>` (src/config.js ships it empty, so logged-out shoppers send an empty
 * `Token` header) and `Version: 1.0.0` (src/version.ts); GET parameters go in the query string
 * (src/api.ts: `get({url, params})`). Any answer whose `code` is not 0 is a rejected promise, so a
 * page only renders when every call it needs answers `code: 0`.
 */
import { createAdmin, TestAdmin } from '../factories/accounts.factory.js';
import {
  createCategory,
  createGoods,
  TestCategory,
  TestGoods,
} from '../factories/catalogue.factory.js';
import { ApiResponse } from '../support/api-client.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const MINI_PROGRAM_HEADERS = {
  'Content-Type': 'application/json',
  'X-Requested-With': 'XMLHttpRequest',
  Token: '',
  Version: '1.0.0',
};

describe('AnqiCMS mini-program, shop pages (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let shirts: TestCategory;
  let kids: TestCategory;
  let mugs: TestCategory;
  let shirtProducts: TestGoods[];
  let kidsProducts: TestGoods[];
  let mug: TestGoods;

  /** src/request.ts: GET with the query string built from `params`, the app's headers. */
  const miniProgramGet = (path: string, params: Record<string, string | number> = {}) =>
    t.api.get(`/api${path}`, {
      headers: MINI_PROGRAM_HEADERS,
      query: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    });

  /** src/request.ts rejects every answer whose code is not 0. */
  const accepted = (res: ApiResponse) => {
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 0 });
    return res.body;
  };

  const staff = (path: string, body: Record<string, unknown>) =>
    t.api.post(`/system/api${path}`, body, { admin: admin.token });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    shirts = await createCategory(t.api, admin.token, {
      title: 'Shirts',
      module_id: 2,
      sort: 1,
      logo: 'https://cdn.example.com/shirts.png',
      content: '<p>All our shirts</p><img src="https://cdn.example.com/x.png" onerror="steal()">',
    });
    kids = await createCategory(t.api, admin.token, { title: 'Kids', parent_id: shirts.id });
    mugs = await createCategory(t.api, admin.token, { title: 'Mugs', module_id: 2, sort: 2 });
    await createCategory(t.api, admin.token, { title: 'Hidden', module_id: 2, status: 0 });
    await createCategory(t.api, admin.token, { title: 'News', module_id: 1, sort: 0 });
    shirtProducts = [];
    for (let i = 0; i < 13; i++)
      shirtProducts.push(
        await createGoods(t.api, admin.token, {
          title: `Shirt ${i}`,
          category_id: shirts.id,
          images: [`https://cdn.example.com/shirt-${i}.jpg`, 'https://cdn.example.com/back.jpg'],
        }),
      );
    kidsProducts = [];
    for (let i = 0; i < 4; i++)
      kidsProducts.push(
        await createGoods(t.api, admin.token, { title: `Kids shirt ${i}`, category_id: kids.id }),
      );
    mug = await createGoods(t.api, admin.token, {
      title: 'Photo mug',
      category_id: mugs.id,
      images: ['https://cdn.example.com/mug.jpg'],
      tags: ['gift', 'ceramic'],
      seo_title: 'Photo mug | Shop',
      keywords: 'mug',
      content:
        '<p onclick="x()">Dishwasher safe</p><script>alert(1)</script><a href="javascript:alert(1)">more</a>',
    });
    await staff('/setting/system', {
      site_name: 'Test shop',
      site_logo: 'https://cdn.example.com/logo.png',
      site_copyright: '© Test shop',
    });
    await staff('/setting/contact', {
      cellphone: '13800000000',
      address: '1 Test Road',
      qrcode: 'https://cdn.example.com/qr.png',
      wechat: 'testshop',
    });
    await staff('/setting/index', {
      seo_title: 'Test shop home',
      seo_keywords: 'custom',
      seo_description: 'Made to order',
    });
    await staff('/setting/banner', { logo: 'https://cdn.example.com/b1.jpg', alt: 'Summer' });
    await staff('/setting/banner', { logo: 'https://cdn.example.com/b2.jpg', alt: '' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('src/components/container/index.tsx (header and footer of every page)', () => {
    it('reads SiteLogo, SiteName, SiteCopyright from setting/system and Cellphone, Qrcode, Address from setting/contact', async () => {
      const setting = accepted(await miniProgramGet('/setting/system')).data;
      expect(setting).toMatchObject({
        SiteName: 'Test shop',
        SiteLogo: 'https://cdn.example.com/logo.png',
        SiteCopyright: '© Test shop',
      });
      const contact = accepted(await miniProgramGet('/setting/contact')).data;
      expect(contact).toMatchObject({
        Cellphone: '13800000000',
        Qrcode: 'https://cdn.example.com/qr.png',
        Address: '1 Test Road',
      });
    });
  });

  describe('src/pages/about/index.tsx and src/pages/contact/index.tsx: getPageDetail({filename})', () => {
    it('answers the single page by filename (and id) with title, content, images, created_time', async () => {
      // Staff make the pages as the panel's single-page form saves them (categories of type 3).
      const about = await staff('/category/detail', {
        type: 3,
        title: 'About the shop',
        url_token: 'about',
        seo_title: 'About us',
        keywords: 'about',
        description: 'Who we are',
        content: '<p>Made <i>by hand</i></p><img src="x" onerror="alert(1)">',
        images: ['https://cdn.example.com/about-1.jpg', 'https://cdn.example.com/about-2.jpg'],
      });
      expect(about.body.code).toBe(0);
      await staff('/category/detail', { type: 3, title: 'Contact', url_token: 'contact' });
      // about: getPageDetail({filename: "about"}); page.created_time → dateFormat, page.images →
      // the swiper (item → {logo, alt: page.title}), page.title, seo_title || title, content.
      const page = accepted(await miniProgramGet('/page/detail', { filename: 'about' })).data;
      expect(page).toMatchObject({
        id: about.body.data.id,
        title: 'About the shop',
        seo_title: 'About us',
        keywords: 'about',
        description: 'Who we are',
        content: '<p>Made <i>by hand</i></p><img src="x" />',
        images: ['https://cdn.example.com/about-1.jpg', 'https://cdn.example.com/about-2.jpg'],
      });
      expect(page.created_time).toBeGreaterThan(1_600_000_000);
      const contact = accepted(await miniProgramGet('/page/detail', { filename: 'contact' })).data;
      expect(contact).toMatchObject({ title: 'Contact', images: [], content: '' });
      expect(
        accepted(await miniProgramGet('/page/detail', { id: about.body.data.id })).data.title,
      ).toBe('About the shop');
      // A missing page is an error envelope (request.ts rejects; the page shows its toast).
      const missing = await miniProgramGet('/page/detail', { filename: 'faq' });
      expect(missing.body).toMatchObject({ code: -1, error: 'CATEGORY.PAGE_NOT_FOUND' });
      // A product category is not a page, even by its url_token.
      const category = await miniProgramGet('/page/detail', { id: shirts.id });
      expect(category.body.code).toBe(-1);
    });
  });

  describe('src/pages/contact/index.tsx', () => {
    it('reads Address, Cellphone, Qrcode and Wechat from setting/contact', async () => {
      expect(accepted(await miniProgramGet('/setting/contact')).data).toMatchObject({
        Address: '1 Test Road',
        Cellphone: '13800000000',
        Qrcode: 'https://cdn.example.com/qr.png',
        Wechat: 'testshop',
      });
    });
  });

  describe('src/pages/index/index.tsx (home)', () => {
    it('getSystemSetting({}): the navigation bar title is setting.SiteName', async () => {
      expect(accepted(await miniProgramGet('/setting/system')).data.SiteName).toBe('Test shop');
    });

    it('getIndexTdkSetting({}): pageConfig.SeoTitle, SeoKeywords, SeoDescription', async () => {
      expect(accepted(await miniProgramGet('/setting/index')).data).toMatchObject({
        SeoTitle: 'Test shop home',
        SeoKeywords: 'custom',
        SeoDescription: 'Made to order',
        // AnqiCMS's own spelling too.
        seo_title: 'Test shop home',
      });
    });

    it('getBannerList({}): item.logo and item.alt of each banner (src/components/banner)', async () => {
      const banners = accepted(await miniProgramGet('/banner/list')).data;
      expect(banners.map((b: { logo: string; alt: string }) => [b.logo, b.alt])).toEqual([
        ['https://cdn.example.com/b1.jpg', 'Summer'],
        ['https://cdn.example.com/b2.jpg', ''],
      ]);
    });

    it('getCategoryList({parentId: 0}): category.title and category.id of the top-level categories', async () => {
      const categories = accepted(await miniProgramGet('/category/list', { parentId: 0 })).data;
      // Shown top-level categories of every module, by sort: no sub-category, no hidden one.
      expect(categories.map((c: TestCategory) => [c.id, c.title])).toEqual([
        [expect.any(Number), 'News'],
        [shirts.id, 'Shirts'],
        [mugs.id, 'Mugs'],
      ]);
    });

    it('getArchiveList({moduleId: 2, limit: 4}): the 4 newest products with id, title, logo', async () => {
      const products = accepted(
        await miniProgramGet('/archive/list', { moduleId: 2, limit: 4 }),
      ).data;
      expect(products.map((p: TestGoods) => p.id)).toEqual([
        mug.id,
        kidsProducts[3].id,
        kidsProducts[2].id,
        kidsProducts[1].id,
      ]);
      // src/components/product: <Image src={getImageUrl(item.logo)}>, logo from the first image.
      expect(products[0]).toMatchObject({
        title: 'Photo mug',
        logo: 'https://cdn.example.com/mug.jpg',
      });
    });

    it('getArchiveList({moduleId: 1, limit: 6}) and ({moduleId: 3, limit: 4}): no articles or cases, so those panels stay hidden', async () => {
      expect(
        accepted(await miniProgramGet('/archive/list', { moduleId: 1, limit: 6 })).data,
      ).toEqual([]);
      expect(
        accepted(await miniProgramGet('/archive/list', { moduleId: 3, limit: 4 })).data,
      ).toEqual([]);
    });
  });

  describe('src/pages/products/index.tsx (product centre)', () => {
    it('getCategoryList({moduleId: 2}): the tabs are the top-level product categories (tabList reads title)', async () => {
      const categories = accepted(await miniProgramGet('/category/list', { moduleId: 2 })).data;
      expect(categories.map((c: TestCategory) => [c.id, c.title])).toEqual([
        [shirts.id, 'Shirts'],
        [mugs.id, 'Mugs'],
      ]);
    });

    it('getArchiveList({type: "page", categoryId, page, limit: 10}) pages through the category and its sub-categories, then stops on an empty page', async () => {
      const seen: number[] = [];
      const totals: number[] = [];
      let page = 1;
      // The page's loop: fetch until `products.length == 0` (finished).
      for (; page < 10; page++) {
        const body = accepted(
          await miniProgramGet('/archive/list', {
            type: 'page',
            categoryId: shirts.id,
            page,
            limit: 10,
          }),
        );
        totals.push(body.total!);
        if (body.data.length === 0) break;
        seen.push(...body.data.map((p: TestGoods) => p.id));
      }
      expect(page).toBe(3);
      expect(totals).toEqual([17, 17, 17]);
      const expected = [...shirtProducts, ...kidsProducts].map((p) => p.id).sort((a, b) => b - a);
      expect(seen).toEqual(expected);
    });

    it('the second tab shows only its own category', async () => {
      const body = accepted(
        await miniProgramGet('/archive/list', {
          type: 'page',
          categoryId: mugs.id,
          page: 1,
          limit: 10,
        }),
      );
      expect(body.data.map((p: TestGoods) => p.id)).toEqual([mug.id]);
      expect(body.total).toBe(1);
    });
  });

  describe('src/pages/category/index.tsx', () => {
    it('getCategoryDetail({id}): title, logo, content (sanitised), module_id 2 (product grid), created_time', async () => {
      const category = accepted(await miniProgramGet('/category/detail', { id: shirts.id })).data;
      expect(category).toMatchObject({
        id: shirts.id,
        title: 'Shirts',
        logo: 'https://cdn.example.com/shirts.png',
        module_id: 2,
        content: '<p>All our shirts</p><img src="https://cdn.example.com/x.png" />',
      });
      expect(category.created_time).toBeGreaterThan(1_600_000_000);
    });

    it('getCategoryList({parentId: id}): the sub-categories (item.id, item.title)', async () => {
      const subs = accepted(await miniProgramGet('/category/list', { parentId: shirts.id })).data;
      expect(subs.map((c: TestCategory) => [c.id, c.title])).toEqual([[kids.id, 'Kids']]);
    });

    it('getArchiveList({type: "page", page, limit: 10, categoryId: id}): res.total ("共17篇产品") and an empty page at the end', async () => {
      const first = accepted(
        await miniProgramGet('/archive/list', {
          type: 'page',
          page: 1,
          limit: 10,
          categoryId: shirts.id,
        }),
      );
      expect(first).toMatchObject({ total: 17 });
      expect(first.data).toHaveLength(10);
      const past = accepted(
        await miniProgramGet('/archive/list', {
          type: 'page',
          page: 3,
          limit: 10,
          categoryId: shirts.id,
        }),
      );
      expect(past.data).toEqual([]);
    });

    it('an unknown or hidden category is rejected (the page shows "获取分类信息失败")', async () => {
      const res = await miniProgramGet('/category/detail', { id: 999999 });
      expect(res.body).toMatchObject({ code: -1, error: 'CATEGORY.NOT_FOUND' });
    });
  });

  describe('src/pages/product/index.tsx', () => {
    it('getArchiveDetail({id}): title, logo, category.id/title, tags.join, data.content, created_time, seo fields', async () => {
      const product = accepted(await miniProgramGet('/archive/detail', { id: mug.id })).data;
      expect(product).toMatchObject({
        title: 'Photo mug',
        logo: 'https://cdn.example.com/mug.jpg',
        category: { id: mugs.id, title: 'Mugs' },
        seo_title: 'Photo mug | Shop',
        keywords: 'mug',
        data: { content: '<p>Dishwasher safe</p><a>more</a>' },
      });
      expect(product.tags.join('、')).toBe('gift、ceramic');
      expect(product.created_time).toBeGreaterThan(1_600_000_000);
    });

    it('getArchiveList({type: "related", id, limit: 6}): products of the same category, never the product itself', async () => {
      const target = shirtProducts[6];
      const related = accepted(
        await miniProgramGet('/archive/list', { type: 'related', id: target.id, limit: 6 }),
      ).data;
      expect(related).toHaveLength(6);
      const ids = related.map((p: TestGoods) => p.id);
      expect(ids).not.toContain(target.id);
      const sameCategory = new Set(shirtProducts.map((p) => p.id));
      for (const id of ids) expect(sameCategory.has(id)).toBe(true);
      // The nearest neighbours by id, as AnqiCMS picks them.
      expect(ids.sort((a: number, b: number) => a - b)).toEqual(
        [3, 4, 5, 7, 8, 9].map((i) => shirtProducts[i].id),
      );
      expect(related[0].logo).toMatch(/^https:\/\/cdn\.example\.com\/shirt-\d+\.jpg$/);
    });

    it('related of a product alone in its category is empty (the panel renders nothing)', async () => {
      expect(
        accepted(await miniProgramGet('/archive/list', { type: 'related', id: mug.id, limit: 6 }))
          .data,
      ).toEqual([]);
    });
  });

  describe('CMS-only calls of src/api.ts stay out', () => {
    it.each([
      ['/nav/list', {}],
      ['/comment/list', { id: 1 }],
      ['/friendlink/list', {}],
      ['/guestbook/fields', {}],
      ['/tag/list', {}],
    ])('%s answers the not-found envelope', async (path, params) => {
      const res = await miniProgramGet(path, params);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe(-1);
    });
  });
});
