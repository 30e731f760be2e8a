import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One staff action: who (id and the name at the time), what (action), to what (entity type and
 * id), when, from which address, in which request. Written in the transaction of the change, so a
 * change that rolls back leaves no row and a committed one always has its row. Never updated.
 */
@Entity('audit_logs')
@Index('idx_audit_logs_admin', ['adminId', 'id'])
@Index('idx_audit_logs_entity', ['entityType', 'entityId', 'id'])
@Index('idx_audit_logs_created', ['createdTime'])
export class AuditLog {
  /** BIGINT: pg returns it as a string; the mapper makes it a number (far below 2^53). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'int' })
  adminId: number;

  /** The staff member's user name when they acted (accounts may be renamed later). */
  @Column({ type: 'varchar', length: 64 })
  adminName: string;

  /** `<entity>.<verb>`, e.g. `order.deliver`, `staff.disable` (catalogue in docs/staff.md). */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  /** order, request, product, coupon, coupon_code, balance, account, group... */
  @Column({ type: 'varchar', length: 32 })
  entityType: string;

  /** The entity's id as the API names it (an order's order_id, otherwise the numeric id). */
  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  /** What changed, briefly (statuses, amounts, reasons); never secrets. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  details: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64, default: '' })
  ip: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  requestId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdTime: Date;
}
