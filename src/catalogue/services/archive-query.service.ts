import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page } from '../../common/http/envelope.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { JsonRows } from '../../common/database/json-rows.js';
import { ReadReplicas } from '../../common/database/read-replicas.service.js';
import { ArchiveListFilter, ArchiveOrderTerm, ArchiveQueries } from '../archive.queries.js';
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

/** The staff list's `status` → the product status it keeps ('' = all; plan matches nothing). */
const STAFF_STATUS_FILTER: Record<StaffArchiveStatus, number | undefined> = {
  '': undefined,
  ok: 1,
  draft: 0,
  plan: undefined,
  '1': 1,
  '0': 0,
};

/**
 * `order` (validated) as the list has always applied it: a column named twice keeps its first
 * place and its last direction, and `id` is the newest-first tie-break wherever it is named
 * (`id asc` sorts newest first), so pages never overlap.
 */
function orderTerms(order: string): ArchiveOrderTerm[] {
  const terms = new Map(parseOrder(order));
  if (terms.has('a.id')) terms.set('a.id', 'DESC');
  return [...terms];
}

/** The detail statements never change: written once. */
const PUBLIC_DETAIL = ArchiveQueries.detail(true);
const STAFF_DETAIL = ArchiveQueries.detail(false);

/** A row of ArchiveQueries.list or .detail: the product and its SKUs as JSON (and category). */
interface ArchiveRow {
  row: Record<string, unknown>;
  skus_json: Record<string, unknown>[];
  page_total?: string;
  category_json?: unknown;
}

/**
 * Reading products. Customers see only products on sale (status 1, not deleted) and their
 * enabled SKUs; staff see hidden products and disabled SKUs too. A list or a detail is ONE
 * statement whatever the page size or category depth (ArchiveQueries): the page, its total
 * (not for type=list/related) and each row's SKUs; a detail adds its category. Only a page past
 * the end, which has no row to carry the total, counts apart.
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
    // AnqiCMS's default "related": the nearest products by id in the product's category.
    const related = query.type === 'related';
    return this.list(undefined, {
      ...this.filterOf(query),
      audience: 'public',
      relatedTo: related ? (query.id ?? 0) : undefined,
      withTotal: !related && query.type !== 'list',
    });
  }

  /** AnqiCMS's product detail: the goods object plus `data.content`, `category`, `tags`, `extra`. */
  async publicDetail(id: number): Promise<GoodsWithSkusResponseDto> {
    return this.detail(PUBLIC_DETAIL, id);
  }

  /** On a replica when one has the staff member's own writes (ReadReplicas), else the primary. */
  async staffList(
    admin: AdminPrincipal,
    query: StaffArchiveListQueryDto,
  ): Promise<Page<GoodsWithSkusResponseDto>> {
    return this.list(admin, {
      ...this.filterOf(query),
      audience: 'staff',
      deleted: !!query.recycle,
      status: STAFF_STATUS_FILTER[query.status ?? ''],
      // Scheduled products and recommendation flags do not exist here: those filters match nothing.
      matchNothing: query.status === 'plan' || !!query.flag,
      title: query.title
        ? { exact: !!query.exact, value: query.exact ? query.title : likePattern(query.title) }
        : undefined,
      withTotal: true,
    });
  }

  /** Staff read deleted products too (to understand old orders); `deleted_time` says so. */
  async staffDetail(id: number): Promise<GoodsWithSkusResponseDto> {
    return this.detail(STAFF_DETAIL, id);
  }

  /** A detail in ONE statement (ArchiveQueries.detail), from the primary. */
  private async detail(sql: string, id: number): Promise<GoodsWithSkusResponseDto> {
    const [row] = await this.archives.query<ArchiveRow[]>(sql, [id]);
    if (!row) throw CatalogueErrors.goodsNotFound();
    return toGoodsDetail(
      this.archiveRows.entity(row.row),
      this.skusFrom(row.skus_json),
      this.categories.productCategoryOf(row.category_json),
    );
  }

  /** The filters and window both lists take from the query. */
  private filterOf(
    query: ArchiveListQueryDto,
  ): Pick<
    ArchiveListFilter,
    'categoryIds' | 'subcategories' | 'moduleId' | 'keywordPattern' | 'order' | 'limit' | 'offset'
  > {
    // 0 means "any category", as in AnqiCMS (the staff panel sends category_id=0).
    const categoryIds = (query.categoryId ?? query.category_id ?? '')
      .split(',')
      .map(Number)
      .filter((id) => id > 0);
    const moduleId = query.moduleId ?? query.module_id;
    const keyword = query.q ?? query.keyword;
    const { limit, offset } = listWindow(query);
    return {
      // type=related with a product id takes that product's category instead (as AnqiCMS).
      categoryIds: query.type === 'related' && query.id ? undefined : categoryIds,
      subcategories: query.child !== false,
      moduleId: moduleId || undefined,
      keywordPattern: keyword ? likePattern(keyword) : undefined,
      order: query.order ? orderTerms(query.order) : [],
      limit,
      offset,
    };
  }

  private list(
    caller: AdminPrincipal | undefined,
    filter: ArchiveListFilter,
  ): Promise<Page<GoodsWithSkusResponseDto>> {
    return this.reads.read(caller, async (manager) => {
      const rows = await manager.query<ArchiveRow[]>(...ArchiveQueries.list(filter));
      // Only a page past the end, which has no row to carry the total, costs a second statement.
      let total = 0;
      if (filter.withTotal && rows.length) total = Number(rows[0].page_total);
      else if (filter.withTotal && filter.offset > 0)
        [{ total }] = await manager.query<{ total: number }[]>(...ArchiveQueries.count(filter));
      return new Page(
        rows.map((row) =>
          toGoodsWithSkus(this.archiveRows.entity(row.row), this.skusFrom(row.skus_json)),
        ),
        total,
      );
    });
  }

  private skusFrom(json: Record<string, unknown>[]): ArchiveSku[] {
    return json.map((sku) => this.skuRows.entity(sku));
  }
}
