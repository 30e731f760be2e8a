import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The staff's mail settings: one row. `password` is write-only: never put in a response or a
 * log line (MailSettingsService answers `has_password`).
 */
@Entity('mail_settings')
@Check('chk_mail_settings_one_row', '"id" = 1')
export class MailSetting {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ type: 'jsonb', default: {} })
  settings: Record<string, unknown>;

  @Column({ type: 'text', default: '' })
  password: string;

  @Column({ type: 'int', default: 0 })
  adminId: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedTime: Date;
}
