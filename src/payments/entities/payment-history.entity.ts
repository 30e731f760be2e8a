import { Check, Column, Entity, Index } from 'typeorm';
import { CreatedRow } from '../../common/database/base.entity.js';

/** One status change of a payment: who, when, from → to (null for its creation), and why. */
@Entity('payment_history')
@Check('chk_payment_history_actor_kind', `"actor_kind" IN ('customer', 'admin', 'system')`)
@Index('idx_payment_history_payment_id_id', ['paymentId', 'id'])
export class PaymentHistory extends CreatedRow {
  @Column({ type: 'varchar', length: 32 })
  paymentId: string;

  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  /** PaymentAction, or 'create'. */
  @Column({ type: 'varchar', length: 16 })
  action: string;

  /** customer, admin (staff) or system, as order_history. */
  @Column({ type: 'varchar', length: 16 })
  actorKind: string;

  /** users.id or admins.id; 0 for the system. */
  @Column({ type: 'int', default: 0 })
  actorId: number;

  @Column({ type: 'smallint', nullable: true })
  fromStatus: number | null;

  @Column({ type: 'smallint' })
  toStatus: number;

  @Column({ type: 'varchar', length: 255, default: '' })
  note: string;
}
