import { EntityManager } from 'typeorm';
import { CouponService } from '../../src/coupons/services/coupon.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createCoupon, createCouponCode } from '../factories/coupons.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { describeRaces } from '../support/races.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('coupons (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let customer: TestCustomer;
  let coupons: CouponService;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    customer = await registerCustomer(t.api);
    coupons = t.app.get(CouponService);
  });
  afterAll(async () => {
    await t.close();
  });

  const tx = <T>(work: (manager: EntityManager) => Promise<T>) => t.dataSource.transaction(work);
  const counts = async (couponId: number) => {
    const [row] = await t.dataSource.query(
      `SELECT c.used_count AS coupon,
              (SELECT count(*)::int FROM coupon_redemptions r
                WHERE r.coupon_id = c.id AND r.released_at IS NULL) AS redemptions
         FROM coupons c WHERE c.id = $1`,
      [couponId],
    );
    return row as { coupon: number; redemptions: number };
  };
  const check = (token: string, query: Record<string, string | number>) =>
    t.api.get('/api/coupon/check', { token, query });

  describe('staff management', () => {
    it('creates coupons and codes; codes are case-insensitive and unique', async () => {
      const coupon = await createCoupon(t.api, admin.token, {
        name: 'Spring sale',
        type: 'percent',
        value: 15,
        max_discount: 3000,
        starts_at: nowSeconds() - 60,
        ends_at: nowSeconds() + 3600,
        usage_limit: 100,
        per_user_limit: 1,
      });
      expect(coupon).toMatchObject({
        name: 'Spring sale',
        type: 'percent',
        value: 15,
        max_discount: 3000,
        usage_limit: 100,
        used_count: 0,
        per_user_limit: 1,
        is_public: 0,
        status: 1,
      });
      const named = await createCouponCode(t.api, admin.token, coupon.id, { code: 'spring-15' });
      expect(named).toMatchObject({ code: 'SPRING-15', usage_limit: 1, used_count: 0, user_id: 0 });
      const again = await t.api.post(
        '/system/api/coupon/codes/generate',
        { coupon_id: coupon.id, code: 'Spring-15' },
        { admin: admin.token },
      );
      expect(again.body).toMatchObject({ code: -1, error: 'COUPON.CODE_TAKEN' });

      const batch = await t.api.post(
        '/system/api/coupon/codes/generate',
        { coupon_id: coupon.id, count: 5, prefix: 'vip-', usage_limit: 2 },
        { admin: admin.token },
      );
      expect(batch.body.total).toBe(5);
      const texts = batch.body.data.map((c: { code: string }) => c.code);
      expect(new Set(texts).size).toBe(5);
      for (const text of texts) expect(text).toMatch(/^VIP-[A-HJ-NP-Z2-9]{10}$/);

      const list = await t.api.get('/system/api/coupon/codes', {
        admin: admin.token,
        query: { coupon_id: coupon.id, page_size: 2 },
      });
      expect(list.body.total).toBe(6);
      expect(list.body.data).toHaveLength(2);

      const coupons = await t.api.get('/system/api/coupon/list', {
        admin: admin.token,
        query: { keyword: 'spring' },
      });
      expect(coupons.body.data.map((c: { id: number }) => c.id)).toEqual([coupon.id]);
    });

    it('refuses inconsistent rules and writes nothing', async () => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM coupons');
      const cases: [Record<string, unknown>, string | RegExp][] = [
        [{ name: 'x', type: 'percent', value: 150 }, 'COUPON.INVALID'],
        [{ name: 'x', value: 10 }, 'COUPON.INVALID'],
        [{ name: 'x', type: 'amount', value: 10, starts_at: 2000, ends_at: 1000 }, /ends_at/],
        [{ name: 'x', type: 'amount', value: 10, min_amount: -1 }, /min_amount/],
        [{ name: 'x', type: 'fixed', value: 10 }, /type/],
        [{ name: 'x', type: 'amount', value: 0 }, /value/],
      ];
      for (const [body, expected] of cases) {
        const res = await t.api.post('/system/api/coupon/detail', body, { admin: admin.token });
        expect(res.body.code).toBe(-1);
        if (typeof expected === 'string') expect(res.body.error).toBe(expected);
        else expect(res.body.msg).toMatch(expected);
      }
      expect(await t.dataSource.query('SELECT count(*)::int AS n FROM coupons')).toEqual(before);

      const coupon = await createCoupon(t.api, admin.token, { type: 'amount', value: 500 });
      const code = await createCouponCode(t.api, admin.token, coupon.id, { usage_limit: 0 });
      for (let i = 0; i < 2; i++)
        await tx((m) => coupons.redeem(m, { couponCode: code.code }, customer.id, 1000));
      const lowered = await t.api.post(
        '/system/api/coupon/detail',
        { id: coupon.id, usage_limit: 1 },
        { admin: admin.token },
      );
      expect(lowered.body).toMatchObject({ code: -1, error: 'COUPON.LIMIT_BELOW_USED' });
      const retyped = await t.api.post(
        '/system/api/coupon/detail',
        { id: coupon.id, type: 'percent' },
        { admin: admin.token },
      );
      // 500 fen off cannot become 500 percent off.
      expect(retyped.body).toMatchObject({ code: -1, error: 'COUPON.INVALID' });
    });

    it('keeps staff routes from customers', async () => {
      expect(
        (await t.api.get('/system/api/coupon/list', { token: customer.token })).body.code,
      ).toBe(1002);
      expect(
        (
          await t.api.post(
            '/system/api/coupon/codes/generate',
            { coupon_id: 1, count: 1 },
            { token: customer.token },
          )
        ).body.code,
      ).toBe(1002);
      expect(
        (await t.api.get('/api/coupon/check', { query: { code: 'X', amount: 1 } })).body.code,
      ).toBe(1001);
    });
  });

  describe('checking and redeeming', () => {
    it('tells the discount without consuming the coupon', async () => {
      const coupon = await createCoupon(t.api, admin.token, { type: 'percent', value: 10 });
      const code = await createCouponCode(t.api, admin.token, coupon.id, { code: 'CHECK10' });
      const res = await check(customer.token, { code: ' check10 ', amount: 9900 });
      expect(res.body).toMatchObject({
        code: 0,
        data: {
          coupon_id: coupon.id,
          coupon_code_id: code.id,
          code: 'CHECK10',
          type: 'percent',
          value: 10,
          order_amount: 9900,
          discount: 990,
          amount: 8910,
        },
      });
      expect(await counts(coupon.id)).toEqual({ coupon: 0, redemptions: 0 });
      expect((await check(customer.token, { code: 'NOPE', amount: 1 })).body).toMatchObject({
        code: -1,
        error: 'COUPON.NOT_FOUND',
      });
      expect((await check(customer.token, { code: 'CHECK10', amount: -5 })).body.code).toBe(-1);
    });

    it('applies amount and percent rules in integer fen, capped, never above the amount', async () => {
      const amount = await createCoupon(t.api, admin.token, { type: 'amount', value: 5000 });
      const amountCode = await createCouponCode(t.api, admin.token, amount.id);
      const small = await tx((m) =>
        coupons.redeem(m, { couponCode: amountCode.code }, customer.id, 3000),
      );
      expect(small).toMatchObject({
        couponId: amount.id,
        couponCodeId: amountCode.id,
        discount: 3000,
      });

      const capped = await createCoupon(t.api, admin.token, {
        type: 'percent',
        value: 50,
        max_discount: 2000,
      });
      const cappedCode = await createCouponCode(t.api, admin.token, capped.id);
      const res = await check(customer.token, { code: cappedCode.code, amount: 9999 });
      expect(res.body.data).toMatchObject({ discount: 2000, amount: 7999 });
      const odd = await createCoupon(t.api, admin.token, { type: 'percent', value: 15 });
      const oddCode = await createCouponCode(t.api, admin.token, odd.id);
      expect(
        (await check(customer.token, { code: oddCode.code, amount: 999 })).body.data.discount,
      ).toBe(149);
    });

    it('refuses with a catalogued reason for every rule', async () => {
      const min = await createCoupon(t.api, admin.token, {
        type: 'amount',
        value: 100,
        min_amount: 5000,
      });
      const minCode = await createCouponCode(t.api, admin.token, min.id);
      const refused = await check(customer.token, { code: minCode.code, amount: 4999 });
      expect(refused.body).toMatchObject({
        code: -1,
        error: 'COUPON.MIN_AMOUNT',
        msg: 'This coupon needs an order of at least 50.00 (5000 fen)',
        details: { min_amount: 5000 },
      });
      expect((await check(customer.token, { code: minCode.code, amount: 5000 })).body.code).toBe(0);

      const future = await createCoupon(t.api, admin.token, { starts_at: nowSeconds() + 3600 });
      const futureCode = await createCouponCode(t.api, admin.token, future.id);
      expect((await check(customer.token, { code: futureCode.code, amount: 100 })).body.error).toBe(
        'COUPON.NOT_STARTED',
      );
      const past = await createCoupon(t.api, admin.token, {
        starts_at: nowSeconds() - 7200,
        ends_at: nowSeconds() - 3600,
      });
      const pastCode = await createCouponCode(t.api, admin.token, past.id);
      expect((await check(customer.token, { code: pastCode.code, amount: 100 })).body.error).toBe(
        'COUPON.EXPIRED',
      );

      const owned = await createCoupon(t.api, admin.token);
      const stranger = await registerCustomer(t.api);
      const ownedCode = await createCouponCode(t.api, admin.token, owned.id, {
        user_id: stranger.id,
      });
      expect((await check(customer.token, { code: ownedCode.code, amount: 100 })).body.error).toBe(
        'COUPON.NOT_YOURS',
      );
      await expect(
        tx((m) => coupons.redeem(m, { couponCode: ownedCode.code }, customer.id, 100)),
      ).rejects.toMatchObject({ reason: 'COUPON.NOT_YOURS' });
      expect((await check(stranger.token, { code: ownedCode.code, amount: 100 })).body.code).toBe(
        0,
      );

      // Disabled or deleted coupons, disabled codes, and a code of another coupon: not found.
      const disabled = await createCoupon(t.api, admin.token, { status: 0 });
      const disabledCode = await createCouponCode(t.api, admin.token, disabled.id);
      expect((await check(customer.token, { code: disabledCode.code, amount: 1 })).body.error).toBe(
        'COUPON.NOT_FOUND',
      );
      const deleted = await createCoupon(t.api, admin.token);
      const deletedCode = await createCouponCode(t.api, admin.token, deleted.id);
      await t.api.post('/system/api/coupon/delete', { id: deleted.id }, { admin: admin.token });
      expect((await check(customer.token, { code: deletedCode.code, amount: 1 })).body.error).toBe(
        'COUPON.NOT_FOUND',
      );
      const live = await createCoupon(t.api, admin.token);
      const liveCode = await createCouponCode(t.api, admin.token, live.id);
      await t.api.post(
        '/system/api/coupon/code/status',
        { id: liveCode.id, status: 0 },
        { admin: admin.token },
      );
      expect((await check(customer.token, { code: liveCode.code, amount: 1 })).body.error).toBe(
        'COUPON.NOT_FOUND',
      );
      await expect(
        tx((m) =>
          coupons.redeem(m, { couponCode: minCode.code, couponId: live.id }, customer.id, 9999),
        ),
      ).rejects.toMatchObject({ reason: 'COUPON.NOT_FOUND' });

      // Used up.
      const once = await createCoupon(t.api, admin.token, { usage_limit: 1 });
      const onceCode = await createCouponCode(t.api, admin.token, once.id, { usage_limit: 0 });
      await tx((m) => coupons.redeem(m, { couponCode: onceCode.code }, customer.id, 100));
      expect((await check(customer.token, { code: onceCode.code, amount: 100 })).body.error).toBe(
        'COUPON.USED_UP',
      );
    });

    it('accepts a public coupon by id, and asks for a code otherwise', async () => {
      const open = await createCoupon(t.api, admin.token, {
        is_public: 1,
        type: 'amount',
        value: 300,
      });
      const redeemed = await tx((m) => coupons.redeem(m, { couponId: open.id }, customer.id, 1000));
      expect(redeemed).toMatchObject({ couponId: open.id, couponCodeId: 0, discount: 300 });
      const closed = await createCoupon(t.api, admin.token);
      await expect(
        tx((m) => coupons.redeem(m, { couponId: closed.id }, customer.id, 1000)),
      ).rejects.toMatchObject({ reason: 'COUPON.CODE_REQUIRED' });
      // An empty reference is no coupon at all.
      expect(
        await tx((m) => coupons.redeem(m, { couponCode: '  ', couponId: 0 }, customer.id, 1)),
      ).toBeNull();
    });

    it('limits uses per customer, and a released use counts no more', async () => {
      const coupon = await createCoupon(t.api, admin.token, { per_user_limit: 1 });
      const code = await createCouponCode(t.api, admin.token, coupon.id, { usage_limit: 0 });
      const first = await tx((m) =>
        coupons.redeem(m, { couponCode: code.code }, customer.id, 1000),
      );
      await expect(
        tx((m) => coupons.redeem(m, { couponCode: code.code }, customer.id, 1000)),
      ).rejects.toMatchObject({ reason: 'COUPON.USED_UP' });
      expect((await check(customer.token, { code: code.code, amount: 1000 })).body.error).toBe(
        'COUPON.USED_UP',
      );
      const other = await registerCustomer(t.api);
      await tx((m) => coupons.redeem(m, { couponCode: code.code }, other.id, 1000));
      await tx((m) => coupons.release(m, first!.redemptionId));
      await tx((m) => coupons.redeem(m, { couponCode: code.code }, customer.id, 1000));
      expect(await counts(coupon.id)).toEqual({ coupon: 2, redemptions: 2 });
    });
  });

  describeRaces('races', () => {
    it('gives the last use to exactly one of 20 concurrent redemptions', async () => {
      const coupon = await createCoupon(t.api, admin.token, { usage_limit: 1 });
      const code = await createCouponCode(t.api, admin.token, coupon.id, { usage_limit: 0 });
      const buyers = await Promise.all(Array.from({ length: 20 }, () => registerCustomer(t.api)));
      const results = await Promise.allSettled(
        buyers.map((buyer) =>
          tx((m) => coupons.redeem(m, { couponCode: code.code }, buyer.id, 9900)),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected'))
        expect(r.reason).toMatchObject({ reason: 'COUPON.USED_UP' });
      expect(await counts(coupon.id)).toEqual({ coupon: 1, redemptions: 1 });
    });

    it('gives a single-use code once, and the coupon keeps no stray use', async () => {
      const coupon = await createCoupon(t.api, admin.token);
      const code = await createCouponCode(t.api, admin.token, coupon.id, { usage_limit: 1 });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          tx((m) => coupons.redeem(m, { couponCodeId: code.id }, customer.id, 500)),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await counts(coupon.id)).toEqual({ coupon: 1, redemptions: 1 });
      const [row] = await t.dataSource.query('SELECT used_count FROM coupon_codes WHERE id = $1', [
        code.id,
      ]);
      expect(row.used_count).toBe(1);
    });

    it("holds one customer's parallel orders to the per-customer limit", async () => {
      const coupon = await createCoupon(t.api, admin.token, { per_user_limit: 1 });
      const code = await createCouponCode(t.api, admin.token, coupon.id, { usage_limit: 0 });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          tx((m) => coupons.redeem(m, { couponCode: code.code }, customer.id, 500)),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await counts(coupon.id)).toEqual({ coupon: 1, redemptions: 1 });
    });

    it('attaches the order once and releases exactly once, even released concurrently', async () => {
      const coupon = await createCoupon(t.api, admin.token, { usage_limit: 5 });
      const code = await createCouponCode(t.api, admin.token, coupon.id);
      const redemption = (await tx((m) =>
        coupons.redeem(m, { couponCode: code.code }, customer.id, 2000),
      ))!;
      await tx((m) => coupons.attachOrder(m, redemption.redemptionId, '202601011200000001'));
      await tx((m) => coupons.attachOrder(m, redemption.redemptionId, '202601011200000001'));
      await expect(
        tx((m) => coupons.attachOrder(m, redemption.redemptionId, '202601011200000002')),
      ).rejects.toMatchObject({ reason: 'COUPON.REDEMPTION_ATTACHED' });
      await expect(tx((m) => coupons.attachOrder(m, 999999, 'x'))).rejects.toMatchObject({
        reason: 'COUPON.REDEMPTION_NOT_FOUND',
      });

      await Promise.all(
        Array.from({ length: 5 }, () => tx((m) => coupons.release(m, redemption.redemptionId))),
      );
      expect(await counts(coupon.id)).toEqual({ coupon: 0, redemptions: 0 });
      const [row] = await t.dataSource.query(
        'SELECT order_id, released_at, (SELECT used_count FROM coupon_codes WHERE id = $2) AS code_used FROM coupon_redemptions WHERE id = $1',
        [redemption.redemptionId, code.id],
      );
      expect(row.order_id).toBe('202601011200000001');
      expect(row.released_at).not.toBeNull();
      expect(row.code_used).toBe(0);
      await expect(tx((m) => coupons.release(m, 999999))).rejects.toMatchObject({
        reason: 'COUPON.REDEMPTION_NOT_FOUND',
      });
    });

    it('rolls a redemption back with a failed order', async () => {
      const coupon = await createCoupon(t.api, admin.token, { usage_limit: 1 });
      const code = await createCouponCode(t.api, admin.token, coupon.id);
      await expect(
        tx(async (m) => {
          await coupons.redeem(m, { couponCode: code.code }, customer.id, 100);
          throw new Error('order failed later');
        }),
      ).rejects.toThrow('order failed later');
      expect(await counts(coupon.id)).toEqual({ coupon: 0, redemptions: 0 });
    });
  });
});
