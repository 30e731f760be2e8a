import { EntityManager } from 'typeorm';
import { UserGroupService } from '../../src/users/services/user-group.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGroup } from '../factories/groups.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

const DAY = 86_400_000;

describe('user groups (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let customer: TestCustomer;
  let groups: UserGroupService;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    customer = await registerCustomer(t.api);
    groups = t.app.get(UserGroupService);
  });
  afterAll(async () => {
    await t.close();
  });

  const tx = <T>(work: (manager: EntityManager) => Promise<T>) => t.dataSource.transaction(work);
  const membership = async (userId: number) => {
    const [row] = await t.dataSource.query(
      'SELECT group_id, expire_time FROM users WHERE id = $1',
      [userId],
    );
    return {
      groupId: row.group_id as number,
      expireTime: row.expire_time ? new Date(row.expire_time).toISOString() : null,
    };
  };

  describe('staff management', () => {
    it('creates from flat fields or AnqiCMS `setting`, answers both shapes, updates only what is sent', async () => {
      const res = await t.api.post(
        '/system/api/user/group/detail',
        {
          title: 'Gold',
          level: 2,
          price: 19900,
          setting: { discount: 10, share_reward: 8, parent_reward: 2, expire_day: 365 },
        },
        { admin: admin.token },
      );
      expect(res.body).toMatchObject({
        code: 0,
        data: {
          title: 'Gold',
          level: 2,
          status: 1,
          price: 19900,
          discount: 10,
          share_reward: 8,
          parent_reward: 2,
          expire_day: 365,
          setting: { discount: 10, share_reward: 8, parent_reward: 2, expire_day: 365 },
        },
      });
      const id = res.body.data.id;

      const updated = await t.api.post(
        '/system/api/user/group/detail',
        { id, discount: 15, setting: { discount: 99 } },
        { admin: admin.token },
      );
      expect(updated.body.data).toMatchObject({ title: 'Gold', discount: 15, share_reward: 8 });

      // AnqiCMS's own admin path works too.
      const viaPlugin = await t.api.get('/system/api/plugin/user/group/detail', {
        admin: admin.token,
        query: { id },
      });
      expect(viaPlugin.body.data).toMatchObject({ id, discount: 15 });
    });

    it('lists every group by level, disabled ones too', async () => {
      const high = await createGroup(t.api, admin.token, { title: 'Zeta', level: 90 });
      const low = await createGroup(t.api, admin.token, { title: 'Alpha', level: 80 });
      const off = await createGroup(t.api, admin.token, { title: 'Off', level: 85, status: 0 });
      const res = await t.api.get('/system/api/user/group/list', { admin: admin.token });
      const ids = res.body.data.map((g: { id: number }) => g.id);
      expect(ids.filter((id: number) => [high.id, low.id, off.id].includes(id))).toEqual([
        low.id,
        off.id,
        high.id,
      ]);
      expect(res.body.total).toBe(res.body.data.length);
    });

    it('refuses bad values with a clear -1 and writes nothing', async () => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM user_groups');
      const cases: [Record<string, unknown>, string | RegExp][] = [
        [{ discount: 5 }, 'GROUP.TITLE_REQUIRED'],
        [{ title: 'x', discount: 101 }, /discount/],
        [{ title: 'x', setting: { share_reward: -1 } }, /setting\.share_reward/],
        [{ title: 'x', share_reward: 70, parent_reward: 40 }, 'GROUP.REWARDS_TOO_HIGH'],
        [{ title: 'x', price: 1.5 }, /price/],
        [{ title: 'x', expire_day: -1 }, /expire_day/],
        [{ id: 999999, title: 'x' }, 'GROUP.NOT_FOUND'],
      ];
      for (const [body, expected] of cases) {
        const res = await t.api.post('/system/api/user/group/detail', body, {
          admin: admin.token,
        });
        expect(res.body.code).toBe(-1);
        if (typeof expected === 'string') expect(res.body.error).toBe(expected);
        else expect(res.body.msg).toMatch(expected);
      }
      expect(await t.dataSource.query('SELECT count(*)::int AS n FROM user_groups')).toEqual(
        before,
      );
    });

    it('refuses to delete a group with members, deletes an empty one', async () => {
      const group = await createGroup(t.api, admin.token, { expire_day: 30 });
      const member = await registerCustomer(t.api);
      await tx((m) => groups.grantMembership(m, member.id, group.id));
      const refused = await t.api.post(
        '/system/api/user/group/delete',
        { id: group.id },
        { admin: admin.token },
      );
      expect(refused.body).toMatchObject({
        code: -1,
        error: 'GROUP.IN_USE',
        details: { members: 1 },
      });

      const empty = await createGroup(t.api, admin.token);
      const ok = await t.api.post(
        '/system/api/user/group/delete',
        { id: empty.id },
        { admin: admin.token },
      );
      expect(ok.body).toMatchObject({ code: 0, data: null });
      const gone = await t.api.get('/system/api/user/group/detail', {
        admin: admin.token,
        query: { id: empty.id },
      });
      expect(gone.body).toMatchObject({ code: -1, error: 'GROUP.NOT_FOUND' });
    });

    it('keeps staff routes from customers (1002) and anonymous callers (1001)', async () => {
      const group = await createGroup(t.api, admin.token);
      expect(
        (await t.api.get('/system/api/user/group/list', { token: customer.token })).body.code,
      ).toBe(1002);
      expect(
        (
          await t.api.post(
            '/system/api/user/group/delete',
            { id: group.id },
            { token: customer.token },
          )
        ).body.code,
      ).toBe(1002);
      expect((await t.api.post('/system/api/user/group/detail', { title: 'x' })).body.code).toBe(
        1001,
      );
    });
  });

  describe('customer view', () => {
    it('shows active groups only', async () => {
      const on = await createGroup(t.api, admin.token, { title: 'Buyable', price: 100 });
      const off = await createGroup(t.api, admin.token, { title: 'Retired', status: 0 });
      const list = await t.api.get('/api/user/groups', { token: customer.token });
      const ids = list.body.data.map((g: { id: number }) => g.id);
      expect(ids).toContain(on.id);
      expect(ids).not.toContain(off.id);
      expect(
        (
          await t.api.get('/api/user/group/detail', {
            token: customer.token,
            query: { id: off.id },
          })
        ).body.error,
      ).toBe('GROUP.NOT_FOUND');
      expect((await t.api.get('/api/user/groups')).body.code).toBe(1001);
    });
  });

  describe('UserGroupService (used by orders)', () => {
    it("applies the buyer's group while the membership runs, zero rules otherwise", async () => {
      const group = await createGroup(t.api, admin.token, {
        discount: 12,
        share_reward: 6,
        parent_reward: 3,
        expire_day: 10,
      });
      const buyer = await registerCustomer(t.api);
      const none = { groupId: 0, discount: 0, shareReward: 0, parentReward: 0 };
      const rulesAt = async (now?: Date) =>
        (await tx((m) => groups.termsOf(m, buyer.id, now))).buyer;
      expect(await tx((m) => groups.termsOf(m, buyer.id))).toEqual({
        buyer: none,
        inviterId: 0,
        inviterParentId: 0,
        inviter: none,
      });
      const start = new Date('2031-03-01T00:00:00Z');
      await tx((m) => groups.grantMembership(m, buyer.id, group.id, start));
      const rules = { groupId: group.id, discount: 12, shareReward: 6, parentReward: 3 };
      expect(await rulesAt(start)).toEqual(rules);
      expect(await rulesAt(new Date(start.getTime() + 10 * DAY))).toEqual(none);

      await t.api.post(
        '/system/api/user/group/detail',
        { id: group.id, status: 0 },
        { admin: admin.token },
      );
      expect((await rulesAt(start)).groupId).toBe(0);
      await expect(tx((m) => groups.vipOffer(m, group.id))).rejects.toMatchObject({
        reason: 'GROUP.NOT_FOUND',
      });
      await expect(tx((m) => groups.termsOf(m, 999999))).rejects.toMatchObject({
        reason: 'USER.NOT_FOUND',
      });
    });

    it('offers an active group for vip orders', async () => {
      const group = await createGroup(t.api, admin.token, {
        title: 'Platinum',
        price: 29900,
        expire_day: 90,
      });
      expect(await tx((m) => groups.vipOffer(m, group.id))).toEqual({
        groupId: group.id,
        title: 'Platinum',
        price: 29900,
        expireDay: 90,
      });
      await expect(tx((m) => groups.vipOffer(m, 999999))).rejects.toMatchObject({
        reason: 'GROUP.NOT_FOUND',
      });
    });

    it('extends memberships from max(now, current expiry), and 0 days means no expiry', async () => {
      const monthly = await createGroup(t.api, admin.token, { expire_day: 30 });
      const forever = await createGroup(t.api, admin.token, { expire_day: 0 });
      const user = await registerCustomer(t.api);
      const t0 = new Date('2030-01-01T00:00:00Z');
      const at = (days: number) => new Date(t0.getTime() + days * DAY).toISOString();

      await tx((m) => groups.grantMembership(m, user.id, monthly.id, t0));
      expect(await membership(user.id)).toEqual({ groupId: monthly.id, expireTime: at(30) });
      // Bought again 10 days in: the 20 days left are kept.
      await tx((m) => groups.grantMembership(m, user.id, monthly.id, new Date(at(10))));
      expect(await membership(user.id)).toEqual({ groupId: monthly.id, expireTime: at(60) });
      // Bought after it ran out: counted from that moment.
      await tx((m) => groups.grantMembership(m, user.id, monthly.id, new Date(at(100))));
      expect(await membership(user.id)).toEqual({ groupId: monthly.id, expireTime: at(130) });
      // A group without expiry.
      await tx((m) => groups.grantMembership(m, user.id, forever.id, new Date(at(101))));
      expect(await membership(user.id)).toEqual({ groupId: forever.id, expireTime: null });

      await expect(tx((m) => groups.grantMembership(m, user.id, 999999, t0))).rejects.toMatchObject(
        { reason: 'GROUP.NOT_FOUND' },
      );
      const updatedByApi = await t.api.get('/api/user/detail', { token: user.token });
      expect(updatedByApi.body.data).toMatchObject({ group_id: forever.id, expire_time: 0 });
    });

    itRaces('adds up concurrent grants instead of losing one', async () => {
      const group = await createGroup(t.api, admin.token, { expire_day: 30 });
      const user = await registerCustomer(t.api);
      const t0 = new Date('2030-06-01T00:00:00Z');
      await Promise.all(
        Array.from({ length: 5 }, () =>
          tx((m) => groups.grantMembership(m, user.id, group.id, t0)),
        ),
      );
      expect(await membership(user.id)).toEqual({
        groupId: group.id,
        expireTime: new Date(t0.getTime() + 150 * DAY).toISOString(),
      });
    });
  });
});
