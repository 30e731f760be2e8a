import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import type { MailAudience, MailKind, MailStatus } from '../mail-kinds.js';

/**
 * One mail to one recipient. The mail consumer inserts it (in the transaction that moves its
 * position in the event log), the worker claims, renders and sends it after commit. Only ids are
 * stored for event mails: the content is rendered at send time from the other modules' contracts.
 */
@Entity('mail_outbox')
@Check('chk_mail_outbox_audience', `"audience" IN ('customer', 'staff')`)
@Check('chk_mail_outbox_status', `"status" IN ('pending', 'sending', 'sent', 'failed', 'skipped')`)
@Index('idx_mail_outbox_due', ['dueTime'], { where: `"status" IN ('pending', 'sending')` })
@Index('idx_mail_outbox_list', ['id'], { where: `"status" <> 'skipped'` })
export class MailOutboxRow {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintToNumber })
  id: number;

  /** One row per (event, recipient), or per (thread, recipient, batch window). */
  @Index('uq_mail_outbox_dedupe_key', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 32 })
  kind: MailKind;

  @Column({ type: 'varchar', length: 8 })
  audience: MailAudience;

  /** The customer (customer mails); 0 for staff mails. */
  @Column({ type: 'int', default: 0 })
  userId: number;

  /** Staff: the address from the settings; customers: the account's address when sent. */
  @Column({ type: 'varchar', length: 254, default: '' })
  address: string;

  @Column({ type: 'int', nullable: true })
  commOrderId: number | null;

  /** The shop order's number (orders.order_id), as in the event. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  orderId: string | null;

  /** The first message of a batch (batched kinds). */
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  messageId: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  eventId: number | null;

  /** Set when sent (event mails) or when queued (staff notices from other modules). */
  @Column({ type: 'varchar', length: 300, default: '' })
  subject: string;

  /** Staff notices only: their text, given by the module that queued them. */
  @Column({ type: 'text', default: '' })
  body: string;

  @Column({ type: 'varchar', length: 8, default: 'pending' })
  status: MailStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 1000, default: '' })
  lastError: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  dueTime: Date;

  /** While `sending`: another worker may take the row over after this. */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentTime: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdTime: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedTime: Date;
}
