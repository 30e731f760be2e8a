import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { CommOrder } from './comm-order.entity.js';
import { CreatedRow } from '../../common/database/base.entity.js';

/**
 * One quote of a request. Immutable: a new quote is a new row with the next version; the request
 * row points at the current one (comm_orders.quote_version), and accept names the version it saw.
 */
@Entity('comm_quotes')
@Index('uq_comm_quotes_version', ['commOrderId', 'version'], { unique: true })
@Check('chk_comm_quotes_amount', '"amount" > 0')
@Check('chk_comm_quotes_version', '"version" > 0')
export class CommQuote extends CreatedRow {
  @Column({ type: 'int' })
  commOrderId: number;

  @ManyToOne(() => CommOrder, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'comm_order_id' })
  commOrder?: Relation<CommOrder>;

  @Column({ type: 'int' })
  version: number;

  /** Normalised decimal string in currency units, as sent on the wire. */
  @Column({ type: 'varchar', length: 16 })
  price: string;

  /** The same amount in fen: what accept charges. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ type: 'text', default: '' })
  content: string;

  @Column({ type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  /** admins.id of the staff member who quoted. */
  @Column({ type: 'int' })
  createdBy: number;
}
