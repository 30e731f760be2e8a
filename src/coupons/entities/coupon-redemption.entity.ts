import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { Coupon } from './coupon.entity.js';
import { CreatedRow } from '../../common/database/base.entity.js';

/**
 * One use of a coupon by an order. Counting unreleased rows per (coupon, user) enforces
 * per_user_limit; `released_at` is set exactly once (conditional UPDATE) when the order is
 * cancelled, closed or refunded, which is when the use goes back to the coupon and code.
 */
@Entity('coupon_redemptions')
@Check('chk_coupon_redemptions_discount_not_negative', '"discount" >= 0')
@Index('idx_coupon_redemptions_user', ['couponId', 'userId'], { where: '"released_at" IS NULL' })
@Index('idx_coupon_redemptions_order_id', ['orderId'])
export class CouponRedemptionRecord extends CreatedRow {
  @Column({ type: 'int' })
  couponId: number;

  @ManyToOne(() => Coupon, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'coupon_id' })
  coupon?: Relation<Coupon>;

  /** The code used; 0 = a public coupon applied by id. */
  @Column({ type: 'int', default: 0 })
  codeId: number;

  @Column({ type: 'int' })
  userId: number;

  /** The order number (orders.order_id), attached once the order row exists. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  orderId: string | null;

  /** Fen: the order amount the coupon was applied to. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  orderAmount: number;

  /** Fen taken off. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  discount: number;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt: Date | null;
}
