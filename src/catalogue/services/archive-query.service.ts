import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, SelectQueryBuilder } from 'typeorm';
import { Page } from '../../common/http/envelope.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { ReadReplicas } from '../../common/database/read-replicas.service.js';
import { pageAndTotal } from '../../common/pagination/page-query.dto.js';
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
 * enabled SKUs; staff see hidden products and disabled SKUs too. A list costs at most three
 * statements whatever the page size or category depth: the page (category subtree and related
 * product as sub-queries), the count (not for type=list/related), and the SKUs of the page.
 */
@Injectable()
export class ArchiveQueryService {
  constructor(
    @InjectRepository(Archive) private readonly archives: Repository<Archive>,
    @InjectRepository(ArchiveSku) private readonly skus: Repository<ArchiveSku>,
    private readonly categories: CategoryQueryService,
    private readonly reads: ReadReplicas,
  ) {}

  /** On a replica when one is fresh enough (ReadReplicas): nobody's own writes to wait for. */
  async publicList(query: ArchiveListQueryDto): Promise<Page<GoodsWithSkusResponseDto>> {
    return this.reads.read(undefined, (manager) => {
      const qb = manager
        .getRepository(Archive)
        .createQueryBuilder('a')
        .where('a.status = 1 AND a.deleted_time IS NULL');
      this.filtered(qb, query);
      const skus = manager.getRepository(ArchiveSku);
      if (query.type === 'related') {
        // AnqiCMS's default "related": the nearest products by id in the product's category.
        const id = query.id ?? 0;
        qb.andWhere('a.id <> :relatedId', { relatedId: id });
        if (id > 0)
          qb.andWhere(
            'a.category_id = (SELECT r.category_id FROM archives r WHERE r.id = :relatedId AND r.status = 1 AND r.deleted_time IS NULL)',
          );
        return this.page(skus, qb, query, true, false, (q) =>
          q.orderBy('ABS(a.id - :relatedId)', 'ASC').addOrderBy('a.id', 'DESC'),
        );
      }
      return this.page(skus, qb, query, true, query.type !== 'list');
    });
  }

  /** AnqiCMS's product detail: the goods object plus `data.content`, `category`, `tags`, `extra`. */
  async publicDetail(id: number): Promise<GoodsWithSkusResponseDto> {
    const archive = await this.archives
      .createQueryBuilder('a')
      .addSelect('a.content')
      .where('a.id = :id AND a.status = 1 AND a.deleted_time IS NULL', { id })
      .getOne();
    if (!archive) throw CatalogueErrors.goodsNotFound();
    const [skus, category] = await Promise.all([
      this.skusOf([id], true),
      this.categories.forProduct(archive.categoryId),
    ]);
    return toGoodsDetail(archive, skus, category);
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
      const skus = manager.getRepository(ArchiveSku);
      return this.page(skus, this.filtered(qb, query), query, false, true);
    });
  }

  /** Staff read deleted products too (to understand old orders); `deleted_time` says so. */
  async staffDetail(id: number): Promise<GoodsWithSkusResponseDto> {
    const archive = await this.archives
      .createQueryBuilder('a')
      .addSelect('a.content')
      .where('a.id = :id', { id })
      .getOne();
    if (!archive) throw CatalogueErrors.goodsNotFound();
    const [skus, category] = await Promise.all([
      this.skusOf([id], false),
      this.categories.forProduct(archive.categoryId),
    ]);
    return toGoodsDetail(archive, skus, category);
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
    skuRepository: Repository<ArchiveSku>,
    qb: SelectQueryBuilder<Archive>,
    query: ArchiveListQueryDto,
    enabledSkusOnly: boolean,
    withTotal: boolean,
    ordered: (q: SelectQueryBuilder<Archive>) => SelectQueryBuilder<Archive> = (q) =>
      this.ordered(q, query.order),
  ): Promise<Page<GoodsWithSkusResponseDto>> {
    const { limit, offset } = listWindow(query);
    // The total rides on the page statement (COUNT(*) OVER ()): one round trip, not two.
    const [rows, total] = withTotal
      ? await pageAndTotal(ordered(qb.clone()), { limit, offset })
      : [await ordered(qb.clone()).limit(limit).offset(offset).getMany(), 0];
    const skus = await this.skusOf(
      rows.map((row) => row.id),
      enabledSkusOnly,
      skuRepository,
    );
    return new Page(
      rows.map((row) => toGoodsWithSkus(row, skus)),
      total,
    );
  }

  /** `order` (validated), then newest first as the tie-break so pages never overlap. */
  private ordered(qb: SelectQueryBuilder<Archive>, order?: string): SelectQueryBuilder<Archive> {
    const terms = order ? parseOrder(order) : [];
    terms.forEach(([path, direction], index) =>
      index === 0 ? qb.orderBy(path, direction) : qb.addOrderBy(path, direction),
    );
    return terms.length ? qb.addOrderBy('a.id', 'DESC') : qb.orderBy('a.id', 'DESC');
  }

  private async skusOf(
    archiveIds: number[],
    enabledOnly: boolean,
    repository = this.skus,
  ): Promise<ArchiveSku[]> {
    if (!archiveIds.length) return [];
    return repository.find({
      where: { archiveId: In(archiveIds), ...(enabledOnly ? { status: 1 } : {}) },
      order: { id: 'ASC' },
    });
  }
}
