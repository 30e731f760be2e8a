import { defineQueries } from '../common/database/query-object.js';
import { ADMIN_ACTIVE } from './entities/admin.entity.js';

/** Staff accounts (`admins`): the token check and the owners' lock. */
export const StaffQueries = defineQueries(
  'users.staff',
  {
    /** $1 = admin id: every staff request's token check, with the role and the signing name. */
    tokenAccount:
      'SELECT id, user_name, status, token_version, role, real_name FROM admins WHERE id = $1',
    /** $1 = admin ids: the token check of many accounts at once (event streams). */
    tokenAccounts:
      'SELECT id, user_name, status, token_version, role FROM admins WHERE id = ANY($1::int[])',
    /** The active owners, locked in id order (so that two owner changes queue, never deadlock). */
    lockActiveOwners: `SELECT id FROM admins WHERE role = 'owner' AND status = ${ADMIN_ACTIVE} ORDER BY id FOR UPDATE`,
  },
  {},
);
