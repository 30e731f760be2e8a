import { randomBytes } from 'node:crypto';
import { TestApp } from '../support/test-app.js';
import { createAdmin, TestAdmin } from './accounts.factory.js';
import { createGoods as createCatalogueGoods } from './catalogue.factory.js';

export interface TestGoods {
  id: number;
  title: string;
  price: number;
  thumb: string;
}

const catalogueAdmins = new WeakMap<TestApp, Promise<TestAdmin>>();

/** A product on sale (with a thumb), created through the catalogue's staff API. */
export async function createGoods(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<TestGoods> {
  if (!catalogueAdmins.has(t)) catalogueAdmins.set(t, createAdmin(t));
  const admin = await catalogueAdmins.get(t)!;
  const suffix = randomBytes(4).toString('hex');
  const goods = await createCatalogueGoods(t.api, admin.token, {
    title: `定制网站主题 ${suffix}`,
    thumb: `https://shop.example.com/uploads/thumb-${suffix}.jpg`,
    price: 9900,
    stock: 1000,
    ...overrides,
  });
  return { id: goods.id, title: goods.title, price: goods.price, thumb: goods.thumb as string };
}
