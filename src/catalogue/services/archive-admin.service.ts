import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/services/audit.service.js';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { CommonErrors } from '../../common/errors/app-error.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import { CatalogueErrors, uniqueViolationToCatalogueError } from '../catalogue.errors.js';
import { SaveArchiveRequestDto, SkuRequestDto } from '../dto/archive.request.dto.js';
import { GoodsWithSkusResponseDto } from '../dto/goods.response.dto.js';
import { ArchiveSku } from '../entities/archive-sku.entity.js';
import { Archive } from '../entities/archive.entity.js';
import { PRODUCT_MODULE_ID } from '../entities/category.entity.js';
import { sanitizeRichText } from '../rich-text.js';
import { uniqueUrlToken } from '../url-token.js';
import { ArchiveQueryService } from './archive-query.service.js';
import { CategoryQueryService } from './category-query.service.js';

/** Copies the sent fields (undefined = keep) from the request onto the entity. */
function applyFields(archive: Archive, input: SaveArchiveRequestDto): void {
  const fields: [keyof Archive, unknown][] = [
    ['title', input.title],
    ['seoTitle', input.seo_title],
    ['description', input.description],
    ['keywords', input.keywords],
    ['images', input.images],
    ['thumb', input.thumb],
    ['logo', input.logo],
    ['canonicalUrl', input.canonical_url],
    ['fixedLink', input.fixed_link],
    ['price', input.price],
    ['stock', input.stock],
    ['status', input.status],
    ['userId', input.user_id],
    ['categoryId', input.category_id],
    ['moduleId', input.module_id],
    ['tags', input.tags && [...new Set(input.tags)]],
    ['content', input.content === undefined ? undefined : sanitizeRichText(input.content)],
  ];
  for (const [key, value] of fields) {
    if (value !== undefined) (archive as unknown as Record<string, unknown>)[key] = value;
  }
}

