import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { Coupon } from './coupon.entity.js';
import { EditableRow } from '../../common/database/base.entity.js';

/**
 * A voucher code of a coupon (`coupon_code` / `coupon_code_id` on orders). Codes are stored
 * upper-case (CHECK), so the unique index makes them unique case-insensitively.
 */
@Entity('coupon_codes')
@Check('chk_coupon_codes_upper', '"code" = upper("code")')
@Check(
  'chk_coupon_codes_usage',
  '"usage_limit" >= 0 AND "used_count" >= 0 AND ("usage_limit" = 0 OR "used_count" <= "usage_limit")',
)
@Index('uq_coupon_codes_code', ['code'], { unique: true })
@Index('idx_coupon_codes_coupon_id', ['couponId', 'id'])
export class CouponCode extends EditableRow {
  @Column({ type: 'int' })
  couponId: number;

  @ManyToOne(() => Coupon, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'coupon_id' })
  coupon?: Relation<Coupon>;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  /** Only this customer may use the code; 0 = anyone. */
  @Column({ type: 'int', default: 0 })
  userId: number;

  /** Uses of this code; 0 = unlimited (still bounded by the coupon's own limit). */
  @Column({ type: 'int', default: 1 })
  usageLimit: number;

  @Column({ type: 'int', default: 0 })
  usedCount: number;

  /** 1 = usable, 0 = disabled. */
  @Column({ type: 'smallint', default: 1 })
  status: number;
}
