import { Check, Column, Entity, Index } from 'typeorm';
import { StatusHistoryRow } from '../../common/database/status-history-row.js';

/**
 * One status change of a gateway refund (gateway_refunds.status): who, when, from → to (null
 * for its creation), and why. Written by GatewayRefundService in the change's transaction; a
 * repeated answer that leaves the status as it was (a refund still processing) writes none.
 */
@Entity('gateway_refund_history')
@Check('chk_gateway_refund_history_actor_kind', `"actor_kind" IN ('customer', 'admin', 'system')`)
@Index('idx_gateway_refund_history_out_refund_no_id', ['outRefundNo', 'id'])
export class GatewayRefundHistory extends StatusHistoryRow {
  @Column({ type: 'varchar', length: 64 })
  outRefundNo: string;

  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  /** Why: the staff note, the gateway's refusal, or the refund's reason on creation. */
  @Column({ type: 'varchar', length: 500, default: '' })
  note: string;
}
