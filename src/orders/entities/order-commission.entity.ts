import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { EditableRow } from '../../common/database/base.entity.js';

export enum CommissionStatus {
  Cancelled = -1,
  Pending = 0,
  Credited = 1,
}

export type CommissionKind = 'seller' | 'share' | 'parent';

/**
 * Money an order owes someone other than the platform: the seller's income and the referral
 * commissions. Created pending when the order is paid, credited to the balance when it finishes,
 * cancelled when it is refunded before that, taken back in proportion by after-sales refunds.
 * One row per order and kind.
 */
@Entity('order_commissions')
@Check('chk_order_commissions_status', '"status" IN (-1, 0, 1)')
@Check('chk_order_commissions_kind', `"kind" IN ('seller', 'share', 'parent')`)
@Check('chk_order_commissions_amount_positive', '"amount" > 0')
@Check('chk_order_commissions_reversed_within_amount', '"reversed_amount" BETWEEN 0 AND "amount"')
@Index('uq_order_commissions_order_kind', ['orderId', 'kind'], { unique: true })
@Index('idx_order_commissions_user_id_id', ['userId', 'id'])
export class OrderCommission extends EditableRow {
  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: CommissionKind;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  orderAmount: number;

  @Column({ type: 'smallint', default: 0 })
  status: number;

  /**
   * What after-sales refunds took back of a credited amount (fen), in proportion to the money
   * refunded (docs/orders.md, "After-sales refunds"): equals `amount` once everything is refunded.
   */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  reversedAmount: number;
}
