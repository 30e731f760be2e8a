import { Check, Column, Entity, Index } from 'typeorm';
import { CreatedRow } from '../../common/database/base.entity.js';

/**
 * One status change of a gateway refund (gateway_refunds.status): who, when, from → to (null
 * for its creation), and why. Written by GatewayRefundService in the change's transaction; a
 * repeated answer that leaves the status as it was (a refund still processing) writes none.
 */
@Entity('gateway_refund_history')
@Check('chk_gateway_refund_history_actor_kind', `"actor_kind" IN ('customer', 'admin', 'system')`)
@Index('idx_gateway_refund_history_out_refund_no_id', ['outRefundNo', 'id'])
export class GatewayRefundHistory extends CreatedRow {
  @Column({ type: 'varchar', length: 64 })
  outRefundNo: string;

  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  /** GatewayRefundAction, or 'create'. */
  @Column({ type: 'varchar', length: 16 })
  action: string;

  /** customer, admin (staff) or system, as order_history and payment_history. */
  @Column({ type: 'varchar', length: 16 })
  actorKind: string;

  /** users.id or admins.id; 0 for the system. */
  @Column({ type: 'int', default: 0 })
  actorId: number;

  @Column({ type: 'smallint', nullable: true })
  fromStatus: number | null;

  @Column({ type: 'smallint' })
  toStatus: number;

  /** Why: the staff note, the gateway's refusal, or the refund's reason on creation. */
  @Column({ type: 'varchar', length: 500, default: '' })
  note: string;
}
