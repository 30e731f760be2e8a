import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import type { OrderType } from '../dto/create-order.request.dto.js';
import type { OrderStatus, RefundStatus } from '../order-status.js';
import { EditableRow } from '../../common/database/base.entity.js';

/** The recipient address copied onto the order at creation (later address edits never change it). */
export interface OrderAddressSnapshot {
  name: string;
  phone: string;
  province: string;
  city: string;
  country: string;
  address_info: string;
  postcode: string;
}

/**
 * A shop order (AnqiCMS `order`). Money is integer fen and the parts are tied together by CHECK
 * constraints: amount = origin_amount − discount_amount, and seller + commissions ≤ amount.
 * `status`/`refund_status` are written only by OrderTransitionService.transition().
 */
@Entity('orders')
@Check('chk_orders_status', '"status" IN (-1, 0, 1, 2, 3, 8, 9)')
@Check('chk_orders_refund_status', '"refund_status" IN (-1, 0, 1)')
@Check('chk_orders_type', `"type" IN ('goods', 'vip')`)
@Check('chk_orders_amounts_not_negative', '"amount" >= 0 AND "discount_amount" >= 0')
@Check(
  'chk_orders_amount_is_origin_minus_discount',
  '"amount" = "origin_amount" - "discount_amount"',
)
@Check(
  'chk_orders_split_within_amount',
  '"seller_amount" >= 0 AND "share_amount" >= 0 AND "share_parent_amount" >= 0 AND ' +
    '"seller_amount" + "share_amount" + "share_parent_amount" <= "amount"',
)
@Check('chk_orders_refunded_within_amount', '"refunded_amount" BETWEEN 0 AND "amount"')
@Check(
  'chk_orders_coupon_within_discount',
  '"coupon_discount_amount" BETWEEN 0 AND "discount_amount"',
)
@Index('uq_orders_order_id', ['orderId'], { unique: true })
@Index('uq_orders_comm_order_id', ['commOrderId'], {
  unique: true,
  where: '"comm_order_id" IS NOT NULL',
})
@Index('idx_orders_user_id_id', ['userId', 'id'])
@Index('idx_orders_user_id_status_id', ['userId', 'status', 'id'])
@Index('idx_orders_status_id', ['status', 'id'])
@Index('idx_orders_status_created_time', ['status', 'createdTime'])
@Index('idx_orders_status_end_time', ['status', 'endTime'])
@Index('idx_orders_created_time', ['createdTime'])
@Index('idx_orders_seller_id', ['sellerId'])
export class Order extends EditableRow {
  /** Order number: 14-digit local time + last 4 digits of the id (spec `202211232209080046`). */
  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  /** The live payment's number ('' until a payment is started). */
  @Column({ type: 'varchar', length: 32, default: '' })
  paymentId: string;

  @Column({ type: 'int' })
  userId: number;

  /** The saved address used (0 = none); the address itself is copied into `address`. */
  @Column({ type: 'int', default: 0 })
  addressId: number;

  @Column({ type: 'jsonb', nullable: true })
  address: OrderAddressSnapshot | null;

  @Column({ type: 'varchar', length: 500, default: '' })
  remark: string;

  @Column({ type: 'varchar', length: 16, default: 'goods' })
  type: OrderType;

  @Column({ type: 'smallint', default: 0 })
  status: OrderStatus;

  @Column({ type: 'smallint', default: 0 })
  refundStatus: RefundStatus;

  /** While refunding: the status to go back to if the refund is refused. */
  @Column({ type: 'smallint', nullable: true })
  statusBeforeRefund: OrderStatus | null;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  originAmount: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  amount: number;

  /**
   * The sum of the order's refunds (order_refunds with status refunded), fen: never more than
   * `amount` (CHECK; raised by a conditional UPDATE under the order's row lock).
   */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  refundedAmount: number;

  /** Member discount + coupon discount. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  discountAmount: number;

  /** The coupon's part of discount_amount. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  couponDiscountAmount: number;

  @Column({ type: 'int', default: 0 })
  couponId: number;

  @Column({ type: 'int', default: 0 })
  couponCodeId: number;

  /** CouponService redemption to release on cancel/refund; null = no coupon. */
  @Column({ type: 'int', nullable: true })
  couponRedemptionId: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidTime: Date | null;

  /** Auto-finish deadline, set on delivery. */
  @Column({ type: 'timestamptz', nullable: true })
  endTime: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliverTime: Date | null;

  /** When the order reached a final status (finished, cancelled/closed, refunded). */
  @Column({ type: 'timestamptz', nullable: true })
  finishedTime: Date | null;

  @Column({ type: 'int', default: 0 })
  sellerId: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  sellerAmount: number;

  @Column({ type: 'int', default: 0 })
  shareUserId: number;

  @Column({ type: 'int', default: 0 })
  shareParentUserId: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  shareAmount: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  shareParentAmount: number;

  @Column({ type: 'varchar', length: 100, default: '' })
  expressCompany: string;

  @Column({ type: 'varchar', length: 100, default: '' })
  trackingNumber: string;

  /** vip orders: the user group bought (0 for goods orders). */
  @Column({ type: 'int', default: 0 })
  vipGroupId: number;

  /** The communication order (custom request) this order settles; unique: one order per request. */
  @Column({ type: 'int', nullable: true })
  commOrderId: number | null;
}
