import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One group of shop settings (`system`, `contact`, `index`) as a JSON object of AnqiCMS's
 * snake_case fields. Partial saves merge into it in one statement (`value || $new`), so two
 * staff saving different fields at once both keep their change.
 */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  key: string;

  @Column({ type: 'jsonb' })
  value: Record<string, string | number>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedTime: Date;
}
