import { Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { CreatedRow } from '../../common/database/base.entity.js';

/** What the service did with a gateway's payment. */
export type GatewayTransactionOutcome = 'settled' | 'already_paid' | 'refunding' | 'needs_review';

/**
 * The ledger of money received through gateways: one row per gateway transaction id, whatever
 * delivered it (notification, reconciliation, return page). The unique index is what makes a
 * notification delivered ten times, or twenty copies racing, settle once: the first insert wins,
 * the others find the row and change nothing.
 */
@Entity('gateway_transactions')
@Index('uq_gateway_transactions_gateway_transaction_id', ['gateway', 'transactionId'], {
  unique: true,
})
@Index('idx_gateway_transactions_payment_id', ['paymentId'])
export class GatewayTransaction extends CreatedRow {
  @Column({ type: 'varchar', length: 16 })
  gateway: string;

  /** The gateway's own id of the money movement (WeChat transaction_id, Alipay trade_no, ...). */
  @Column({ type: 'varchar', length: 64 })
  transactionId: string;

  @Column({ type: 'varchar', length: 32 })
  paymentId: string;

  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  /** notification, reconcile or return. */
  @Column({ type: 'varchar', length: 16 })
  source: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: GatewayTransactionOutcome;
}
