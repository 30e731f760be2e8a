import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The columns most tables share, declared once (the idea of Vendure's VendureEntity): a serial
 * `id` and `created_time`. Rows that are written once (history, ledger, quotes...) extend this.
 */
export abstract class CreatedRow {
  @PrimaryGeneratedColumn()
  id: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdTime: Date;
}

/** A row that changes after it is written: `updated_time` too, set by TypeORM on save and update. */
export abstract class EditableRow extends CreatedRow {
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedTime: Date;
}