/** Staff writes on products: create/update with their SKUs, soft delete. */
@Injectable()
export class ArchiveAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: UserDirectoryService,
    private readonly query: ArchiveQueryService,
    private readonly categories: CategoryQueryService,
    private readonly audit: AuditService,
  ) {}

  /**
   * One transaction: the product row is locked while it and its SKUs change, so two staff saves
   * of one product apply one after the other. The url_token is unique among live products
   * (checked here for a clear message, enforced by a unique index against races).
   */
  async save(input: SaveArchiveRequestDto): Promise<GoodsWithSkusResponseDto> {
    if (input.user_id && !(await this.directory.userById(input.user_id)))
      throw CatalogueErrors.sellerNotFound();
    try {
      const id = await this.dataSource.transaction(async (manager) => {
        const archive = input.id
          ? await this.lockLive(manager, input.id)
          : this.newArchive(manager, input);
        applyFields(archive, input);
        // A product in a category belongs to the category's module (AnqiCMS does the same).
        if (input.category_id)
          archive.moduleId = await this.categories.lockForAssignment(manager, input.category_id);
        if (!archive.thumb) archive.thumb = archive.logo || archive.images[0] || '';
        if (input.url_token !== undefined || !archive.id)
          archive.urlToken = await this.urlToken(manager, archive, input.url_token ?? '');
        const created = !archive.id;
        const saved = await manager.save(Archive, archive);
        if (input.skus) await this.replaceSkus(manager, saved.id, input.skus);
        await this.audit.record(manager, {
          action: created ? 'product.create' : 'product.update',
          entityType: 'product',
          entityId: saved.id,
          details: { title: saved.title, fields: Object.keys(input).filter((k) => k !== 'id') },
        });
        return saved.id;
      });
      return await this.query.staffDetail(id);
    } catch (error) {
      throw uniqueViolationToCatalogueError(error) ?? error;
    }
  }

  /** Soft delete: invisible to customers and the staff list, still nested in order history. */
  async delete(id: number): Promise<null> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(Archive)
        .set({ deletedTime: () => 'now()' })
        .where('id = :id AND deleted_time IS NULL', { id })
        .execute();
      if (!result.affected) {
        const inBin = await manager.existsBy(Archive, { id, deletedTime: Not(IsNull()) });
        throw inBin ? CatalogueErrors.keptInRecycleBin() : CatalogueErrors.goodsNotFound();
      }
      await this.audit.record(manager, {
        action: 'product.delete',
        entityType: 'product',
        entityId: id,
      });
    });
    return null;
  }

  /**
   * The recycle bin's restore (AnqiCMS `archive/recover`): a deleted product is live again, with
   * the status it had. Its url_token may have been taken meanwhile: CATALOGUE.URL_TOKEN_TAKEN.
   */
  async restore(id: number): Promise<null> {
    try {
      await this.dataSource.transaction(async (manager) => {
        const result = await manager
          .createQueryBuilder()
          .update(Archive)
          .set({ deletedTime: null })
          .where('id = :id AND deleted_time IS NOT NULL', { id })
          .execute();
        if (!result.affected) throw CatalogueErrors.notInRecycleBin();
        await this.audit.record(manager, {
          action: 'product.restore',
          entityType: 'product',
          entityId: id,
        });
      });
    } catch (error) {
      throw uniqueViolationToCatalogueError(error) ?? error;
    }
    return null;
  }

  private async lockLive(manager: EntityManager, id: number): Promise<Archive> {
    const archive = await manager.findOne(Archive, {
      where: { id, deletedTime: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
    if (!archive) throw CatalogueErrors.goodsNotFound();
    return archive;
  }

  private newArchive(manager: EntityManager, input: SaveArchiveRequestDto): Archive {
    if (!input.title) throw CatalogueErrors.titleRequired();
    return manager.create(Archive, {
      images: [],
      tags: [],
      status: 1,
      price: 0,
      stock: 0,
      userId: 0,
      moduleId: PRODUCT_MODULE_ID,
    });
  }

  /** Unique among live products (a deleted product frees its token). */
  private urlToken(manager: EntityManager, archive: Archive, requested: string): Promise<string> {
    const taken = (token: string) =>
      manager.existsBy(Archive, {
        urlToken: token,
        deletedTime: IsNull(),
        ...(archive.id ? { id: Not(archive.id) } : {}),
      });
    return uniqueUrlToken(requested, archive.title, taken, CatalogueErrors.urlTokenTaken);
  }

  /**
   * Replace-set semantics: listed ids (which must be SKUs of this product) are updated and keep
   * their id, entries without id are added, SKUs not listed are disabled, never deleted, so old
   * order lines keep resolving them.
   */
  private async replaceSkus(
    manager: EntityManager,
    archiveId: number,
    wanted: SkuRequestDto[],
  ): Promise<void> {
    const ids = wanted.flatMap((sku) => (sku.id ? [sku.id] : []));
    if (new Set(ids).size !== ids.length)
      throw CommonErrors.validation(['skus must not list the same id twice']);
    const existing = await manager.findBy(ArchiveSku, { archiveId });
    const existingIds = new Set(existing.map((sku) => sku.id));
    if (ids.some((id) => !existingIds.has(id))) throw CatalogueErrors.skuNotFound();

    for (const sku of wanted) {
      const values = {
        title: sku.title,
        price: sku.price,
        stock: sku.stock,
        status: sku.status ?? 1,
      };
      if (sku.id) await manager.update(ArchiveSku, { id: sku.id, archiveId }, values);
      else await manager.insert(ArchiveSku, { archiveId, ...values });
    }
    const dropped = existing.filter((sku) => !ids.includes(sku.id) && sku.status !== 0);
    if (dropped.length)
      await manager.update(
        ArchiveSku,
        dropped.map((sku) => sku.id),
        { status: 0 },
      );
  }
}
