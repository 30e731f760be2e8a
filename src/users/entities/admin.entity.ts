import { Check, Column, Entity, Index } from 'typeorm';
import type { StaffRole } from '../../common/auth/staff-roles.js';
import { EditableRow } from '../../common/database/base.entity.js';

/** admins.status of an account that may sign in (0 = disabled). */
export const ADMIN_ACTIVE = 1;

/** A staff account. Separate from customers: its tokens carry the `admin` audience. */
@Entity('admins')
@Check('chk_admins_role', `"role" IN ('owner', 'service', 'fulfilment', 'finance')`)
export class Admin extends EditableRow {
  @Index('uq_admins_user_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  userName: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  realName: string;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  /** 1 = active, 0 = disabled. */
  @Column({ type: 'smallint', default: 1 })
  status: number;

  @Column({ type: 'int', default: 0 })
  tokenVersion: number;

  /** What the account may do: a key of STAFF_ROLES (src/common/auth/staff-roles.ts). */
  @Column({ type: 'varchar', length: 16 })
  role: StaffRole;

  @Column({ type: 'timestamptz', nullable: true })
  lastLogin: Date | null;
}
