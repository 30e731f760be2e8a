import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  permissionsOf,
  renderRoleTable,
  roleMay,
  rolesWith,
  STAFF_PERMISSIONS,
  STAFF_ROLES,
  StaffPermissionName,
} from './staff-roles.js';

const PERMISSIONS = Object.keys(STAFF_PERMISSIONS) as StaffPermissionName[];

describe('staff role table', () => {
  it('lets owners do everything, including routes that declare nothing', () => {
    for (const permission of PERMISSIONS) expect(roleMay('owner', permission)).toBe(true);
    expect(roleMay('owner', undefined)).toBe(true);
    expect(permissionsOf('owner')).toEqual(PERMISSIONS);
  });

  it('keeps a route that declares no permission owner-only (deny by default)', () => {
    expect(rolesWith(undefined)).toEqual(['owner']);
    for (const role of STAFF_ROLES.filter((r) => r !== 'owner'))
      expect(roleMay(role, undefined)).toBe(false);
  });

  it('gives an unknown role (a hand-edited row) nothing', () => {
    for (const permission of PERMISSIONS) expect(roleMay('king', permission)).toBe(false);
  });

  it('matches the issue: who may do what', () => {
    const may = (permission: StaffPermissionName) => rolesWith(permission).sort();
    expect(may('requests.handle')).toEqual(['owner', 'service']);
    expect(may('orders.read')).toEqual(['finance', 'fulfilment', 'owner', 'service']);
    expect(may('orders.fulfil')).toEqual(['fulfilment', 'owner']);
    expect(may('orders.refund')).toEqual(['finance', 'owner']);
    expect(may('balance.adjust')).toEqual(['finance', 'owner']);
    expect(may('payments.settings')).toEqual(['finance', 'owner']);
    expect(may('staff.manage')).toEqual(['owner']);
    expect(may('audit.read')).toEqual(['owner']);
    for (const role of STAFF_ROLES) expect(roleMay(role, 'account.self')).toBe(true);
  });

  it('is what docs/staff.md shows', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'staff.md'), 'utf8');
    expect(doc).toContain(renderRoleTable());
  });
});
