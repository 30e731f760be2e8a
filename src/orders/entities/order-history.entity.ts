import { Check, Column, Entity, Index } from 'typeorm';
import { CreatedRow } from '../../common/database/base.entity.js';

/** One status change of an order: who, when, from → to, and why. Append-only. */
@Entity('order_history')
@Check('chk_order_history_actor_kind', `"actor_kind" IN ('customer', 'admin', 'system')`)
@Index('idx_order_history_order_id_id', ['orderId', 'id'])
export class OrderHistory extends CreatedRow {
  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  /** OrderAction, or 'create'. */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 16 })
  actorKind: string;

  /** users.id or admins.id; 0 for the system. */
  @Column({ type: 'int', default: 0 })
  actorId: number;

  /** null for the creation row. */
  @Column({ type: 'smallint', nullable: true })
  fromStatus: number | null;

  @Column({ type: 'smallint' })
  toStatus: number;

  @Column({ type: 'smallint', nullable: true })
  fromRefundStatus: number | null;

  @Column({ type: 'smallint' })
  toRefundStatus: number;

  @Column({ type: 'varchar', length: 500, default: '' })
  note: string;
}
