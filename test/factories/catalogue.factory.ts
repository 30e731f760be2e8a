import { randomBytes } from 'node:crypto';
import { ApiClient } from '../support/api-client.js';
import { TestApp } from '../support/test-app.js';
import { createAdmin, TestAdmin } from './accounts.factory.js';

export interface TestGoods {
  id: number;
  title: string;
  price: number;
  stock: number;
  user_id: number;
  skus: { id: number; title: string; price: number; stock: number; status: number }[];
  [field: string]: unknown;
}

let counter = 0;

/** Creates a product through the staff API (POST /system/api/archive/detail) and returns it. */
export async function createGoods(
  api: ApiClient,
  adminToken: string,
  fields: Record<string, unknown> = {},
): Promise<TestGoods> {
  counter += 1;
  const res = await api.post(
    '/system/api/archive/detail',
    { title: `Test product ${counter}`, price: 9900, stock: 100, ...fields },
    { admin: adminToken },
  );
  if (res.body.code !== 0) throw new Error(`create goods failed: ${res.text}`);
  return res.body.data as TestGoods;
}

/** Updates a product through the staff API; returns the whole envelope (tests assert errors). */
export function saveGoods(api: ApiClient, adminToken: string, fields: Record<string, unknown>) {
  return api.post<TestGoods>('/system/api/archive/detail', fields, { admin: adminToken });
}

const catalogueAdmins = new WeakMap<TestApp, Promise<TestAdmin>>();

/**
 * A product on sale (with a thumb) for tests that need "some product": creates one staff account
 * per app for it, then goes through the same staff API as createGoods.
 */
export async function createGoodsOnSale(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<TestGoods> {
  if (!catalogueAdmins.has(t)) catalogueAdmins.set(t, createAdmin(t));
  const admin = await catalogueAdmins.get(t)!;
  const suffix = randomBytes(4).toString('hex');
  return createGoods(t.api, admin.token, {
    title: `定制网站主题 ${suffix}`,
    thumb: `https://shop.example.com/uploads/thumb-${suffix}.jpg`,
    price: 9900,
    stock: 1000,
    ...overrides,
  });
}

export interface TestCategory {
  id: number;
  title: string;
  url_token: string;
  module_id: number;
  parent_id: number;
  [field: string]: unknown;
}

let categoryCounter = 0;

/** Creates a category through the staff API (POST /system/api/category/detail). */
export async function createCategory(
  api: ApiClient,
  adminToken: string,
  fields: Record<string, unknown> = {},
): Promise<TestCategory> {
  categoryCounter += 1;
  const res = await api.post(
    '/system/api/category/detail',
    { title: `Test category ${categoryCounter}`, ...fields },
    { admin: adminToken },
  );
  if (res.body.code !== 0) throw new Error(`create category failed: ${res.text}`);
  return res.body.data as TestCategory;
}
