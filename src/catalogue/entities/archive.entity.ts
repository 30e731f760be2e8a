import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { PRODUCT_MODULE_ID } from './category.entity.js';
import { EditableRow } from '../../common/database/base.entity.js';

/**
 * A product on sale: an AnqiCMS "archive". Never hard-deleted (order lines keep pointing at it):
 * `deletedTime` hides it from customers and from the staff list, while order history still
 * renders it. Stock is only changed by conditional UPDATEs (CatalogueService) and the CHECK
 * below, so it can never go negative, whatever races.
 */
@Entity('archives')
@Check('chk_archives_stock_not_negative', '"stock" >= 0')
@Check('chk_archives_price_not_negative', '"price" >= 0')
@Index('uq_archives_url_token', ['urlToken'], {
  unique: true,
  where: '"deleted_time" IS NULL',
})
// Public list (newest first, optionally per category): only what customers may see.
@Index('idx_archives_public', ['id'], { where: '"status" = 1 AND "deleted_time" IS NULL' })
@Index('idx_archives_public_category', ['categoryId', 'id'], {
  where: '"status" = 1 AND "deleted_time" IS NULL',
})
// Staff list (all statuses, optionally filtered by status).
@Index('idx_archives_staff_status', ['status', 'id'], { where: '"deleted_time" IS NULL' })
@Index('idx_archives_user_id', ['userId'])
// "Does a live product use this category?" (category delete) and staff lists by category.
@Index('idx_archives_live_category', ['categoryId', 'id'], { where: '"deleted_time" IS NULL' })
export class Archive extends EditableRow {
  @Column({ type: 'varchar', length: 250 })
  title: string;

  @Column({ type: 'varchar', length: 250, default: '' })
  seoTitle: string;

  /** URL slug; unique among live products (a deleted product frees its token). */
  @Column({ type: 'varchar', length: 190 })
  urlToken: string;

  @Column({ type: 'varchar', length: 250, default: '' })
  keywords: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description: string;

  /** AnqiCMS module; a product in a category takes the category's module. */
  @Column({ type: 'int', default: PRODUCT_MODULE_ID })
  moduleId: number;

  @Column({ type: 'int', default: 0 })
  categoryId: number;

  @Column({ type: 'int', default: 0 })
  views: number;

  @Column({ type: 'int', default: 0 })
  commentCount: number;

  /** Image URLs (at most 20, validated by the request DTO). */
  @Column({ type: 'jsonb' })
  images: string[];

  @Column({ type: 'varchar', length: 512, default: '' })
  logo: string;

  /** Rich text staff edit (sanitised HTML); `data.content` of the detail. Lists never read it. */
  @Column({ type: 'text', default: '', select: false })
  content: string;

  /** Short labels shown on the product page (`tags`). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ type: 'varchar', length: 512, default: '' })
  thumb: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  canonicalUrl: string;

  @Column({ type: 'varchar', length: 190, default: '' })
  fixedLink: string;

  /** 1 = on sale (shown to customers), 0 = hidden. */
  @Column({ type: 'smallint', default: 1 })
  status: number;

  /** The seller (a customer account, assigned by staff); 0 = the shop itself. */
  @Column({ type: 'int', default: 0 })
  userId: number;

  /** Unit price in fen (used when the product is bought without a SKU). */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  price: number;

  /** Stock of the product itself (products with SKUs keep stock per SKU). */
  @Column({ type: 'int', default: 0 })
  stock: number;

  @Column({ type: 'timestamptz', nullable: true })
  deletedTime: Date | null;
}
