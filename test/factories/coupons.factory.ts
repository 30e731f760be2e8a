import { ApiClient } from '../support/api-client.js';

export interface TestCoupon {
  id: number;
  name: string;
  type: 'amount' | 'percent';
  value: number;
  usage_limit: number;
  used_count: number;
  [field: string]: unknown;
}

export interface TestCouponCode {
  id: number;
  coupon_id: number;
  code: string;
  user_id: number;
  usage_limit: number;
  used_count: number;
  status: number;
}

let counter = 0;

/** Creates a coupon through the staff API (POST /system/api/coupon/detail). */
export async function createCoupon(
  api: ApiClient,
  adminToken: string,
  fields: Record<string, unknown> = {},
): Promise<TestCoupon> {
  counter += 1;
  const res = await api.post(
    '/system/api/coupon/detail',
    { name: `Coupon ${counter}`, type: 'percent', value: 10, ...fields },
    { admin: adminToken },
  );
  if (res.body.code !== 0) throw new Error(`create coupon failed: ${res.text}`);
  return res.body.data as TestCoupon;
}

/** Makes one voucher code (random text unless `code` is given) through the staff API. */
export async function createCouponCode(
  api: ApiClient,
  adminToken: string,
  couponId: number,
  fields: Record<string, unknown> = {},
): Promise<TestCouponCode> {
  const res = await api.post(
    '/system/api/coupon/codes/generate',
    { coupon_id: couponId, count: 1, ...fields },
    { admin: adminToken },
  );
  if (res.body.code !== 0) throw new Error(`create coupon code failed: ${res.text}`);
  return (res.body.data as TestCouponCode[])[0];
}
