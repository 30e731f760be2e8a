import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { CreatedRow } from '../../common/database/base.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The outbox: one row per (event, endpoint), written by the webhooks event consumer in the
 * transaction that moves its position (the unique index makes a second write a no-op), sent by
 * the delivery worker after commit. `tries` counts the claims; a claim also sets `locked_until`,
 * after which a crashed instance's claim is due again.
 */
@Entity('webhook_deliveries')
@Check('chk_webhook_deliveries_status', `"status" IN ('pending', 'delivered', 'failed')`)
@Index('uq_webhook_deliveries_event_endpoint', ['eventId', 'endpointId'], { unique: true })
@Index('idx_webhook_deliveries_endpoint', ['endpointId', 'id'])
@Index('idx_webhook_deliveries_due', ['nextTryAt'], { where: `"status" = 'pending'` })
export class WebhookDelivery extends CreatedRow {
  @Column({ type: 'int' })
  endpointId: number;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: Relation<WebhookEndpoint>;

  /** domain_events.id (no foreign key: the event log is pruned, deliveries keep their history). */
  @Column({ type: 'bigint' })
  eventId: string;

  @Column({ type: 'varchar', length: 48 })
  eventType: string;

  /** The JSON body, fixed when the row is written: every try sends (and signs) the same text. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  tries: number;

  /** When it is due (pending), null once delivered or failed. */
  @Column({ type: 'timestamptz', nullable: true })
  nextTryAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredTime: Date | null;
}
