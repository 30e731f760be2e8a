import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { Page } from '../../common/http/envelope.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { JsonRows } from '../../common/database/json-rows.js';
import { ReadReplicas } from '../../common/database/read-replicas.service.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import {
  ArchiveListQueryDto,
  StaffArchiveListQueryDto,
  StaffArchiveStatus,
} from '../dto/archive.request.dto.js';
import { GoodsWithSkusResponseDto } from '../dto/goods.response.dto.js';
import { ArchiveSku } from '../entities/archive-sku.entity.js';
import { Archive } from '../entities/archive.entity.js';
import { toGoodsDetail, toGoodsWithSkus } from '../goods.mapper.js';
import { likePattern, listWindow, parseOrder } from '../list-window.js';
import { CategoryQueryService } from './category-query.service.js';

/** The named categories and, unless `child=false`, everything below them (one recursive CTE). */
/** The staff list's `status` → the product status it keeps ('' = all; plan matches nothing). */
const STAFF_STATUS_FILTER: Record<StaffArchiveStatus, number | undefined> = {
  '': undefined,
  ok: 1,
  draft: 0,
  plan: undefined,
  '1': 1,
  '0': 0,
};

const CATEGORY_SUBTREE = `(WITH RECURSIVE sub(id) AS (
    SELECT c.id FROM categories c WHERE c.id IN (:...categoryIds)
    UNION
    SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id
  ) SELECT id FROM sub)`;

/**
 * Reading products. Customers see only products on sale (status 1, not deleted) and their
 * enabled SKUs; staff see hidden products and disabled SKUs too. A list or a detail is ONE
 * statement whatever the page size or category depth: the page (category subtree and related
 * product as sub-queries), its total (COUNT(*) OVER (), not for type=list/related) and each
 * row's SKUs as JSON; a detail adds its category. Only a page past the end, which has no row to
 * carry the total, counts apart.
 */
@Injectable()
export class ArchiveQueryService {
  private readonly archiveRows: JsonRows<Archive>;
  private readonly skuRows: JsonRows<ArchiveSku>;

  constructor(
    @InjectRepository(Archive) private readonly archives: Repository<Archive>,
    private readonly categories: CategoryQueryService,
    private readonly reads: ReadReplicas,
  ) {
    this.archiveRows = new JsonRows(archives.manager.connection, Archive);
    this.skuRows = new JsonRows(archives.manager.connection, ArchiveSku);
  }

  /** On a replica when one is fresh enough (ReadReplicas): nobody's own writes to wait for. */
  async publicList(query: ArchiveListQueryDto): Promise<Page<GoodsWithSkusResponseDto>> {
    return this.reads.read(undefined, (manager) => {
      const qb = manager
        .getRepository(Archive)
        .createQueryBuilder('a')
        .where('a.status = 1 AND a.deleted_time IS NULL');
      this.filtered(qb, query);
      if (query.type === 'related') {
        // AnqiCMS's default "related": the nearest products by id in the product's category.
        const id = query.id ?? 0;
        qb.andWhere('a.id <> :relatedId', { relatedId: id });
        if (id > 0)
          qb.andWhere(
            'a.category_id = (SELECT r.category_id FROM archives r WHERE r.id = :relatedId AND r.status = 1 AND r.deleted_time IS NULL)',
          );
        return this.page(qb, query, true, false, (q) =>
          q.orderBy('ABS(a.id - :relatedId)', 'ASC').addOrderBy('a.id', 'DESC'),
        );
      }
      return this.page(qb, query, true, query.type !== 'list');
    });
  }

  /** AnqiCMS's product detail: the goods object plus `data.content`, `category`, `tags`, `extra`. */
  async publicDetail(id: number): Promise<GoodsWithSkusResponseDto> {
    return this.detail(id, 'a.status = 1 AND a.deleted_time IS NULL', true);
  }

  /** On a replica when one has the staff member's own writes (ReadReplicas), else the primary. */
  async staffList(
    admin: AdminPrincipal,
    query: StaffArchiveListQueryDto,
  ): Promise<Page<GoodsWithSkusResponseDto>> {
    return this.reads.read(admin, (manager) => {
      const qb = manager
        .getRepository(Archive)
        .createQueryBuilder('a')
        .where(query.recycle ? 'a.deleted_time IS NOT NULL' : 'a.deleted_time IS NULL');
      const status = STAFF_STATUS_FILTER[query.status ?? ''];
      if (status !== undefined) qb.andWhere('a.status = :status', { status });
      // Scheduled products and recommendation flags do not exist here: those filters match nothing.
      if (query.status === 'plan' || query.flag) qb.andWhere('false');
      if (query.title)
        qb.andWhere(
          query.exact ? 'lower(a.title) = lower(:title)' : `a.title ILIKE :title ESCAPE '\\'`,
          { title: query.exact ? query.title : likePattern(query.title) },
        );
      return this.page(this.filtered(qb, query), query, false, true);
    });
  }

  /** Staff read deleted products too (to understand old orders); `deleted_time` says so. */
  async staffDetail(id: number): Promise<GoodsWithSkusResponseDto> {
    return this.detail(id, 'TRUE', false);
  }

