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
import { CategoryKey, CategoryQueries } from '../category.queries.js';

/** Without `limit` a category list answers at most this many (a shop has far fewer). */
const MAX_CATEGORIES = 1000;

/** Reading categories: customers see shown ones (status 1), staff all of them. */
@Injectable()
export class CategoryQueryService {
  constructor(private readonly dataSource: DataSource) {}

  /** AnqiCMS filters: moduleId (top level only, as AnqiCMS), parentId, all, limit. */
  async publicList(query: CategoryListQueryDto): Promise<CategoryResponseDto[]> {
    const parentId = query.parentId ?? 0;
    const { offset, limit } = query.limit
      ? parseLimit(query.limit)
      : { offset: 0, limit: MAX_CATEGORIES };
    const rows = await this.dataSource.query<CategoryRow[]>(
      ...CategoryQueries.publicList({
        moduleId: parentId === 0 && query.moduleId ? query.moduleId : undefined,
        parentId: query.all ? undefined : parentId,
        limit,
        offset,
      }),
    );
    return rows.map(toCategoryResponse);
  }

  /** By id, else by url_token (`filename`, `catname` or `url_token`); shown categories only. */
  async publicDetail(query: CategoryDetailQueryDto): Promise<CategoryResponseDto> {
    const token = (query.catname || query.filename || query.url_token || '').toLowerCase();
    if (!query.id && !token) throw CategoryErrors.notFound();
    const category = await this.findOne(query.id ? { id: query.id } : { urlToken: token }, {
      withContent: true,
    });
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
    const page = await this.findOne(query.id ? { id: query.id } : { urlToken: token }, {
      withContent: true,
      pageOnly: true,
    });
    if (!page || page.status !== 1) throw CategoryErrors.pageNotFound();
    return page;
  }

  async staffList(query: StaffCategoryListQueryDto): Promise<CategoryResponseDto[]> {
    const rows = await this.dataSource.query<CategoryRow[]>(
      ...CategoryQueries.staffList({
        type: query.type ?? CATEGORY_TYPE.category,
        moduleId: query.module_id || undefined,
        titlePattern: query.title ? likePattern(query.title) : undefined,
        limit: MAX_CATEGORIES,
      }),
    );
    return rows.map(toCategoryResponse);
  }

  async staffDetail(id: number, manager?: EntityManager): Promise<CategoryResponseDto> {
    const category = await this.findOne({ id }, { withContent: true }, manager);
    if (!category) throw CategoryErrors.notFound();
    return category;
  }

  /** A product's `category` from productCategorySql's JSON (category.queries.ts; times as ISO strings). */
  productCategoryOf(json: unknown): CategoryResponseDto | null {
    if (!json) return null;
    const row = json as Omit<CategoryRow, 'created_time' | 'updated_time'> & {
      created_time: string;
      updated_time: string;
    };
    return toCategoryResponse({
      ...row,
      created_time: new Date(row.created_time),
      updated_time: new Date(row.updated_time),
    });
  }

  /**
   * For a product save inside its transaction: share-locks the category so that a concurrent
   * delete waits for this save (and then sees the product) or has already removed it (then this
   * save is refused). Answers the category's module, which the product takes.
   */
  async lockForAssignment(manager: EntityManager, categoryId: number): Promise<number> {
    const rows = await manager.query<{ module_id: number }[]>(CategoryQueries.lockForAssignment, [
      categoryId,
    ]);
    if (!rows.length) throw CatalogueErrors.categoryNotFound();
    return rows[0].module_id;
  }

  private async findOne(
    by: CategoryKey,
    options: { withContent: boolean; pageOnly?: boolean },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CategoryResponseDto | null> {
    const rows = await manager.query<CategoryRow[]>(...CategoryQueries.one(by, options));
    return rows.length ? toCategoryResponse(rows[0]) : null;
  }
}
