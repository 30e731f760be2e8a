import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { CreatedRow } from '../../common/database/base.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/** One try of a delivery: what the receiver answered (or why nothing was sent). */
@Entity('webhook_attempts')
@Index('idx_webhook_attempts_delivery', ['deliveryId', 'id'])
export class WebhookAttempt extends CreatedRow {
  @Column({ type: 'int' })
  deliveryId: number;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: Relation<WebhookDelivery>;

  /** HTTP status; null when no answer came (refused target, connection error, timeout). */
  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'int' })
  durationMs: number;

  /** The first 2 KB of the answer's body. */
  @Column({ type: 'text', default: '' })
  response: string;

  /** Why the try failed without an HTTP status, or what was wrong with it; '' on success. */
  @Column({ type: 'varchar', length: 500, default: '' })
  error: string;
}