  /**
   * A detail in ONE statement: the product with its content, its SKUs (JSON, in id order) and its
   * category (CategoryQueryService's subquery), from the primary.
   */
  private async detail(
    id: number,
    visible: string,
    enabledSkusOnly: boolean,
  ): Promise<GoodsWithSkusResponseDto> {
    const [row] = await this.archives.query<Record<string, unknown>[]>(
      `SELECT ${this.archiveRows.columns()}, a.content,
         ${this.skusSql('a.id', enabledSkusOnly)} AS skus_json,
         ${this.categories.productCategorySql('a.category_id')} AS category_json
         FROM archives a WHERE a.id = $1 AND ${visible}`,
      [id],
    );
    if (!row) throw CatalogueErrors.goodsNotFound();
    return toGoodsDetail(
      this.archiveRows.entity(row),
      this.skusFrom(row.skus_json),
      this.categories.productCategoryOf(row.category_json),
    );
  }

  private filtered(
    qb: SelectQueryBuilder<Archive>,
    query: ArchiveListQueryDto,
  ): SelectQueryBuilder<Archive> {
    // 0 means "any category", as in AnqiCMS (the staff panel sends category_id=0).
    const categoryIds = (query.categoryId ?? query.category_id ?? '')
      .split(',')
      .map(Number)
      .filter((id) => id > 0);
    // type=related with a product id takes that product's category instead (as AnqiCMS).
    if (categoryIds.length && !(query.type === 'related' && query.id))
      qb.andWhere(
        query.child === false
          ? 'a.category_id IN (:...categoryIds)'
          : `a.category_id IN ${CATEGORY_SUBTREE}`,
        { categoryIds },
      );
    const moduleId = query.moduleId ?? query.module_id;
    if (moduleId) qb.andWhere('a.module_id = :moduleId', { moduleId });
    const keyword = query.q ?? query.keyword;
    if (keyword)
      qb.andWhere(`a.title ILIKE :keyword ESCAPE '\\'`, { keyword: likePattern(keyword) });
    return qb;
  }

  private async page(
    qb: SelectQueryBuilder<Archive>,
    query: ArchiveListQueryDto,
    enabledSkusOnly: boolean,
    withTotal: boolean,
    ordered: (q: SelectQueryBuilder<Archive>) => SelectQueryBuilder<Archive> = (q) =>
      this.ordered(q, query.order),
  ): Promise<Page<GoodsWithSkusResponseDto>> {
    const { limit, offset } = listWindow(query);
    // ONE statement: the page's ids (and the total, COUNT(*) OVER ()) are chosen first, then only
    // those rows are read whole, each with its SKUs as JSON. Choosing first keeps a deep page from
    // building the SKUs of every row it skips.
    const ids = ordered(qb.clone().select('a.id', 'page_id'));
    if (withTotal) ids.addSelect('COUNT(*) OVER ()', 'page_total');
    ids.limit(limit).offset(offset);
    const paged = ordered(
      qb
        .createQueryBuilder()
        .select('a')
        .from(Archive, 'a')
        .innerJoin(`(${ids.getQuery()})`, 'p', 'p.page_id = a.id')
        .addSelect(this.skusSql('a.id', enabledSkusOnly), 'skus_json')
        .setParameters(ids.getParameters()),
    );
    if (withTotal) paged.addSelect('p.page_total', 'page_total');
    const { entities: rows, raw } = await paged.getRawAndEntities<Record<string, unknown>>();
    // Only a page past the end, which has no row to carry the total, costs a second statement.
    let total = 0;
    if (withTotal && rows.length) total = Number(raw[0].page_total);
    else if (withTotal && offset > 0) total = await qb.getCount();
    const skusById = new Map(raw.map((r) => [Number(r.a_id), this.skusFrom(r.skus_json)]));
    return new Page(
      rows.map((row) => toGoodsWithSkus(row, skusById.get(row.id) ?? [])),
      total,
    );
  }

  /** A scalar subquery: the SKUs of the product `idSql` as a JSON array, in id order. */
  private skusSql(idSql: string, enabledOnly: boolean): string {
    return `(SELECT coalesce(json_agg(${this.skuRows.json('s')} ORDER BY s.id), '[]')
       FROM archive_skus s WHERE s.archive_id = ${idSql}${enabledOnly ? ' AND s.status = 1' : ''})`;
  }

  private skusFrom(json: unknown): ArchiveSku[] {
    return ((json ?? []) as Record<string, unknown>[]).map((sku) => this.skuRows.entity(sku));
  }

  /** `order` (validated), then newest first as the tie-break so pages never overlap. */
  private ordered(qb: SelectQueryBuilder<Archive>, order?: string): SelectQueryBuilder<Archive> {
    const terms = order ? parseOrder(order) : [];
    terms.forEach(([path, direction], index) =>
      index === 0 ? qb.orderBy(path, direction) : qb.addOrderBy(path, direction),
    );
    return terms.length ? qb.addOrderBy('a.id', 'DESC') : qb.orderBy('a.id', 'DESC');
  }
}
