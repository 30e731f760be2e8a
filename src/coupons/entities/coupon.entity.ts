import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { EditableRow } from '../../common/database/base.entity.js';

export const COUPON_TYPES = ['amount', 'percent'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];

/**
 * A discount rule: `amount` takes `value` fen off, `percent` takes `value` percent off (capped
 * by max_discount when > 0). Customers use it through its codes (coupon_codes), or by its id
 * alone when it is public. used_count only moves through conditional UPDATEs; the CHECK makes
 * "more uses than the limit" impossible even if a bug tried.
 */
@Entity('coupons')
@Check('chk_coupons_type', `"type" IN ('amount', 'percent')`)
@Check('chk_coupons_value', `"value" > 0 AND ("type" <> 'percent' OR "value" <= 100)`)
@Check('chk_coupons_amounts_not_negative', '"min_amount" >= 0 AND "max_discount" >= 0')
@Check('chk_coupons_window', '"starts_at" IS NULL OR "ends_at" IS NULL OR "starts_at" < "ends_at"')
@Check(
  'chk_coupons_usage',
  '"usage_limit" >= 0 AND "per_user_limit" >= 0 AND "used_count" >= 0 AND ("usage_limit" = 0 OR "used_count" <= "usage_limit")',
)
@Index('idx_coupons_staff', ['status', 'id'], { where: '"deleted_time" IS NULL' })
export class Coupon extends EditableRow {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 16 })
  type: CouponType;

  /** Fen off (amount) or percent off 1-100 (percent). */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  value: number;

  /** Fen: the order amount (before the coupon) must be at least this. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  minAmount: number;

  /** Fen: the most a percent coupon takes off; 0 = no cap. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  maxDiscount: number;

  /** Usable from (null = at once). */
  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  /** Usable until, exclusive (null = no end). */
  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  /** Uses across all codes; 0 = unlimited. */
  @Column({ type: 'int', default: 0 })
  usageLimit: number;

  @Column({ type: 'int', default: 0 })
  usedCount: number;

  /** Uses per customer (counting unreleased redemptions); 0 = unlimited. */
  @Column({ type: 'int', default: 0 })
  perUserLimit: number;

  /** 1 = may be applied by `coupon_id` without a code. */
  @Column({ type: 'smallint', default: 0 })
  isPublic: number;

  /** 1 = active, 0 = disabled. */
  @Column({ type: 'smallint', default: 1 })
  status: number;

  /** Soft delete: redemptions keep pointing at the coupon. */
  @Column({ type: 'timestamptz', nullable: true })
  deletedTime: Date | null;
}
