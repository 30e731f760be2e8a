import { Column } from 'typeorm';
import { CreatedRow } from './base.entity.js';

/**
 * The columns of a money row's status history (payment_history, gateway_refund_history): what
 * was done, who did it (`customer`, `admin` or `system`, AnqiCMS's spelling as in
 * order_history), and from → to (from is null for the row's creation). Each table adds the keys
 * of what it records and its note.
 */
export abstract class StatusHistoryRow extends CreatedRow {
  /** The machine's action, or 'create'. */
  @Column({ type: 'varchar', length: 16 })
  action: string;

  @Column({ type: 'varchar', length: 16 })
  actorKind: string;

  /** users.id or admins.id; 0 for the system. */
  @Column({ type: 'int', default: 0 })
  actorId: number;

  @Column({ type: 'smallint', nullable: true })
  fromStatus: number | null;

  @Column({ type: 'smallint' })
  toStatus: number;
}
