import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { CommOrderStatus } from '../comm-order-status.js';
import { CreatedRow } from '../../common/database/base.entity.js';

/** An `order_extra` value: a flat object of strings and numbers (validated on input). */
export type OrderExtra = Record<string, string | number>;

/**
 * A communication order (customization request, AnqiCMS "communication order").
 * `status` is written only by CommOrderTransitionService; `version` is bumped by every change of
 * the request itself (not by messages or read marks), for optimistic concurrency.
 * The thread counters (message_count, unread counts, waiting_since) are kept in step with
 * comm_messages in the same transaction as each message, so lists never count threads.
 */
@Entity('comm_orders')
@Check('chk_comm_orders_status', '"status" IN (-1, 0, 1, 2, 3, 4)')
@Check('chk_comm_orders_accepted_has_order', '("status" = 3) = ("order_id" IS NOT NULL)')
@Check('chk_comm_orders_quoted_has_quote', '"status" <> 2 OR "quote_version" > 0')
@Check('chk_comm_orders_quote_amount', '"quote_amount" >= 0')
@Check(
  'chk_comm_orders_counters',
  '"message_count" >= 0 AND "customer_unread_count" >= 0 AND "staff_unread_count" >= 0',
)
@Index('idx_comm_orders_user_id', ['userId', 'id'])
@Index('idx_comm_orders_status', ['status', 'id'])
@Index('idx_comm_orders_archive_id', ['archiveId', 'id'])
// (waiting_since ASC NULLS LAST, id DESC): the staff list's default order, see the migration.
@Index('idx_comm_orders_waiting_order', { synchronize: false })
@Index('idx_comm_orders_waiting_since', ['waitingSince', 'id'], {
  where: '"waiting_since" IS NOT NULL',
})
@Index('idx_comm_orders_staff_unread', ['id'], { where: '"staff_unread_count" > 0' })
@Index('uq_comm_orders_order_id', ['shopOrderRowId'], {
  unique: true,
  where: '"order_id" IS NOT NULL',
})
export class CommOrder extends CreatedRow {
  /** The customer who opened the request. */
  @Column({ type: 'int' })
  userId: number;

  /** The product (AnqiCMS archive) the request is about. */
  @Column({ type: 'int' })
  archiveId: number;

  /**
   * The shop order created by accept: its row id (orders.id), not its number (orders.order_id);
   * NULL until then. Column and wire name stay `order_id` (0 on the wire until accepted).
   */
  @Column({ name: 'order_id', type: 'int', nullable: true })
  shopOrderRowId: number | null;

  @Column({ type: 'varchar', length: 32 })
  phone: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  images: string[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  sketchImages: string[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  finishedImages: string[];

  @Column({ type: 'varchar', length: 32, default: '' })
  eventDate: string;

  @Column({ type: 'smallint', default: CommOrderStatus.Pending })
  status: CommOrderStatus;

  /** The staff member handling the request (set by the first staff reply or quote); 0 = none. */
  @Column({ type: 'int', default: 0 })
  adminId: number;

  /** The current quote, normalised decimal string in currency units ("9900", "99.50"). */
  @Column({ type: 'varchar', length: 16, default: '' })
  quotePrice: string;

  /** The current quote in fen. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  quoteAmount: number;

  @Column({ type: 'text', default: '' })
  quoteContent: string;

  /** Version of the current quote (comm_quotes.version); 0 = never quoted. */
  @Column({ type: 'int', default: 0 })
  quoteVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  quoteValidUntil: Date | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  orderExtra: OrderExtra;

  /** AnqiCMS's form-field definitions for the request; a snapshot, empty until forms exist. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  orderFields: Record<string, unknown>[];

  @Column({ type: 'varchar', length: 500, default: '' })
  cancelReason: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  rejectReason: string;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedTime: Date | null;

  @Column({ type: 'int', default: 0 })
  messageCount: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  lastMessageId: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastMessageTime: Date | null;

  /** Read state of each side: the last message id it has read. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  customerLastReadId: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  staffLastReadId: number;

  /** Messages after the last read one that the other side (or the system) wrote. */
  @Column({ type: 'int', default: 0 })
  customerUnreadCount: number;

  @Column({ type: 'int', default: 0 })
  staffUnreadCount: number;

  /** Since when the customer waits for a staff answer (oldest unanswered); NULL = not waiting. */
  @Column({ type: 'timestamptz', nullable: true })
  waitingSince: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  /** Last change of the request itself (fields or status), set explicitly by each update. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedTime: Date;
}
