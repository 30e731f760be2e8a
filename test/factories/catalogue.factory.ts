import { ApiClient } from '../support/api-client.js';

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
