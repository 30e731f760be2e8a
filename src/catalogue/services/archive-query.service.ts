import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, SelectQueryBuilder } from 'typeorm';
import { Page } from '../../common/http/envelope.js';
import { pageAndTotal, pageWindow } from '../../common/pagination/page-query.dto.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import { ArchiveListQueryDto, StaffArchiveListQueryDto } from '../dto/archive.request.dto.js';
import { GoodsWithSkusResponseDto } from '../dto/goods.response.dto.js';
import { ArchiveSku } from '../entities/archive-sku.entity.js';
import { Archive } from '../entities/archive.entity.js';
import { toGoodsWithSkus } from '../goods.mapper.js';

/** `%`, `_` and `\` in a keyword are literal characters, not LIKE wildcards. */
function likePattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Reading products. Customers see only products on sale (status 1, not deleted) and their
 * enabled SKUs; staff see hidden products and disabled SKUs too. A list is three queries
 * whatever the page size: the page of archives, the count, and the SKUs of the page.
 */
@Injectable()
export class ArchiveQueryService {
  constructor(
    @InjectRepository(Archive) private readonly archives: Repository<Archive>,
    @InjectRepository(ArchiveSku) private readonly skus: Repository<ArchiveSku>,
  ) {}

  async publicList(query: ArchiveListQueryDto): Promise<Page<GoodsWithSkusResponseDto>> {
    const qb = this.archives
      .createQueryBuilder('a')
      .where('a.status = 1 AND a.deleted_time IS NULL');
    return this.page(this.filtered(qb, query), query, true);
  }

  async publicDetail(id: number): Promise<GoodsWithSkusResponseDto> {
    const archive = await this.archives.findOneBy({ id, status: 1 });
    if (!archive || archive.deletedTime) throw CatalogueErrors.goodsNotFound();
    return toGoodsWithSkus(archive, await this.skusOf([id], true));
  }

  async staffList(query: StaffArchiveListQueryDto): Promise<Page<GoodsWithSkusResponseDto>> {
    const qb = this.archives.createQueryBuilder('a').where('a.deleted_time IS NULL');
    if (query.status !== undefined) qb.andWhere('a.status = :status', { status: query.status });
    return this.page(this.filtered(qb, query), query, false);
  }

  /** Staff read deleted products too (to understand old orders); `deleted_time` says so. */
  async staffDetail(id: number): Promise<GoodsWithSkusResponseDto> {
    const archive = await this.archives.findOneBy({ id });
    if (!archive) throw CatalogueErrors.goodsNotFound();
    return toGoodsWithSkus(archive, await this.skusOf([id], false));
  }

  private filtered(
    qb: SelectQueryBuilder<Archive>,
    query: ArchiveListQueryDto,
  ): SelectQueryBuilder<Archive> {
    if (query.category_id)
      qb.andWhere('a.category_id = :categoryId', { categoryId: query.category_id });
    if (query.keyword)
      qb.andWhere(`a.title ILIKE :keyword ESCAPE '\\'`, { keyword: likePattern(query.keyword) });
    return qb;
  }

  private async page(
    qb: SelectQueryBuilder<Archive>,
    query: ArchiveListQueryDto,
    enabledSkusOnly: boolean,
  ): Promise<Page<GoodsWithSkusResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const [rows, total] = await pageAndTotal(qb.clone().orderBy('a.id', 'DESC'), { limit, offset });
    const skus = await this.skusOf(
      rows.map((row) => row.id),
      enabledSkusOnly,
    );
    return new Page(
      rows.map((row) => toGoodsWithSkus(row, skus)),
      total,
    );
  }

  private async skusOf(archiveIds: number[], enabledOnly: boolean): Promise<ArchiveSku[]> {
    if (!archiveIds.length) return [];
    return this.skus.find({
      where: { archiveId: In(archiveIds), ...(enabledOnly ? { status: 1 } : {}) },
      order: { id: 'ASC' },
    });
  }
}
