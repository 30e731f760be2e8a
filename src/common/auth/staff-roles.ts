/**
 * Staff roles and what each may do: the one declaration the AccessGuard enforces, the access test
 * walks (every role on every route), Swagger shows and docs/staff.md prints.
 *
 * A staff route names the permission it needs with `@StaffPermission('...')`. `owner` may do
 * everything; a route that names no permission is owner-only (deny by default), so a staff route
 * added without thought about roles is safe, merely unavailable to the other roles.
 */
export const STAFF_ROLES = ['owner', 'service', 'fulfilment', 'finance'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

interface PermissionSpec {
  description: string;
  /** Roles besides `owner` (who always may). Empty = owner-only, said out loud. */
  roles: readonly Exclude<StaffRole, 'owner'>[];
}

/** Permission → roles. The key is what a route declares. */
export const STAFF_PERMISSIONS = {
  'account.self': {
    description: "Read one's own account, change one's own password",
    roles: ['service', 'fulfilment', 'finance'],
  },
  'staff.manage': { description: 'Create, edit, disable and list staff accounts', roles: [] },
  'audit.read': { description: 'Read the audit trail of staff actions', roles: [] },
  'attachments.upload': { description: 'Upload images', roles: ['service'] },
  'catalogue.read': { description: 'Read products (hidden ones too)', roles: ['service'] },
  'catalogue.write': { description: 'Create, edit, delete products', roles: [] },
  'coupons.manage': { description: 'Coupons and voucher codes', roles: [] },
  'groups.manage': { description: 'Customer groups (membership levels)', roles: [] },
  'customers.read': {
    description: 'List and read customer accounts',
    roles: ['service', 'finance'],
  },
  'customers.manage': {
    description: 'Edit customer accounts (group, status, profile), disable them',
    roles: [],
  },
  'requests.read': {
    description: 'Read customization requests and their messages',
    roles: ['service'],
  },
  'requests.handle': {
    description: 'Reply, quote, set images, cancel, mark read',
    roles: ['service'],
  },
  'orders.read': {
    description: 'List and read orders',
    roles: ['service', 'fulfilment', 'finance'],
  },
  'orders.export': { description: 'Export orders as CSV', roles: ['fulfilment', 'finance'] },
  'orders.fulfil': {
    description: 'Confirm offline payment, deliver, finish, cancel unpaid orders',
    roles: ['fulfilment'],
  },
  'orders.refund': { description: 'Decide and issue refunds', roles: ['finance'] },
  'balance.read': { description: 'Read customer balance movements', roles: ['finance'] },
  'balance.adjust': { description: 'Credit or debit a customer balance', roles: ['finance'] },
  'payments.settings': {
    description:
      'Payment gateway switches, currencies, return page (ids, keys and secrets: owner only)',
    roles: ['finance'],
  },
  'dashboard.read': {
    description: 'The dashboard figures (orders, sales, customers, open requests, products)',
    roles: ['service', 'fulfilment', 'finance'],
  },
  'events.read': {
    description:
      'Live event stream: each role gets the event types its other permissions cover (docs/events.md)',
    roles: ['service', 'fulfilment', 'finance'],
  },
} as const satisfies Record<string, PermissionSpec>;

export type StaffPermissionName = keyof typeof STAFF_PERMISSIONS;

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/**
 * May `role` use a route that needs `permission`? `undefined` (the route declared nothing) is
 * owner-only. An unknown role (a row edited by hand) may do nothing.
 */
export function roleMay(role: string, permission: StaffPermissionName | undefined): boolean {
  if (role === 'owner') return true;
  if (permission === undefined || !isStaffRole(role)) return false;
  return (STAFF_PERMISSIONS[permission].roles as readonly string[]).includes(role);
}

export function rolesWith(permission: StaffPermissionName | undefined): StaffRole[] {
  return STAFF_ROLES.filter((role) => roleMay(role, permission));
}

export function permissionsOf(role: StaffRole): StaffPermissionName[] {
  return (Object.keys(STAFF_PERMISSIONS) as StaffPermissionName[]).filter((p) => roleMay(role, p));
}

/** The role table as Markdown (docs/staff.md holds this; a unit test keeps them equal). */
export function renderRoleTable(): string {
  const header = `| Permission | What it allows | ${STAFF_ROLES.join(' | ')} |`;
  const rule = `|---|---|${STAFF_ROLES.map(() => ':-:').join('|')}|`;
  const rows = (Object.keys(STAFF_PERMISSIONS) as StaffPermissionName[]).map(
    (p) =>
      `| \`${p}\` | ${STAFF_PERMISSIONS[p].description} | ${STAFF_ROLES.map((r) => (roleMay(r, p) ? '✓' : '')).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
