import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Read your own writes across instances (docs/scaling.md): the primary's WAL position after an
 * account's last write request, as bytes. Written only when replicas are configured; one row per
 * account that wrote, overwritten on each write.
 */
@Entity('read_positions')
export class ReadPosition {
  /** `user:<id>` or `admin:<id>`. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  accountKey: string;

  /** pg_current_wal_lsn() − '0/0' right after the write committed. */
  @Column({ type: 'bigint' })
  lsn: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedTime: Date;
}
