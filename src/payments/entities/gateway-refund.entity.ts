import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { EditableRow } from '../../common/database/base.entity.js';

export enum GatewayRefundStatus {
  /** Needs staff: the gateway refused it for good (e.g. the account has no funds). */
  Failed = -1,
  /** Recorded; the refund job has not had the gateway accept it yet. */
  Pending = 0,
  /** Accepted by the gateway, which has not confirmed the money left yet. */
  Processing = 1,
  Succeeded = 2,
  /** Staff returned the money outside the gateway (after it failed) and said so. */
  RefundedByHand = 3,
}

/** Why the money goes back. */
export type GatewayRefundReason = 'order_refund' | 'late_payment' | 'after_sales';

/**
 * A refund to send through a gateway. Written in the same transaction as the decision (a refund
 * approval, or a payment that arrived for an order that no longer wants it); the refund job calls
 * the gateway after commit and retries with backoff until the gateway confirms. `out_refund_no`
 * is the gateway's idempotency key, so a retry after a crash never refunds twice.
 */
@Entity('gateway_refunds')
@Check('chk_gateway_refunds_status', '"status" IN (-1, 0, 1, 2, 3)')
@Check('chk_gateway_refunds_amount_positive', '"amount" > 0')
@Index('uq_gateway_refunds_out_refund_no', ['outRefundNo'], { unique: true })
@Index('idx_gateway_refunds_payment_id', ['paymentId'])
@Index('idx_gateway_refunds_due', ['nextAttemptTime'], { where: '"status" IN (0, 1)' })
@Index('idx_gateway_refunds_status', ['status', 'id'])
export class GatewayRefund extends EditableRow {
  @Column({ type: 'varchar', length: 64 })
  outRefundNo: string;

  @Column({ type: 'varchar', length: 32 })
  paymentId: string;

  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  @Column({ type: 'varchar', length: 16 })
  gateway: string;

  @Column({ type: 'varchar', length: 32 })
  payWay: string;

  /** The gateway's transaction id of the payment refunded. */
  @Column({ type: 'varchar', length: 64, default: '' })
  terraceId: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 16 })
  reason: GatewayRefundReason;

  @Column({ type: 'varchar', length: 255, default: '' })
  note: string;

  @Column({ type: 'smallint', default: 0 })
  status: GatewayRefundStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptTime: Date | null;

  @Column({ type: 'varchar', length: 500, default: '' })
  lastError: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  gatewayRefundId: string;

  @Column({ type: 'timestamptz', nullable: true })
  succeededTime: Date | null;
}
