import { EntityManager } from 'typeorm';
import { CatalogueService } from '../../src/catalogue/services/catalogue.service.js';
import { GoodsResponseDto } from '../../src/catalogue/dto/goods.response.dto.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createCategory, createGoods, saveGoods } from '../factories/catalogue.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

const GOODS_FIELDS = [
  'id',
  'created_time',
  'updated_time',
  'title',
  'seo_title',
  'url_token',
  'keywords',
  'description',
  'module_id',
  'category_id',
  'views',
  'comment_count',
  'images',
  'logo',
  'thumb',
  'canonical_url',
  'fixed_link',
  'status',
  'user_id',
  'price',
  'stock',
];

describe('catalogue (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let customer: TestCustomer;
  let catalogue: CatalogueService;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    customer = await registerCustomer(t.api);
    catalogue = t.app.get(CatalogueService);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('staff create, update and read', () => {
    it('creates a product with defaults, a generated url_token and the thumb from the images', async () => {
      const category = await createCategory(t.api, admin.token, { module_id: 3 });
      const res = await saveGoods(t.api, admin.token, {
        title: 'Custom T-Shirt',
        price: 9900,
        stock: 10,
        images: ['https://cdn.example.com/a.webp', 'https://cdn.example.com/b.webp'],
        user_id: customer.id,
        category_id: category.id,
        module_id: 5,
      });
      expect(res.body).toMatchObject({ code: 0, msg: 'Save successfully' });
      const goods = res.body.data;
      for (const field of GOODS_FIELDS) expect(goods).toHaveProperty(field);
      expect(goods).toMatchObject({
        title: 'Custom T-Shirt',
        url_token: 'custom-t-shirt',
        thumb: 'https://cdn.example.com/a.webp',
        status: 1,
        user_id: customer.id,
        price: 9900,
        stock: 10,
        category_id: category.id,
        // A product in a category belongs to the category's module, whatever was sent.
        module_id: 3,
        views: 0,
        deleted_time: 0,
        skus: [],
      });
      expect(typeof goods.created_time).toBe('number');

      const [row] = await t.dataSource.query('SELECT price, stock FROM archives WHERE id = $1', [
        goods.id,
      ]);
      expect(row).toEqual({ price: '9900', stock: 10 });

      // The same title again gets a unique token; a Chinese title gets "goods".
      const twin = await createGoods(t.api, admin.token, { title: 'Custom T-Shirt' });
      expect(twin.url_token).toMatch(/^custom-t-shirt-[0-9a-f]{6}$/);
      const chinese = await createGoods(t.api, admin.token, { title: '英文外贸响应式通用主题' });
      expect(chinese.url_token).toMatch(/^goods(-[0-9a-f]{6})?$/);
    });

    it('updates only the fields sent and refuses a taken url_token or an unknown seller', async () => {
      const goods = await createGoods(t.api, admin.token, {
        title: 'Mug',
        description: 'Ceramic',
        url_token: 'Mug-1',
      });
      expect(goods.url_token).toBe('mug-1');
      const updated = await saveGoods(t.api, admin.token, { id: goods.id, price: 1990 });
      expect(updated.body.data).toMatchObject({
        title: 'Mug',
        description: 'Ceramic',
        price: 1990,
        url_token: 'mug-1',
      });

      const other = await createGoods(t.api, admin.token, { title: 'Cup' });
      const clash = await saveGoods(t.api, admin.token, { id: other.id, url_token: 'MUG-1' });
      expect(clash.body).toMatchObject({ code: -1, error: 'CATALOGUE.URL_TOKEN_TAKEN' });

      const seller = await saveGoods(t.api, admin.token, { id: other.id, user_id: 999999 });
      expect(seller.body).toMatchObject({ code: -1, error: 'CATALOGUE.SELLER_NOT_FOUND' });

      const unknown = await saveGoods(t.api, admin.token, { id: 999999, title: 'x' });
      expect(unknown.body).toMatchObject({ code: -1, error: 'CATALOGUE.GOODS_NOT_FOUND' });
    });

    it('replaces SKUs as a set: listed ids keep their id, new ones are added, omitted ones are disabled', async () => {
      const goods = await createGoods(t.api, admin.token, {
        title: 'Hoodie',
        skus: [
          { title: 'S', price: 15900, stock: 3 },
          { title: 'M', price: 16900, stock: 4 },
        ],
      });
      expect(goods.skus.map((s) => [s.title, s.price, s.stock, s.status])).toEqual([
        ['S', 15900, 3, 1],
        ['M', 16900, 4, 1],
      ]);
      const [small, medium] = goods.skus;

      const res = await saveGoods(t.api, admin.token, {
        id: goods.id,
        skus: [
          { id: medium.id, title: 'M', price: 17900, stock: 5 },
          { title: 'L', price: 18900, stock: 6 },
        ],
      });
      expect(res.body.code).toBe(0);
      const skus = res.body.data.skus;
      expect(skus.map((s) => [s.id === small.id, s.id === medium.id, s.title, s.status])).toEqual([
        [true, false, 'S', 0],
        [false, true, 'M', 1],
        [false, false, 'L', 1],
      ]);
      expect(skus[1]).toMatchObject({ price: 17900, stock: 5 });

      // Customers see only enabled options.
      const publicDetail = await t.api.get('/api/archive/detail', { query: { id: goods.id } });
      expect(publicDetail.body.data.skus.map((s: { title: string }) => s.title)).toEqual([
        'M',
        'L',
      ]);

      // Omitting `skus` leaves them alone; the disabled row still exists for old orders.
      await saveGoods(t.api, admin.token, { id: goods.id, title: 'Hoodie 2' });
      const [{ count }] = await t.dataSource.query(
        'SELECT count(*)::int AS count FROM archive_skus WHERE archive_id = $1',
        [goods.id],
      );
      expect(count).toBe(3);

      const foreign = await createGoods(t.api, admin.token, {
        skus: [{ title: 'X', price: 1, stock: 1 }],
      });
      const stolen = await saveGoods(t.api, admin.token, {
        id: goods.id,
        skus: [{ id: foreign.skus[0].id, title: 'X', price: 1, stock: 1 }],
      });
      expect(stolen.body).toMatchObject({ code: -1, error: 'CATALOGUE.SKU_NOT_FOUND' });
      const twice = await saveGoods(t.api, admin.token, {
        id: goods.id,
        skus: [
          { id: medium.id, title: 'M', price: 1, stock: 1 },
          { id: medium.id, title: 'M', price: 1, stock: 1 },
        ],
      });
      expect(twice.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      // A refused save writes nothing.
      const after = await t.api.get('/system/api/archive/detail', {
        admin: admin.token,
        query: { id: goods.id },
      });
      expect(after.body.data.skus[1]).toMatchObject({ price: 17900, stock: 5 });
    });
  });

  describe('visibility', () => {
    it('hides hidden and deleted products from customers, shows them to staff, keeps them for order history', async () => {
      const visible = await createGoods(t.api, admin.token, { title: 'Visible thing' });
      const hidden = await createGoods(t.api, admin.token, { title: 'Hidden thing', status: 0 });
      const deleted = await createGoods(t.api, admin.token, { title: 'Deleted thing' });
      const del = await t.api.post(
        '/system/api/archive/delete',
        { id: deleted.id },
        { admin: admin.token },
      );
      expect(del.body).toMatchObject({ code: 0, data: null });

      const publicList = await t.api.get('/api/archive/list', {
        query: { keyword: 'thing', page_size: 100 },
      });
      expect(publicList.body.data.map((g: GoodsResponseDto) => g.id)).toEqual([visible.id]);
      expect(publicList.body.total).toBe(1);

      for (const id of [hidden.id, deleted.id, 999999]) {
        const res = await t.api.get('/api/archive/detail', { query: { id } });
        expect(res.body).toMatchObject({
          code: -1,
          error: 'CATALOGUE.GOODS_NOT_FOUND',
          msg: 'Product not found',
          data: null,
        });
      }

      const staffList = await t.api.get('/system/api/archive/list', {
        admin: admin.token,
        query: { keyword: 'thing', page_size: 100 },
      });
      expect(staffList.body.data.map((g: GoodsResponseDto) => g.id)).toEqual([
        hidden.id,
        visible.id,
      ]);
      const onlyHidden = await t.api.get('/system/api/archive/list', {
        admin: admin.token,
        query: { keyword: 'thing', status: 0 },
      });
      expect(onlyHidden.body.data.map((g: GoodsResponseDto) => g.id)).toEqual([hidden.id]);

      const staffDeleted = await t.api.get('/system/api/archive/detail', {
        admin: admin.token,
        query: { id: deleted.id },
      });
      expect(staffDeleted.body.data.deleted_time).toBeGreaterThan(0);

      // Deleted products cannot be edited or deleted again (they stay in the recycle bin), but
      // order history still gets them.
      expect((await saveGoods(t.api, admin.token, { id: deleted.id, price: 1 })).body.error).toBe(
        'CATALOGUE.GOODS_NOT_FOUND',
      );
      expect(
        (await t.api.post('/system/api/archive/delete', { id: deleted.id }, { admin: admin.token }))
          .body.error,
      ).toBe('CATALOGUE.KEPT_IN_RECYCLE_BIN');
      const nested = await catalogue.goodsByIds([visible.id, deleted.id, hidden.id, 999999]);
      expect([...nested.keys()].sort((a, b) => a - b)).toEqual(
        [visible.id, hidden.id, deleted.id].sort((a, b) => a - b),
      );
      expect(nested.get(deleted.id)).toMatchObject({ title: 'Deleted thing' });
      expect(nested.get(deleted.id)!.deleted_time).toBeGreaterThan(0);

      // A deleted product frees its url_token.
      const reused = await createGoods(t.api, admin.token, { url_token: deleted.url_token });
      expect(reused.url_token).toBe(deleted.url_token);
    });

    it('pages newest first, filters by category and keyword (wildcards are literal)', async () => {
      const category = (await createCategory(t.api, admin.token)).id;
      const made = [];
      for (let i = 0; i < 5; i++)
        made.push(
          await createGoods(t.api, admin.token, {
            title: `Paged ${i} 100%`,
            category_id: category,
          }),
        );
      const first = await t.api.get('/api/archive/list', {
        query: { category_id: category, pageSize: 2 },
      });
      expect(first.body.total).toBe(5);
      expect(first.body.data.map((g: GoodsResponseDto) => g.id)).toEqual([made[4].id, made[3].id]);
      const third = await t.api.get('/api/archive/list', {
        query: { category_id: category, page_size: 2, current: 3 },
      });
      expect(third.body.data.map((g: GoodsResponseDto) => g.id)).toEqual([made[0].id]);
      const literal = await t.api.get('/api/archive/list', {
        query: { category_id: category, keyword: '0%' },
      });
      expect(literal.body.data).toHaveLength(5);
      const noMatch = await t.api.get('/api/archive/list', {
        query: { category_id: category, keyword: '_aged' },
      });
      expect(noMatch.body).toMatchObject({ code: 0, data: [], total: 0 });
    });
  });

  describe('AnqiCMS list parameters', () => {
    it('order, q, limit "offset,n", child=false, moduleId, type=list without count', async () => {
      const top = await createCategory(t.api, admin.token, { title: 'Params top' });
      const sub = await createCategory(t.api, admin.token, {
        title: 'Params sub',
        parent_id: top.id,
      });
      const cheap = await createGoods(t.api, admin.token, {
        title: 'Params cheap',
        price: 100,
        category_id: top.id,
      });
      const dear = await createGoods(t.api, admin.token, {
        title: 'Params dear',
        price: 900,
        category_id: sub.id,
      });
      const mid = await createGoods(t.api, admin.token, {
        title: 'Params mid',
        price: 500,
        category_id: top.id,
      });
      const ids = (res: { body: { data: GoodsResponseDto[] } }) => res.body.data.map((g) => g.id);
      const list = (query: Record<string, string | number>) =>
        t.api.get('/api/archive/list', { query });

      expect(ids(await list({ categoryId: top.id, order: 'price desc' }))).toEqual([
        dear.id,
        mid.id,
        cheap.id,
      ]);
      expect(ids(await list({ category_id: top.id, order: 'price' }))).toEqual([
        cheap.id,
        mid.id,
        dear.id,
      ]);
      expect(ids(await list({ categoryId: top.id, child: 'false' }))).toEqual([mid.id, cheap.id]);
      expect(
        ids(await list({ categoryId: `${sub.id},${top.id}`, child: 'false', limit: '1,1' })),
      ).toEqual([dear.id]);
      expect(ids(await list({ categoryId: top.id, q: 'dear' }))).toEqual([dear.id]);
      expect(ids(await list({ categoryId: top.id, moduleId: 1 }))).toEqual([]);
      const typeList = await list({ categoryId: top.id, type: 'list', limit: 2 });
      expect(typeList.body).toMatchObject({ code: 0, total: 0 });
      expect(typeList.body.data).toHaveLength(2);
      expect(
        (await list({ categoryId: top.id, type: 'page', page: 2, limit: 2 })).body,
      ).toMatchObject({
        total: 3,
        data: [{ id: cheap.id }],
      });
      const bads: Record<string, string | number>[] = [
        { order: 'password desc' },
        { order: 'id; drop table archives' },
        { limit: '-1' },
        { type: 'all' },
        { categoryId: '1,x' },
        { page: 0 },
        { q: 'a\u0000' },
      ];
      for (const bad of bads) {
        expect((await list(bad)).body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      }
    });
  });

  describe('validation and access', () => {
    it('answers bad input with a -1 naming the problem and writes nothing', async () => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM archives');
      const cases: [Record<string, unknown>, RegExp | string][] = [
        [{ price: 1 }, 'CATALOGUE.TITLE_REQUIRED'],
        [{ title: 'x', images: Array.from({ length: 21 }, (_, i) => `i${i}.png`) }, /images/],
        [{ title: 'x', price: -1 }, /price/],
        [{ title: 'x', stock: 1.5 }, /stock/],
        [{ title: 'x', url_token: 'has space' }, /url_token/],
        [{ title: 'x', status: 2 }, /status/],
        [{ title: 'x', skus: [{ title: '', price: 1, stock: 1 }] }, /skus\.0\.title/],
        [{ title: 'y'.repeat(251) }, /title/],
      ];
      for (const [body, expected] of cases) {
        const res = await saveGoods(t.api, admin.token, body);
        expect(res.body.code).toBe(-1);
        if (typeof expected === 'string') expect(res.body.error).toBe(expected);
        else expect(res.body.msg).toMatch(expected);
      }
      expect((await t.api.get('/api/archive/detail', { query: { id: 'abc' } })).body).toMatchObject(
        { code: -1, error: 'COMMON.VALIDATION' },
      );
      expect((await t.api.get('/api/archive/list', { query: { category_id: -1 } })).body.code).toBe(
        -1,
      );
      const after = await t.dataSource.query('SELECT count(*)::int AS n FROM archives');
      expect(after).toEqual(before);
    });

    it('refuses staff routes to customers (1002) and to anonymous callers (1001)', async () => {
      const goods = await createGoods(t.api, admin.token);
      const staffCalls = [
        () => t.api.get('/system/api/archive/list', { token: customer.token }),
        () =>
          t.api.get('/system/api/archive/detail', {
            token: customer.token,
            query: { id: goods.id },
          }),
        () => t.api.post('/system/api/archive/detail', { title: 'x' }, { token: customer.token }),
        () => t.api.post('/system/api/archive/delete', { id: goods.id }, { token: customer.token }),
      ];
      for (const call of staffCalls) expect((await call()).body.code).toBe(1002);
      expect((await t.api.get('/system/api/archive/list')).body.code).toBe(1001);
      expect((await t.api.post('/system/api/archive/delete', { id: goods.id })).body.code).toBe(
        1001,
      );
      const [{ deleted_time }] = await t.dataSource.query(
        'SELECT deleted_time FROM archives WHERE id = $1',
        [goods.id],
      );
      expect(deleted_time).toBeNull();
      // The public catalogue needs no login.
      expect((await t.api.get('/api/archive/detail', { query: { id: goods.id } })).body.code).toBe(
        0,
      );
    });
  });

  describe('CatalogueService (used by orders)', () => {
    /** One line read the way pricing reads its lines (embedded in one statement). */
    async function getForOrder(m: EntityManager, goodsId: number, skuId: number) {
      const key = [{ goodsId, skuId }];
      const [row] = await m.query<{ lines: unknown }[]>(
        `SELECT ${catalogue.orderLines.sql('$1::jsonb')} AS lines`,
        [catalogue.orderLines.param(key)],
      );
      return catalogue.orderLines.shape(row.lines, key)[0];
    }
    const reserveStock = (m: EntityManager, goodsId: number, skuId: number, quantity: number) =>
      catalogue.reserveAll(m, [{ goodsId, skuId, quantity }]);

    it('prices a line from the catalogue, with the SKU when there is one', async () => {
      const plain = await createGoods(t.api, admin.token, {
        title: 'Plain',
        price: 1234,
        stock: 7,
        logo: '/uploads/202612/logo.png',
        user_id: customer.id,
      });
      const line = await t.dataSource.transaction((m) => getForOrder(m, plain.id, 0));
      expect(line).toEqual({
        goodsId: plain.id,
        skuId: 0,
        sellerId: customer.id,
        title: 'Plain',
        skuTitle: '',
        thumb: '/uploads/202612/logo.png',
        unitPrice: 1234,
        stock: 7,
      });

      const sized = await createGoods(t.api, admin.token, {
        title: 'Sized',
        skus: [{ title: 'XL', price: 2000, stock: 2 }],
      });
      const skuLine = await t.dataSource.transaction((m) =>
        getForOrder(m, sized.id, sized.skus[0].id),
      );
      expect(skuLine).toMatchObject({ skuId: sized.skus[0].id, skuTitle: 'XL', unitPrice: 2000 });
    });

    it('refuses what cannot be bought with a catalogued reason', async () => {
      const hidden = await createGoods(t.api, admin.token, { status: 0 });
      const deleted = await createGoods(t.api, admin.token);
      await t.api.post('/system/api/archive/delete', { id: deleted.id }, { admin: admin.token });
      const sized = await createGoods(t.api, admin.token, {
        title: 'Two sizes',
        skus: [
          { title: 'A', price: 1, stock: 1 },
          { title: 'B', price: 1, stock: 1, status: 0 },
        ],
      });
      const other = await createGoods(t.api, admin.token, {
        skus: [{ title: 'C', price: 1, stock: 1 }],
      });
      const attempt = (goodsId: number, skuId: number) =>
        t.dataSource.transaction((m) => getForOrder(m, goodsId, skuId));
      await expect(attempt(999999, 0)).rejects.toMatchObject({
        reason: 'CATALOGUE.GOODS_NOT_FOUND',
      });
      await expect(attempt(deleted.id, 0)).rejects.toMatchObject({
        reason: 'CATALOGUE.GOODS_NOT_FOUND',
      });
      await expect(attempt(hidden.id, 0)).rejects.toMatchObject({
        reason: 'CATALOGUE.NOT_ON_SALE',
      });
      await expect(attempt(sized.id, 0)).rejects.toMatchObject({
        reason: 'CATALOGUE.SKU_REQUIRED',
        message: 'Choose an option (goods_sku_id) of "Two sizes"',
      });
      await expect(attempt(sized.id, sized.skus[1].id)).rejects.toMatchObject({
        reason: 'CATALOGUE.SKU_NOT_FOUND',
      });
      await expect(attempt(sized.id, other.skus[0].id)).rejects.toMatchObject({
        reason: 'CATALOGUE.SKU_NOT_FOUND',
      });
      await expect(
        t.dataSource.transaction((m) => reserveStock(m, deleted.id, 0, 1)),
      ).rejects.toMatchObject({ reason: 'CATALOGUE.GOODS_NOT_FOUND' });
      await expect(
        t.dataSource.transaction((m) => reserveStock(m, hidden.id, 0, 0)),
      ).rejects.toMatchObject({ reason: 'CATALOGUE.INVALID_QUANTITY' });
    });

    itRaces(
      'never oversells: 50 concurrent reservations of stock 10 → exactly 10 succeed',
      async () => {
        const goods = await createGoods(t.api, admin.token, { title: 'Limited', stock: 10 });
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, () =>
            t.dataSource.transaction((m) => reserveStock(m, goods.id, 0, 1)),
          ),
        );
        const ok = results.filter((r) => r.status === 'fulfilled');
        const refused = results.filter((r) => r.status === 'rejected');
        expect(ok).toHaveLength(10);
        expect(refused).toHaveLength(40);
        for (const r of refused)
          expect(r.reason).toMatchObject({
            reason: 'CATALOGUE.OUT_OF_STOCK',
            message: '"Limited" is out of stock',
          });
        const [{ stock }] = await t.dataSource.query('SELECT stock FROM archives WHERE id = $1', [
          goods.id,
        ]);
        expect(stock).toBe(0);
      },
    );

    it('never oversells a SKU either, and releases stock back to the same row', async () => {
      const goods = await createGoods(t.api, admin.token, {
        title: 'Cap',
        stock: 100,
        skus: [{ title: 'Red', price: 500, stock: 5 }],
      });
      const skuId = goods.skus[0].id;
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          t.dataSource.transaction((m) => reserveStock(m, goods.id, skuId, 1)),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      await expect(
        t.dataSource.transaction((m) => reserveStock(m, goods.id, skuId, 1)),
      ).rejects.toMatchObject({ message: '"Cap (Red)" is out of stock' });

      await t.dataSource.transaction((m) => catalogue.releaseStock(m, goods.id, skuId, 2));
      await expect(
        t.dataSource.transaction((m) => reserveStock(m, goods.id, skuId, 3)),
      ).rejects.toMatchObject({
        reason: 'CATALOGUE.OUT_OF_STOCK',
        message: 'Not enough stock of "Cap (Red)": only 2 left',
      });
      const rows = await t.dataSource.query(
        'SELECT (SELECT stock FROM archive_skus WHERE id = $1) AS sku, (SELECT stock FROM archives WHERE id = $2) AS archive',
        [skuId, goods.id],
      );
      expect(rows[0]).toEqual({ sku: 2, archive: 100 });

      // A failed order rolls its reservation back with the transaction.
      await expect(
        t.dataSource.transaction(async (m) => {
          await reserveStock(m, goods.id, skuId, 2);
          throw new Error('order failed later');
        }),
      ).rejects.toThrow('order failed later');
      const [{ stock }] = await t.dataSource.query('SELECT stock FROM archive_skus WHERE id = $1', [
        skuId,
      ]);
      expect(stock).toBe(2);
    });

    it('takes the stock of every line in one statement, or of none', async () => {
      const mug = await createGoods(t.api, admin.token, { title: 'Mug', stock: 5 });
      const shirt = await createGoods(t.api, admin.token, {
        title: 'Shirt',
        skus: [{ title: 'M', price: 900, stock: 1 }],
      });
      const lines = [
        { goodsId: mug.id, skuId: 0, quantity: 2 },
        { goodsId: shirt.id, skuId: shirt.skus[0].id, quantity: 2 },
      ];
      await expect(
        t.dataSource.transaction((m) => catalogue.reserveAll(m, lines)),
      ).rejects.toMatchObject({
        reason: 'CATALOGUE.OUT_OF_STOCK',
        message: 'Not enough stock of "Shirt (M)": only 1 left',
      });
      const stockOf = async () =>
        (
          await t.dataSource.query(
            'SELECT (SELECT stock FROM archives WHERE id = $1) AS mug, (SELECT stock FROM archive_skus WHERE id = $2) AS shirt',
            [mug.id, shirt.skus[0].id],
          )
        )[0];
      expect(await stockOf()).toEqual({ mug: 5, shirt: 1 });
      lines[1].quantity = 1;
      await t.dataSource.transaction((m) => catalogue.reserveAll(m, lines));
      expect(await stockOf()).toEqual({ mug: 3, shirt: 0 });
    });

    itRaces(
      'two-line reservations racing in either line order neither deadlock nor oversell',
      async () => {
        const a = await createGoods(t.api, admin.token, { title: 'A', stock: 10 });
        const b = await createGoods(t.api, admin.token, {
          title: 'B',
          skus: [{ title: 'S', price: 100, stock: 10 }],
        });
        const lineA = { goodsId: a.id, skuId: 0, quantity: 1 };
        const lineB = { goodsId: b.id, skuId: b.skus[0].id, quantity: 1 };
        const results = await Promise.allSettled(
          Array.from({ length: 30 }, (_, i) =>
            t.dataSource.transaction((m) =>
              catalogue.reserveAll(m, i % 2 ? [lineA, lineB] : [lineB, lineA]),
            ),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
        for (const r of results)
          if (r.status === 'rejected')
            expect(r.reason).toMatchObject({ reason: 'CATALOGUE.OUT_OF_STOCK' });
        const [row] = await t.dataSource.query(
          'SELECT (SELECT stock FROM archives WHERE id = $1) AS a, (SELECT stock FROM archive_skus WHERE id = $2) AS b',
          [a.id, b.skus[0].id],
        );
        expect(row).toEqual({ a: 0, b: 0 });
      },
    );
  });
});
