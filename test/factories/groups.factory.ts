import { ApiClient } from '../support/api-client.js';

export interface TestGroup {
  id: number;
  title: string;
  price: number;
  discount: number;
  share_reward: number;
  parent_reward: number;
  expire_day: number;
  status: number;
  [field: string]: unknown;
}

let counter = 0;

/** Creates a customer group through the staff API (POST /system/api/user/group/detail). */
export async function createGroup(
  api: ApiClient,
  adminToken: string,
  fields: Record<string, unknown> = {},
): Promise<TestGroup> {
  counter += 1;
  const res = await api.post(
    '/system/api/user/group/detail',
    { title: `Group ${counter}`, ...fields },
    { admin: adminToken },
  );
  if (res.body.code !== 0) throw new Error(`create group failed: ${res.text}`);
  return res.body.data as TestGroup;
}
