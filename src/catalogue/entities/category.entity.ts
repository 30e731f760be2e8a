import { Check, Column, Entity, Index } from 'typeorm';
import { EditableRow } from '../../common/database/base.entity.js';

/** AnqiCMS's product module id: products (and the categories they sit in) belong to it. */
export const PRODUCT_MODULE_ID = 2;

/** AnqiCMS's category types kept here: product categories and single pages (About, Contact). */
export const CATEGORY_TYPE = { category: 1, page: 3 } as const;
export const CATEGORY_TYPES = [CATEGORY_TYPE.category, CATEGORY_TYPE.page] as const;

/**
 * A catalogue category (AnqiCMS "category"): a tree through `parentId` (0 = top level). Deleted
 * for real, but only when no live product and no child category uses it (CategoryAdminService
 * locks the row, so a racing product save or child creation either lands first and blocks the
 * delete, or finds the category gone).
 */
@Entity('categories')
@Check('chk_categories_not_own_parent', '"parent_id" <> "id"')
@Index('uq_categories_url_token', ['urlToken'], { unique: true })
@Index('idx_categories_parent', ['parentId', 'sort', 'id'])
@Index('idx_categories_module', ['moduleId', 'sort', 'id'])
@Index('idx_categories_type', ['type', 'sort', 'id'])
@Check('chk_categories_type', '"type" IN (1, 3)')
@Check('chk_categories_page_top_level', '"type" = 1 OR "parent_id" = 0')
export class Category extends EditableRow {
  @Column({ type: 'varchar', length: 250 })
  title: string;

  @Column({ type: 'varchar', length: 250, default: '' })
  seoTitle: string;

  @Column({ type: 'varchar', length: 250, default: '' })
  keywords: string;

  /** URL slug, unique among categories, lower-case `[a-z0-9_-]`. */
  @Column({ type: 'varchar', length: 190 })
  urlToken: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description: string;

  /** Rich text (sanitised HTML, see rich-text.ts). Not read by lists. */
  @Column({ type: 'text', default: '', select: false })
  content: string;

  @Column({ type: 'int', default: PRODUCT_MODULE_ID })
  moduleId: number;

  @Column({ type: 'int', default: 0 })
  parentId: number;

  /** Ascending: lower first (AnqiCMS default 99). */
  @Column({ type: 'int', default: 99 })
  sort: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  images: string[];

  @Column({ type: 'varchar', length: 512, default: '' })
  logo: string;

  /** CATEGORY_TYPES: 1 = product category, 3 = single page (AnqiCMS's numbers). */
  @Column({ type: 'smallint', default: 1 })
  type: number;

  /** 1 = shown to customers, 0 = hidden. */
  @Column({ type: 'smallint', default: 1 })
  status: number;
}
