import { randomBytes } from 'node:crypto';
import { ApiClient } from '../support/api-client.js';
import { TestApp } from '../support/test-app.js';
import { actorOf } from '../../src/common/auth/current-actor.js';
import type { StaffRole } from '../../src/common/auth/staff-roles.js';
import type { CustomerActor } from '../../src/common/state-machine/actor.js';
import { AdminAccountService } from '../../src/users/services/admin-account.service.js';

export interface TestCustomer {
  id: number;
  userName: string;
  password: string;
  token: string;
}

export interface TestAdmin {
  id: number;
  role: StaffRole;
  userName: string;
  password: string;
  token: string;
}

export function uniqueName(prefix = 'user'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** The actor a customer's requests act as (what `@CurrentActor()` makes), for service calls. */
export function customerActor(customer: TestCustomer): CustomerActor {
  return actorOf({
    kind: 'customer',
    id: customer.id,
    userName: customer.userName,
  }) as CustomerActor;
}

/** Registers a customer through the public API and returns its login. */
export async function registerCustomer(
  api: ApiClient,
  extra: Record<string, unknown> = {},
): Promise<TestCustomer> {
  const userName = uniqueName();
  const password = 'secret123';
  const res = await api.post('/api/register', { user_name: userName, password, ...extra });
  if (res.body.code !== 0) throw new Error(`register failed: ${res.text}`);
  return { id: res.body.data.id, userName, password, token: res.body.data.token };
}

/**
 * Creates a staff account (staff are provisioned, not self-registered) and logs it in over HTTP.
 * Owners come the way ADMIN_USER_NAME's account does; other roles are set on the row directly
 * (the staff API itself is tested in staff-accounts.e2e-spec.ts).
 */
export async function createAdmin(testApp: TestApp, role: StaffRole = 'owner'): Promise<TestAdmin> {
  const userName = uniqueName('staff');
  const password = 'staffpass1';
  await testApp.app.get(AdminAccountService).ensureAdmin(userName, password);
  if (role !== 'owner')
    await testApp.dataSource.query('UPDATE admins SET role = $1 WHERE user_name = $2', [
      role,
      userName,
    ]);
  const res = await testApp.api.post('/system/api/login', { user_name: userName, password });
  if (res.body.code !== 0) throw new Error(`admin login failed: ${res.text}`);
  return { id: res.body.data.id, role, userName, password, token: res.body.data.token };
}
