import { permissionsOf, STAFF_PERMISSIONS } from '../../src/common/auth/staff-roles.js';
import { AdminAccountService } from '../../src/users/services/admin-account.service.js';
import { uniqueName } from '../factories/accounts.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const BOSS = { user_name: 'boss', password: 'boss-pass-1' };

describe('staff accounts and roles (e2e)', () => {
  let t: TestApp;
  let boss: { id: number; token: string };

  const login = async (user_name: string, password: string) =>
    t.api.post('/system/api/login', { user_name, password });

  /** An account made by the owner through the API, logged in. */
  async function hire(role: string, password = 'staff-pass-1') {
    const user_name = uniqueName('staff');
    const created = await t.api.post(
      '/system/api/admin/detail',
      { user_name, password, role },
      { admin: boss.token },
    );
    expect(created.body).toMatchObject({ code: 0, data: { user_name, role, status: 1 } });
    const res = await login(user_name, password);
    expect(res.body.code).toBe(0);
    return { id: res.body.data.id as number, token: res.body.data.token as string, user_name };
  }

  const auditOf = async (entityId: number) =>
    (
      await t.dataSource.query(
        `SELECT action, admin_id, details FROM audit_logs WHERE entity_type = 'account' AND entity_id = $1 ORDER BY id`,
        [String(entityId)],
      )
    ).map((row: { action: string }) => row.action);

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_USER_NAME: BOSS.user_name, ADMIN_PASSWORD: BOSS.password });
    const res = await login(BOSS.user_name, BOSS.password);
    boss = { id: res.body.data.id, token: res.body.data.token };
  });
  afterAll(async () => {
    await t.close();
  });

  it('makes the ADMIN_USER_NAME account an owner, with every permission', async () => {
    const me = await t.api.get('/system/api/admin/detail', { admin: boss.token });
    expect(me.body.data).toMatchObject({ user_name: 'boss', role: 'owner', status: 1 });
    expect([...me.body.data.permissions].sort()).toEqual(Object.keys(STAFF_PERMISSIONS).sort());
  });

  it('lets an owner create, list and edit accounts, with clear errors', async () => {
    const anna = await hire('service');
    const listed = await t.api.get('/system/api/admin/list', {
      admin: boss.token,
      query: { role: 'service', user_name: anna.user_name },
    });
    expect(listed.body).toMatchObject({ code: 0, total: 1 });
    expect(listed.body.data[0]).toMatchObject({
      id: anna.id,
      role: 'service',
      permissions: permissionsOf('service'),
    });
    expect(JSON.stringify(listed.body)).not.toMatch(/password|hash|token_version/);

    const taken = await t.api.post(
      '/system/api/admin/detail',
      { user_name: anna.user_name, password: 'another-1', role: 'finance' },
      { admin: boss.token },
    );
    expect(taken.body).toMatchObject({ code: -1, error: 'STAFF.NAME_TAKEN' });
    const noRole = await t.api.post(
      '/system/api/admin/detail',
      { user_name: uniqueName('x'), password: 'another-1' },
      { admin: boss.token },
    );
    expect(noRole.body).toMatchObject({ code: -1, error: 'STAFF.FIELD_REQUIRED' });
    const badRole = await t.api.post(
      '/system/api/admin/detail',
      { user_name: uniqueName('x'), password: 'another-1', role: 'king' },
      { admin: boss.token },
    );
    expect(badRole.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
    const missing = await t.api.post(
      '/system/api/admin/detail',
      { id: 999999, real_name: 'x' },
      { admin: boss.token },
    );
    expect(missing.body).toMatchObject({ code: -1, error: 'STAFF.NOT_FOUND' });

    const renamed = await t.api.post(
      '/system/api/admin/detail',
      { id: anna.id, real_name: 'Anna Lee' },
      { admin: boss.token },
    );
    expect(renamed.body.data).toMatchObject({ real_name: 'Anna Lee', role: 'service' });
    expect(await auditOf(anna.id)).toEqual(['staff.create', 'staff.update']);
  });

  it('shows a non-owner only their own account', async () => {
    const sam = await hire('fulfilment');
    const own = await t.api.get('/system/api/admin/detail', { admin: sam.token });
    expect(own.body.data).toMatchObject({ id: sam.id, role: 'fulfilment' });
    expect(own.body.data.permissions).toContain('orders.fulfil');
    expect(own.body.data.permissions).not.toContain('orders.refund');
    const other = await t.api.get('/system/api/admin/detail', {
      admin: sam.token,
      query: { id: boss.id },
    });
    expect(other.body).toMatchObject({ code: 1002, error: 'STAFF.NOT_ALLOWED' });
    const byOwner = await t.api.get('/system/api/admin/detail', {
      admin: boss.token,
      query: { id: sam.id },
    });
    expect(byOwner.body.data).toMatchObject({ id: sam.id });
  });

  it('applies a role change to the next request of the same token', async () => {
    const kim = await hire('service');
    const orders = () => t.api.get('/system/api/plugin/order/list', { admin: kim.token });
    const balance = () => t.api.get('/system/api/user/balance/logs', { admin: kim.token });
    expect((await orders()).body.code).toBe(0);
    expect((await balance()).body).toMatchObject({ code: 1002, error: 'AUTH.NOT_ALLOWED' });
    await t.api.post(
      '/system/api/admin/detail',
      { id: kim.id, role: 'finance' },
      { admin: boss.token },
    );
    expect((await balance()).body.code).toBe(0);
    const comm = await t.api.get('/system/api/communication/order/list', { admin: kim.token });
    expect(comm.body.code).toBe(1002);
    const [row] = await t.dataSource.query(
      `SELECT details FROM audit_logs WHERE entity_type = 'account' AND entity_id = $1 AND action = 'staff.update'`,
      [String(kim.id)],
    );
    expect(row.details).toEqual({ role: { from: 'service', to: 'finance' } });
  });

  it('refuses a disabled account at once (1001), and its old tokens stay dead after re-enabling', async () => {
    const lee = await hire('finance', 'lee-pass-1');
    const detail = (token: string) => t.api.get('/system/api/admin/detail', { admin: token });
    expect((await detail(lee.token)).body.code).toBe(0);

    const off = await t.api.post(
      '/system/api/admin/status',
      { id: lee.id, status: 0 },
      { admin: boss.token },
    );
    expect(off.body.data).toMatchObject({ id: lee.id, status: 0 });
    expect((await detail(lee.token)).body.code).toBe(1001);
    expect((await login(lee.user_name, 'lee-pass-1')).body).toMatchObject({
      code: 1002,
      error: 'USER.DISABLED',
    });

    const on = await t.api.post(
      '/system/api/admin/status',
      { id: lee.id, status: 1 },
      { admin: boss.token },
    );
    expect(on.body.data.status).toBe(1);
    expect((await detail(lee.token)).body.code).toBe(1001);
    const again = await login(lee.user_name, 'lee-pass-1');
    expect((await detail(again.body.data.token)).body.code).toBe(0);

    // AnqiCMS's delete disables (ids stay referenced by history and the audit trail).
    const deleted = await t.api.post(
      '/system/api/admin/delete',
      { id: lee.id },
      { admin: boss.token },
    );
    expect(deleted.body.data.status).toBe(0);
    expect((await detail(again.body.data.token)).body.code).toBe(1001);
    expect(await auditOf(lee.id)).toEqual([
      'staff.create',
      'staff.disable',
      'staff.enable',
      'staff.disable',
    ]);
  });

  it('changes your own password: the old one is checked, older tokens stop working', async () => {
    const max = await hire('service', 'max-pass-1');
    const wrong = await t.api.post(
      '/system/api/admin/password',
      { old_password: 'nope-nope', password: 'max-pass-2' },
      { admin: max.token },
    );
    expect(wrong.body).toMatchObject({ code: -1, error: 'USER.WRONG_OLD_PASSWORD' });
    const changed = await t.api.post(
      '/system/api/admin/password',
      { old_password: 'max-pass-1', password: 'max-pass-2' },
      { admin: max.token },
    );
    expect(changed.body.code).toBe(0);
    expect((await t.api.get('/system/api/admin/detail', { admin: max.token })).body.code).toBe(
      1001,
    );
    const fresh = changed.body.data.token as string;
    expect((await t.api.get('/system/api/admin/detail', { admin: fresh })).body.code).toBe(0);
    expect((await login(max.user_name, 'max-pass-1')).body.code).toBe(-1);
    expect((await login(max.user_name, 'max-pass-2')).body.code).toBe(0);
    expect(await auditOf(max.id)).toEqual(['staff.create', 'staff.password']);

    // Not through admin/detail, even for an owner on their own account.
    const own = await t.api.post(
      '/system/api/admin/detail',
      { id: boss.id, password: 'boss-pass-2' },
      { admin: boss.token },
    );
    expect(own.body).toMatchObject({ code: -1, error: 'STAFF.SELF_CHANGE' });
  });

  it('never disables or demotes the last active owner', async () => {
    const onlyBoss = await t.dataSource.query(
      `SELECT id FROM admins WHERE role = 'owner' AND status = 1`,
    );
    expect(onlyBoss).toEqual([{ id: boss.id }]);
    for (const change of [{ status: 0 }, { role: 'service' }]) {
      const res = await t.api.post(
        '/system/api/admin/detail',
        { id: boss.id, ...change },
        { admin: boss.token },
      );
      expect(res.body).toMatchObject({ code: -1, error: 'STAFF.LAST_OWNER' });
    }
    // With a second owner, handing over is fine.
    const heir = await hire('owner');
    const handOver = await t.api.post(
      '/system/api/admin/detail',
      { id: heir.id, role: 'service' },
      { admin: boss.token },
    );
    expect(handOver.body.code).toBe(0);
  });

  describe('two owners acting on each other at the same moment', () => {
    /** Two fresh owners, and no other active owner. */
    async function twoOwners() {
      const names = [uniqueName('own'), uniqueName('own')];
      const service = t.app.get(AdminAccountService);
      for (const name of names) await service.ensureAdmin(name, 'owner-pass-1');
      await t.dataSource.query(
        `UPDATE admins SET status = 0 WHERE role = 'owner' AND user_name <> ALL($1)`,
        [names],
      );
      return Promise.all(
        names.map(async (name) => {
          const res = await login(name, 'owner-pass-1');
          return { id: res.body.data.id as number, token: res.body.data.token as string };
        }),
      );
    }

    const activeOwners = async () =>
      (await t.dataSource.query(`SELECT id FROM admins WHERE role = 'owner' AND status = 1`))
        .length;

    const races: [string, (target: number, self: number) => Record<string, unknown>][] = [
      ['disable each other', (target) => ({ id: target, status: 0 })],
      ['demote each other', (target) => ({ id: target, role: 'fulfilment' })],
      ['each demote themselves', (_target, self) => ({ id: self, role: 'service' })],
      ['each disable themselves', (_target, self) => ({ id: self, status: 0 })],
    ];

    it.each(races)('%s: exactly one wins and one active owner is left', async (_name, body) => {
      for (let round = 0; round < 5; round++) {
        const [a, b] = await twoOwners();
        const [ra, rb] = await Promise.all([
          t.api.post('/system/api/admin/detail', body(b.id, a.id), { admin: a.token }),
          t.api.post('/system/api/admin/detail', body(a.id, b.id), { admin: b.token }),
        ]);
        const codes = [ra.body.code, rb.body.code];
        expect(codes.filter((code) => code === 0)).toHaveLength(1);
        const loser = ra.body.code === 0 ? rb.body : ra.body;
        // Refused under the lock (last owner / no longer an owner), or by the guard when the
        // winner's change committed before the loser's request got in.
        expect([
          'STAFF.LAST_OWNER',
          'STAFF.NOT_OWNER',
          'AUTH.NOT_LOGGED_IN',
          'AUTH.NOT_ALLOWED',
        ]).toContain(loser.error);
        expect(await activeOwners()).toBe(1);
      }
    });
  });
});
