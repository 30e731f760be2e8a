import { Column, Entity, Index } from 'typeorm';
import { EditableRow } from '../../common/database/base.entity.js';

/** A banner image of a group (`type`, AnqiCMS's "default" unless staff name another). */
@Entity('banners')
@Index('idx_banners_type', ['type', 'sort', 'id'])
export class Banner extends EditableRow {
  @Column({ type: 'varchar', length: 50, default: 'default' })
  type: string;

  @Column({ type: 'varchar', length: 512 })
  logo: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  link: string;

  @Column({ type: 'varchar', length: 250, default: '' })
  alt: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description: string;

  /** Ascending, then by id. */
  @Column({ type: 'int', default: 0 })
  sort: number;
}
