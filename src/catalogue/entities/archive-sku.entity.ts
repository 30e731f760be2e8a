import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { Relation } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { Archive } from './archive.entity.js';
import { EditableRow } from '../../common/database/base.entity.js';

/**
 * A variant of a product (`goods_sku_id` on orders) with its own price and stock. Never deleted:
 * a SKU dropped from the product is disabled (status 0) so old order lines keep resolving it.
 */
@Entity('archive_skus')
@Check('chk_archive_skus_stock_not_negative', '"stock" >= 0')
@Check('chk_archive_skus_price_not_negative', '"price" >= 0')
@Index('idx_archive_skus_archive_id', ['archiveId', 'id'])
export class ArchiveSku extends EditableRow {
  @Column({ type: 'int' })
  archiveId: number;

  @ManyToOne(() => Archive, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'archive_id' })
  archive?: Relation<Archive>;

  @Column({ type: 'varchar', length: 250 })
  title: string;

  /** Unit price in fen. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  price: number;

  @Column({ type: 'int', default: 0 })
  stock: number;

  /** 1 = can be bought, 0 = disabled (removed from the product, kept for order history). */
  @Column({ type: 'smallint', default: 1 })
  status: number;
}
