import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import {
  createCategory,
  createGoods,
  saveGoods,
  TestCategory,
} from '../factories/catalogue.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

describe('categories (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const save = (body: Record<string, unknown>) =>
    t.api.post<TestCategory>('/system/api/category/detail', body, { admin: admin.token });
  const remove = (id: number) =>
    t.api.post('/system/api/category/delete', { id }, { admin: admin.token });

  describe('staff create, update, list and detail', () => {
    it('creates with AnqiCMS defaults, a generated url_token, sanitised content', async () => {
      const res = await save({
        title: 'Custom Mugs',
        description: 'Mugs',
        content: '<h2 style="color:red" onmouseover="x()">Mugs</h2><script>bad()</script>',
        images: ['https://cdn.example.com/m.png'],
      });
      expect(res.body).toMatchObject({
        code: 0,
        data: {
          title: 'Custom Mugs',
          url_token: 'custom-mugs',
          module_id: 2,
          parent_id: 0,
          sort: 99,
          status: 1,
          type: 1,
          logo: '',
          thumb: 'https://cdn.example.com/m.png',
          content: '<h2>Mugs</h2>',
          has_children: false,
        },
      });
      const stored = await t.dataSource.query('SELECT content FROM categories WHERE id = $1', [
        res.body.data.id,
      ]);
      expect(stored[0].content).toBe('<h2>Mugs</h2>');
    });

    it('updates only the fields sent; url_token clashes are refused', async () => {
      const a = await createCategory(t.api, admin.token, {
        title: 'A',
        url_token: 'cat-a',
        sort: 5,
      });
      const b = await createCategory(t.api, admin.token, { title: 'B' });
      const updated = await save({ id: a.id, description: 'now described' });
      expect(updated.body.data).toMatchObject({
        title: 'A',
        url_token: 'cat-a',
        sort: 5,
        description: 'now described',
      });
      expect((await save({ id: b.id, url_token: 'CAT-A' })).body).toMatchObject({
        code: -1,
        error: 'CATEGORY.URL_TOKEN_TAKEN',
      });
      expect((await save({ id: 999999, title: 'x' })).body.error).toBe('CATEGORY.NOT_FOUND');
      expect((await save({ description: 'no title' })).body.error).toBe('CATEGORY.TITLE_REQUIRED');
    });

    it('builds a tree: sub-categories take the parent module; cycles and unknown parents are refused', async () => {
      const root = await createCategory(t.api, admin.token, { title: 'Root', module_id: 7 });
      const child = await createCategory(t.api, admin.token, {
        title: 'Child',
        parent_id: root.id,
        module_id: 3,
      });
      const grandchild = await createCategory(t.api, admin.token, {
        title: 'Grandchild',
        parent_id: child.id,
      });
      expect([child.module_id, grandchild.module_id]).toEqual([7, 7]);
      expect((await save({ id: root.id, parent_id: grandchild.id })).body.error).toBe(
        'CATEGORY.PARENT_CYCLE',
      );
      expect((await save({ id: root.id, parent_id: root.id })).body.error).toBe(
        'CATEGORY.PARENT_CYCLE',
      );
      expect((await save({ title: 'Orphan', parent_id: 999999 })).body.error).toBe(
        'CATEGORY.PARENT_NOT_FOUND',
      );

      // A module change moves the whole subtree and its products along.
      const product = await createGoods(t.api, admin.token, { category_id: grandchild.id });
      expect(product.module_id).toBe(7);
      await save({ id: root.id, module_id: 8 });
      const modules = await t.dataSource.query(
        'SELECT id, module_id FROM categories WHERE id = ANY($1) ORDER BY id',
        [[root.id, child.id, grandchild.id]],
      );
      expect(modules.map((r: { module_id: number }) => r.module_id)).toEqual([8, 8, 8]);
      const detail = await t.api.get('/api/archive/detail', { query: { id: product.id } });
      expect(detail.body.data).toMatchObject({ module_id: 8, category: { id: grandchild.id } });

      const list = await t.api.get('/system/api/category/list', {
        admin: admin.token,
        query: { module_id: 8 },
      });
      expect(list.body.data.map((c: TestCategory) => [c.title, c.level])).toEqual([
        ['Root', 0],
        ['Child', 1],
        ['Grandchild', 2],
      ]);
      expect(list.body.data[0].has_children).toBe(true);
    });

    it('public list and detail: AnqiCMS filters, hidden categories left out, detail by url_token', async () => {
      const top = await createCategory(t.api, admin.token, {
        title: 'Filters top',
        module_id: 9,
        sort: 1,
      });
      await createCategory(t.api, admin.token, {
        title: 'Filters sub',
        parent_id: top.id,
        url_token: 'filters-sub',
      });
      await createCategory(t.api, admin.token, {
        title: 'Filters hidden',
        module_id: 9,
        status: 0,
      });
      const second = await createCategory(t.api, admin.token, {
        title: 'Filters second',
        module_id: 9,
        sort: 2,
      });
      const topLevel = await t.api.get('/api/category/list', { query: { moduleId: 9 } });
      expect(topLevel.body.data.map((c: TestCategory) => c.title)).toEqual([
        'Filters top',
        'Filters second',
      ]);
      const all = await t.api.get('/api/category/list', { query: { moduleId: 9, all: 'true' } });
      expect(all.body.data.map((c: TestCategory) => c.title)).toEqual([
        'Filters top',
        'Filters sub',
        'Filters second',
      ]);
      const limited = await t.api.get('/api/category/list', {
        query: { moduleId: 9, limit: '1,1' },
      });
      expect(limited.body.data.map((c: TestCategory) => c.id)).toEqual([second.id]);
      const byToken = await t.api.get('/api/category/detail', {
        query: { filename: 'filters-sub' },
      });
      expect(byToken.body.data).toMatchObject({ title: 'Filters sub', parent_id: top.id });
      expect(
        (await t.api.get('/api/category/detail', { query: { catname: 'FILTERS-SUB' } })).body.data
          .title,
      ).toBe('Filters sub');
      const bad = await t.api.get('/api/category/list', { query: { limit: 'all' } });
      expect(bad.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      expect((await t.api.get('/api/category/detail')).body.error).toBe('CATEGORY.NOT_FOUND');
      const nul = await t.api.get('/api/category/detail', { query: { filename: 'a\u0000' } });
      expect(nul.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
    });

    it('refuses bad input naming the field, writes nothing; customers get 1002', async () => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM categories');
      for (const body of [
        { title: 'x'.repeat(251) },
        { title: 'x', url_token: 'has space' },
        { title: 'x', parent_id: -1 },
        { title: 'x', module_id: 2_147_483_648 },
        { title: 'x', content: 'a\u0000b' },
        { title: 'a\u0000b' },
        { title: 'x', logo: 'https://a/\u0000' },
        { title: 'x', images: ['a b'] },
        { title: 'x', status: 2 },
      ]) {
        const res = await save(body);
        expect(res.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
      }
      expect(await t.dataSource.query('SELECT count(*)::int AS n FROM categories')).toEqual(before);
      const customer = await registerCustomer(t.api);
      const res = await t.api.post(
        '/system/api/category/detail',
        { title: 'x' },
        { token: customer.token },
      );
      expect(res.body.code).toBe(1002);
    });
  });

  describe('delete', () => {
    it('refuses while live products or sub-categories use it, with counts; deletes once empty', async () => {
      const parent = await createCategory(t.api, admin.token, { title: 'Delete parent' });
      const child = await createCategory(t.api, admin.token, {
        title: 'Delete child',
        parent_id: parent.id,
      });
      const product = await createGoods(t.api, admin.token, { category_id: child.id });
      expect((await remove(child.id)).body).toMatchObject({
        code: -1,
        error: 'CATEGORY.HAS_PRODUCTS',
        details: { products: 1, children: 0 },
      });
      expect((await remove(parent.id)).body).toMatchObject({
        code: -1,
        error: 'CATEGORY.HAS_CHILDREN',
        details: { products: 0, children: 1 },
      });
      // A deleted product no longer holds the category.
      await t.api.post('/system/api/archive/delete', { id: product.id }, { admin: admin.token });
      expect((await remove(child.id)).body).toMatchObject({ code: 0, data: null });
      expect((await remove(parent.id)).body.code).toBe(0);
      expect((await remove(parent.id)).body.error).toBe('CATEGORY.NOT_FOUND');
      expect(
        (await saveGoods(t.api, admin.token, { title: 'x', category_id: parent.id })).body.error,
      ).toBe('CATALOGUE.CATEGORY_NOT_FOUND');
    });

    itRaces(
      'racing a delete against product assignments and sub-category creation always ends consistent',
      async () => {
        for (let round = 0; round < 5; round++) {
          const category = await createCategory(t.api, admin.token, { title: `Race ${round}` });
          const products = await Promise.all(
            Array.from({ length: 4 }, () => createGoods(t.api, admin.token)),
          );
          const results = await Promise.all([
            ...products.map((p) =>
              saveGoods(t.api, admin.token, { id: p.id, category_id: category.id }),
            ),
            save({ title: `Race child ${round}`, parent_id: category.id }),
            remove(category.id),
            remove(category.id),
          ]);
          const deleted = results.slice(-2).filter((r) => r.body.code === 0).length;
          const [{ exists }] = await t.dataSource.query(
            'SELECT EXISTS (SELECT 1 FROM categories WHERE id = $1) AS exists',
            [category.id],
          );
          expect(deleted).toBe(exists ? 0 : 1);
          const assigned = await t.dataSource.query(
            'SELECT count(*)::int AS n FROM archives WHERE category_id = $1 AND deleted_time IS NULL',
            [category.id],
          );
          const children = await t.dataSource.query(
            'SELECT count(*)::int AS n FROM categories WHERE parent_id = $1',
            [category.id],
          );
          const assignOk = results.slice(0, 4).filter((r) => r.body.code === 0).length;
          const childOk = results[4].body.code === 0 ? 1 : 0;
          if (exists) {
            // Every assignment that answered OK holds, and that is why the delete was refused.
            expect(assigned[0].n).toBe(assignOk);
            expect(children[0].n).toBe(childOk);
          } else {
            // Deleted: nothing points at it, and every save that came too late was refused.
            expect([assigned[0].n, children[0].n, assignOk, childOk]).toEqual([0, 0, 0, 0]);
            for (const r of results.slice(0, 5))
              expect(['CATALOGUE.CATEGORY_NOT_FOUND', 'CATEGORY.PARENT_NOT_FOUND']).toContain(
                r.body.error,
              );
          }
        }
      },
    );
  });
});
