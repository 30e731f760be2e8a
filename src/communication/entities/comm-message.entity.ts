import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { CommOrder } from './comm-order.entity.js';

export const SENDER_TYPES = ['user', 'admin', 'system'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

export const MESSAGE_TYPES = [
  'text',
  'image',
  'quote',
  'video',
  'file',
  'audio',
  'location',
  'contact',
  'sticker',
  'unknown',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** One message of a request's thread. Rows are never updated or deleted. */
@Entity('comm_messages')
@Check('chk_comm_messages_sender_type', `"sender_type" IN (${quoted(SENDER_TYPES)})`)
@Check('chk_comm_messages_message_type', `"message_type" IN (${quoted(MESSAGE_TYPES)})`)
@Index('idx_comm_messages_thread', ['commOrderId', 'id'])
export class CommMessage {
  /** BIGINT (threads are long-lived and many); read back as a number. */
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintToNumber })
  id: number;

  @Column({ type: 'int' })
  commOrderId: number;

  @ManyToOne(() => CommOrder, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'comm_order_id' })
  commOrder?: Relation<CommOrder>;

  /** users.id for `user`, admins.id for `admin`, 0 for `system`. Always from the token. */
  @Column({ type: 'int', default: 0 })
  senderId: number;

  @Column({ type: 'varchar', length: 8 })
  senderType: SenderType;

  /** Display name at the time of sending. */
  @Column({ type: 'varchar', length: 64, default: '' })
  senderName: string;

  @Column({ type: 'varchar', length: 16 })
  messageType: MessageType;

  @Column({ type: 'text' })
  content: string;

  /** For `quote` messages: the comm_quotes version it announces; 0 otherwise. */
  @Column({ type: 'int', default: 0 })
  quoteVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdTime: Date;
}
