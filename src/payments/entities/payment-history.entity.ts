import { Check, Column, Entity, Index } from 'typeorm';
import { StatusHistoryRow } from '../../common/database/status-history-row.js';

/** One status change of a payment: who, when, from → to (null for its creation), and why. */
@Entity('payment_history')
@Check('chk_payment_history_actor_kind', `"actor_kind" IN ('customer', 'admin', 'system')`)
@Index('idx_payment_history_payment_id_id', ['paymentId', 'id'])
export class PaymentHistory extends StatusHistoryRow {
  @Column({ type: 'varchar', length: 32 })
  paymentId: string;

  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  note: string;
}
