import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One gateway's settings as staff saved them. `secrets` (private keys, API keys) is write-only:
 * it is never put in a response or a log line (PaymentSettingsService answers `has_*` flags).
 */
@Entity('payment_gateway_settings')
export class PaymentGatewaySetting {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  gateway: string;

  @Column({ type: 'jsonb', default: {} })
  settings: Record<string, string | boolean>;

  @Column({ type: 'jsonb', default: {} })
  secrets: Record<string, string>;

  @Column({ type: 'int', default: 0 })
  adminId: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedTime: Date;
}
