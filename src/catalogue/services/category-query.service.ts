import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueErrors, CategoryErrors } from '../catalogue.errors.js';
import { CategoryRow, toCategoryResponse } from '../category.mapper.js';
import {
  CategoryDetailQueryDto,
  CategoryListQueryDto,
  PageDetailQueryDto,
  StaffCategoryListQueryDto,
} from '../dto/category.request.dto.js';
import { CategoryResponseDto } from '../dto/category.response.dto.js';
import { CATEGORY_TYPE } from '../entities/category.entity.js';
import { likePattern, parseLimit } from '../list-window.js';
import { SqlParams } from '../../common/database/sql-params.js';

/** Without `limit` a category list answers at most this many (a shop has far fewer). */
const MAX_CATEGORIES = 1000;

const COLUMNS = `c.id, c.created_time, c.updated_time, c.title, c.seo_title, c.keywords,
  c.url_token, c.description, c.module_id, c.parent_id, c.sort, c.images, c.logo, c.type, c.status`;

/**
 * Every category list is one statement: a recursive walk from the top-level categories gives
 * each row its tree path (sort, id of every ancestor), so "all" lists come out in tree order
 * (parent, then its children) and direct-children lists by sort then id, as AnqiCMS sorts them.
 */
function treeSelect(where: string[], hasChildrenFilter: string): string {
  return `WITH RECURSIVE tree AS (
      SELECT id, ARRAY[sort, id] AS path, 0 AS level FROM categories WHERE parent_id = 0
      UNION ALL
      SELECT c.id, tree.path || ARRAY[c.sort, c.id], tree.level + 1
      FROM categories c JOIN tree ON c.parent_id = tree.id
    )
    SELECT ${COLUMNS}, tree.level,
      EXISTS (SELECT 1 FROM categories ch WHERE ch.parent_id = c.id ${hasChildrenFilter}) AS has_children
    FROM categories c JOIN tree ON tree.id = c.id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY tree.path`;
}

/** Reading categories: customers see shown ones (status 1), staff all of them. */
@Injectable()
export class CategoryQueryService {
  constructor(private readonly dataSource: DataSource) {}

  /** AnqiCMS filters: moduleId (top level only, as AnqiCMS), parentId, all, limit. */
  async publicList(query: CategoryListQueryDto): Promise<CategoryResponseDto[]> {
    const params = new SqlParams();
    const where = ['c.status = 1', `c.type = ${CATEGORY_TYPE.category}`];
    const parentId = query.parentId ?? 0;
    if (parentId === 0 && query.moduleId) where.push(`c.module_id = ${params.add(query.moduleId)}`);
    if (!query.all) where.push(`c.parent_id = ${params.add(parentId)}`);
    const { offset, limit } = query.limit
      ? parseLimit(query.limit)
      : { offset: 0, limit: MAX_CATEGORIES };
    const rows = await this.dataSource.query<CategoryRow[]>(
      `${treeSelect(where, 'AND ch.status = 1')} LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`,
      params.values,
    );
    return rows.map(toCategoryResponse);
  }

  /** By id, else by url_token (`filename`, `catname` or `url_token`); shown categories only. */
  async publicDetail(query: CategoryDetailQueryDto): Promise<CategoryResponseDto> {
    const token = (query.catname || query.filename || query.url_token || '').toLowerCase();
    if (!query.id && !token) throw CategoryErrors.notFound();
    const category = await this.findOne(
      query.id ? 'c.id = $1' : 'c.url_token = $1',
      query.id || token,
      true,
    );
    if (!category || category.status !== 1 || category.type !== CATEGORY_TYPE.category)
      throw CategoryErrors.notFound();
    return category;
  }

  /**
   * GET /api/page/detail: a shown single page by `id`, else by url_token (`filename`, as the
   * mini-program's About and Contact tabs ask, or `url_token`).
   */
  async publicPage(query: PageDetailQueryDto): Promise<CategoryResponseDto> {
    const token = (query.filename || query.url_token || '').toLowerCase();
    if (!query.id && !token) throw CategoryErrors.pageNotFound();
    const page = await this.findOne(
      `${query.id ? 'c.id = $1' : 'c.url_token = $1'} AND c.type = ${CATEGORY_TYPE.page}`,
      query.id || token,
      true,
    );
    if (!page || page.status !== 1) throw CategoryErrors.pageNotFound();
    return page;
  }

  async staffList(query: StaffCategoryListQueryDto): Promise<CategoryResponseDto[]> {
    const params = new SqlParams();
    const where: string[] = [`c.type = ${params.add(query.type ?? CATEGORY_TYPE.category)}`];
    if (query.module_id) where.push(`c.module_id = ${params.add(query.module_id)}`);
    if (query.title)
      where.push(`c.title ILIKE ${params.add(likePattern(query.title))} ESCAPE '\\'`);
    const rows = await this.dataSource.query<CategoryRow[]>(
      `${treeSelect(where, '')} LIMIT ${params.add(MAX_CATEGORIES)}`,
      params.values,
    );
    return rows.map(toCategoryResponse);
  }

  async staffDetail(id: number, manager?: EntityManager): Promise<CategoryResponseDto> {
    const category = await this.findOne('c.id = $1', id, true, manager);
    if (!category) throw CategoryErrors.notFound();
    return category;
  }

  /** The `category` of a product detail (hidden categories too: the product is what is shown). */
  async forProduct(categoryId: number): Promise<CategoryResponseDto | null> {
    return categoryId > 0 ? this.findOne('c.id = $1', categoryId, false) : null;
  }

  /**
   * For a product save inside its transaction: share-locks the category so that a concurrent
   * delete waits for this save (and then sees the product) or has already removed it (then this
   * save is refused). Answers the category's module, which the product takes.
   */
  async lockForAssignment(manager: EntityManager, categoryId: number): Promise<number> {
    const rows = await manager.query<{ module_id: number }[]>(
      `SELECT module_id FROM categories WHERE id = $1 AND type = ${CATEGORY_TYPE.category} FOR SHARE`,
      [categoryId],
    );
    if (!rows.length) throw CatalogueErrors.categoryNotFound();
    return rows[0].module_id;
  }

  private async findOne(
    condition: string,
    value: unknown,
    withContent: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CategoryResponseDto | null> {
    const rows = await manager.query<CategoryRow[]>(
      `SELECT ${COLUMNS}${withContent ? ', c.content' : ''},
        EXISTS (SELECT 1 FROM categories ch WHERE ch.parent_id = c.id) AS has_children
       FROM categories c WHERE ${condition}`,
      [value],
    );
    return rows.length ? toCategoryResponse(rows[0]) : null;
  }
}
