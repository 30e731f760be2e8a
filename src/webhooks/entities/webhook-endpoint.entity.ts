import { Column, Entity } from 'typeorm';
import { EditableRow } from '../../common/database/base.entity.js';

/**
 * A receiver of webhooks: where to send, which event types, and its signing secrets. The
 * secrets are never selected by default (`select: false`): only the delivery worker reads them,
 * by name, so no list, detail or log can carry one by accident.
 */
@Entity('webhook_endpoints')
export class WebhookEndpoint extends EditableRow {
  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  /** Event types from the event catalogue (a JSON array of strings). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  events: string[];

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Why the server disabled it (the receiver answered 410, or it failed for days); null otherwise. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  disabledReason: string | null;

  /** Since when every try failed (null: the last try succeeded, or none failed yet). */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @Column({ type: 'varchar', length: 64, select: false })
  secret: string;

  /** The secret before the last rotation: it signs too until previousSecretExpiresAt. */
  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;
}
