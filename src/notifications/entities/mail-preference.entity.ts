import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerCategory } from '../mail-kinds.js';

/** The mail categories a customer switched off (no row: every category on). */
@Entity('mail_preferences')
export class MailPreference {
  @PrimaryColumn({ type: 'int' })
  userId: number;

  @Column({ type: 'jsonb', default: [] })
  disabled: CustomerCategory[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedTime: Date;
}
