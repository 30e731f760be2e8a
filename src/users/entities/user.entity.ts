import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { EditableRow } from '../../common/database/base.entity.js';

/** A customer account (AnqiCMS `user`). Uniqueness of names, emails and phones lives in the DB. */
@Entity('users')
@Check('chk_users_balance_not_negative', '"balance" >= 0')
@Index('uq_users_email', ['email'], { unique: true, where: `"email" <> ''` })
@Index('uq_users_phone', ['phone'], { unique: true, where: `"phone" <> ''` })
@Index('idx_users_parent_id', ['parentId'])
@Index('idx_users_group_id', ['groupId'])
export class User extends EditableRow {
  /** The inviting user (referral chain for commissions); 0 = none. */
  @Column({ type: 'int', default: 0 })
  parentId: number;

  @Index('uq_users_user_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  userName: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  realName: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  avatarUrl: string;

  /** Stored lower-cased, so uniqueness is case-insensitive. */
  @Column({ type: 'varchar', length: 254, default: '' })
  email: string;

  @Column({ type: 'varchar', length: 32, default: '' })
  phone: string;

  @Column({ type: 'int', default: 0 })
  groupId: number;

  @Column({ type: 'smallint', default: 0 })
  isRetailer: number;

  /** Fen; never negative (CHECK constraint), changed only by conditional UPDATEs with a ledger row. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  balance: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  totalReward: number;

  @Index('uq_users_invite_code', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  inviteCode: string;

  @Column({ type: 'timestamptz', nullable: true })
  lastLogin: Date | null;

  /** VIP group membership end; null = no expiry. */
  @Column({ type: 'timestamptz', nullable: true })
  expireTime: Date | null;

  /** 1 = active, 0 = disabled (cannot log in; existing tokens stop working). */
  @Column({ type: 'smallint', default: 1 })
  status: number;

  /** scrypt hash; never leaves the server (mappers never read it). */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  /** Bumped on password change: tokens carry it, older ones stop verifying. */
  @Column({ type: 'int', default: 0 })
  tokenVersion: number;
}
