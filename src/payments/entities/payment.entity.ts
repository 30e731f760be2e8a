import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { EditableRow } from '../../common/database/base.entity.js';

export enum PaymentStatus {
  Cancelled = -1,
  Pending = 0,
  Paid = 1,
  Refunded = 2,
}

/**
 * A payment of an order (AnqiCMS `payment`). At most one live (pending or paid) payment per order
 * is a unique index: an order can never be paid twice, whatever races. Refunded (2) rows are not
 * live: a gateway payment that arrived for an order already paid another way is recorded as a
 * second, refunded payment (docs/payments.md).
 */
@Entity('payments')
@Check('chk_payments_status', '"status" IN (-1, 0, 1, 2)')
@Check('chk_payments_amount_not_negative', '"amount" >= 0')
@Index('uq_payments_payment_id', ['paymentId'], { unique: true })
@Index('uq_payments_live_per_order', ['orderId'], { unique: true, where: '"status" IN (0, 1)' })
@Index('idx_payments_order_id', ['orderId'])
@Index('idx_payments_gateway_order_id', ['gateway', 'gatewayOrderId'], {
  where: `"gateway_order_id" <> ''`,
})
@Index('idx_payments_close_time', ['closeTime'], { where: '"close_time" IS NOT NULL' })
@Index('idx_payments_reconcile_time', ['reconcileTime'], { where: '"reconcile_time" IS NOT NULL' })
export class Payment extends EditableRow {
  /** 14-digit local time + last 4 digits of the id, like order numbers. */
  @Column({ type: 'varchar', length: 32 })
  paymentId: string;

  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  /** balance, offline, or a gateway name (wechat, alipay, paypal, ...). */
  @Column({ type: 'varchar', length: 32 })
  payWay: string;

  @Column({ type: 'smallint', default: 0 })
  status: PaymentStatus;

  /**
   * The gateway's transaction id (WeChat/Alipay trade no, Stripe `pi_…`, PayPal capture id): the
   * id refunds name. '' for balance/offline, and until the gateway reports the money.
   */
  @Column({ type: 'varchar', length: 64, default: '' })
  terraceId: string;

  /**
   * The gateway's id of what it opened for this payment (Stripe Checkout Session `cs_…`, PayPal
   * order id), written once when the payment starts and never overwritten: the PayPal return
   * captures only this order, reconciliation asks about only this one. '' for the others.
   */
  @Column({ type: 'varchar', length: 64, default: '' })
  gatewayOrderId: string;

  /** The gateway that handles it (wechat, alipay, ...); '' = balance, offline or staff-confirmed. */
  @Column({ type: 'varchar', length: 16, default: '' })
  gateway: string;

  /** ISO 4217 code; `amount` is in this currency's minor unit (fen, cents). */
  @Column({ type: 'varchar', length: 3, default: 'CNY' })
  currency: string;

  /** The gateway account the payment was opened with: notifications must name the same. */
  @Column({ type: 'varchar', length: 64, default: '' })
  appId: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  merchantId: string;

  /** When the reconciliation job next asks the gateway about this unpaid payment; null = never. */
  @Column({ type: 'timestamptz', nullable: true })
  reconcileTime: Date | null;

  /**
   * When the payment jobs next ask the gateway to close this cancelled payment (so it can no
   * longer be paid there); null = nothing to close, or closed.
   */
  @Column({ type: 'timestamptz', nullable: true })
  closeTime: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidTime: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  refundedTime: Date | null;
}
