import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { CommOrder } from './comm-order.entity.js';
import { CreatedRow } from '../../common/database/base.entity.js';

/** One row per status change, written by the transition service only: who, when, from → to. */
@Entity('comm_order_history')
@Index('idx_comm_order_history_order', ['commOrderId', 'id'])
export class CommOrderHistory extends CreatedRow {
  @Column({ type: 'int' })
  commOrderId: number;

  @ManyToOne(() => CommOrder, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'comm_order_id' })
  commOrder?: Relation<CommOrder>;

  @Column({ type: 'varchar', length: 16 })
  action: string;

  @Column({ type: 'smallint' })
  fromStatus: number;

  @Column({ type: 'smallint' })
  toStatus: number;

  /** `customer` or `staff`. */
  @Column({ type: 'varchar', length: 8 })
  actorType: string;

  @Column({ type: 'int' })
  actorId: number;

  @Column({ type: 'varchar', length: 500, default: '' })
  note: string;
}
