import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, UpdateResult } from 'typeorm';
import { CatalogueErrors } from '../catalogue.errors.js';
import { GoodsResponseDto } from '../dto/goods.response.dto.js';
import { ArchiveSku } from '../entities/archive-sku.entity.js';
import { Archive } from '../entities/archive.entity.js';
import { toGoodsResponse } from '../goods.mapper.js';
import { MAX_INT4 } from '../../common/validation/dto-limits.js';
import { EmbeddedRow, embeddedRow, JsonRows } from '../../common/database/json-rows.js';

/** What an order needs to know about one line: the price and the snapshot to copy. */
export interface GoodsForOrder {
  goodsId: number;
  /** 0 = the product itself (it has no enabled SKUs). */
  skuId: number;
  /** users.id of the seller, 0 = the shop. */
  sellerId: number;
  title: string;
  /** '' when skuId = 0. */
  skuTitle: string;
  /** thumb, else logo, else the first image, else ''. */
  thumb: string;
  /** Fen: the SKU's price when skuId > 0, else the product's. */
  unitPrice: number;
  /** Stock at the moment of reading (informative; reserveStock is what decides). */
  stock: number;
}

function isRowId(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && value <= MAX_INT4;
}

/**
 * The one stock statement of reserveStock/releaseStock: `UPDATE <row's table> SET stock = <change>
 * WHERE <where>`, with `:goodsId`, `:skuId`, `:quantity` bound from `parameters`.
 */
function updateStock(
  manager: EntityManager,
  row: typeof Archive | typeof ArchiveSku,
  change: 'stock - :quantity' | 'stock + :quantity',
  where: string,
  parameters: { goodsId: number; skuId?: number; quantity: number },
): Promise<UpdateResult> {
  return manager
    .createQueryBuilder()
    .update(row)
    .set({ stock: () => change })
    .where(where)
    .setParameters(parameters)
    .execute();
}

function assertQuantity(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity <= 0 || quantity > MAX_INT4)
    throw CatalogueErrors.invalidQuantity();
}

interface OrderLineRow {
  id: number;
  title: string;
  thumb: string;
  logo: string;
  images: string[];
  user_id: number;
  price: string;
  stock: number;
  status: number;
  deleted_time: Date | null;
  has_skus: boolean;
  sku_id: number | null;
  sku_title: string | null;
  sku_price: string | null;
  sku_stock: number | null;
  sku_status: number | null;
}

/**
 * The catalogue as the orders and communication modules use it. Every method that takes an
 * EntityManager runs inside the caller's transaction, so a failed order rolls its stock back too.
 *
 * Stock rules: a product with enabled SKUs is bought per SKU (stock lives on the SKU row); a
 * product without SKUs is bought as itself (stock on the archive row). Reservation is one
 * conditional UPDATE (`stock >= quantity`): concurrent buyers of the last item queue on the row
 * lock and exactly as many succeed as there is stock; the CHECK (stock >= 0) backs it.
 */
@Injectable()
export class CatalogueService {
  /** The goods object (as goodsByIds gives it), embedded in another module's statement. */
  readonly embeddedGoods: EmbeddedRow<GoodsResponseDto>;

  constructor(@InjectRepository(Archive) private readonly archives: Repository<Archive>) {
    this.embeddedGoods = embeddedRow(
      new JsonRows(archives.manager.connection, Archive),
      toGoodsResponse,
    );
  }

  /**
   * Reads a product (and its SKU when skuId > 0) for pricing an order line, in one query.
   * Throws CATALOGUE.GOODS_NOT_FOUND (unknown or deleted), CATALOGUE.NOT_ON_SALE (status != 1),
   * CATALOGUE.SKU_NOT_FOUND (SKU of another product, unknown or disabled) and
   * CATALOGUE.SKU_REQUIRED (skuId = 0 for a product that is sold per SKU).
   */
  async getForOrder(
    manager: EntityManager,
    goodsId: number,
    skuId: number,
  ): Promise<GoodsForOrder> {
    if (!isRowId(goodsId)) throw CatalogueErrors.goodsNotFound();
    const wantsSku = skuId > 0;
    if (wantsSku && !isRowId(skuId)) throw CatalogueErrors.skuNotFound();
    const rows = await manager.query<OrderLineRow[]>(
      `SELECT a.id, a.title, a.thumb, a.logo, a.images, a.user_id, a.price, a.stock, a.status,
              a.deleted_time,
              EXISTS (SELECT 1 FROM archive_skus x WHERE x.archive_id = a.id AND x.status = 1)
                AS has_skus,
              s.id AS sku_id, s.title AS sku_title, s.price AS sku_price, s.stock AS sku_stock,
              s.status AS sku_status
         FROM archives a
         LEFT JOIN archive_skus s ON s.archive_id = a.id AND s.id = $2
        WHERE a.id = $1`,
      [goodsId, wantsSku ? skuId : 0],
    );
    const row = rows[0];
    if (!row || row.deleted_time) throw CatalogueErrors.goodsNotFound();
    if (row.status !== 1) throw CatalogueErrors.notOnSale(row.title);
    const base = {
      goodsId: row.id,
      sellerId: row.user_id,
      title: row.title,
      thumb: row.thumb || row.logo || row.images?.[0] || '',
    };
    if (wantsSku) {
      if (row.sku_id === null || row.sku_status !== 1) throw CatalogueErrors.skuNotFound();
      return {
        ...base,
        skuId: row.sku_id,
        skuTitle: row.sku_title ?? '',
        unitPrice: Number(row.sku_price),
        stock: row.sku_stock ?? 0,
      };
    }
    if (row.has_skus) throw CatalogueErrors.skuRequired(row.title);
    return { ...base, skuId: 0, skuTitle: '', unitPrice: Number(row.price), stock: row.stock };
  }

  /**
   * A request can be opened for the product: it exists and is on sale. A product sold per SKU is
   * fine, no SKU is chosen yet. Throws CATALOGUE.GOODS_NOT_FOUND (unknown or deleted) and
   * CATALOGUE.NOT_ON_SALE (status != 1), as getForOrder does.
   */
  async assertOrderable(manager: EntityManager, goodsId: number): Promise<void> {
    if (!isRowId(goodsId)) throw CatalogueErrors.goodsNotFound();
    const row = await manager.findOne(Archive, {
      select: { id: true, title: true, status: true, deletedTime: true },
      where: { id: goodsId },
    });
    if (!row || row.deletedTime) throw CatalogueErrors.goodsNotFound();
    if (row.status !== 1) throw CatalogueErrors.notOnSale(row.title);
  }

  /**
   * Takes `quantity` out of stock, atomically and never below zero: one
   * `UPDATE ... SET stock = stock - q WHERE id = ? AND stock >= q` on the SKU row when skuId > 0,
   * else on the archive row. No row updated → CATALOGUE.OUT_OF_STOCK naming the product (or
   * GOODS_NOT_FOUND / SKU_NOT_FOUND when the row is gone or disabled).
   */
  async reserveStock(
    manager: EntityManager,
    goodsId: number,
    skuId: number,
    quantity: number,
  ): Promise<void> {
    assertQuantity(quantity);
    if (!isRowId(goodsId)) throw CatalogueErrors.goodsNotFound();
    if (skuId > 0) {
      if (!isRowId(skuId)) throw CatalogueErrors.skuNotFound();
      const result = await updateStock(
        manager,
        ArchiveSku,
        'stock - :quantity',
        'id = :skuId AND archive_id = :goodsId AND status = 1 AND stock >= :quantity',
        { skuId, goodsId, quantity },
      );
      if (result.affected) return;
      const sku = await manager.findOne(ArchiveSku, {
        where: { id: skuId, archiveId: goodsId, status: 1 },
        relations: { archive: true },
      });
      if (!sku?.archive || sku.archive.deletedTime) throw CatalogueErrors.skuNotFound();
      throw CatalogueErrors.outOfStock(`${sku.archive.title} (${sku.title})`, sku.stock);
    }
    const result = await updateStock(
      manager,
      Archive,
      'stock - :quantity',
      'id = :goodsId AND deleted_time IS NULL AND stock >= :quantity',
      { goodsId, quantity },
    );
    if (result.affected) return;
    const archive = await manager.findOneBy(Archive, { id: goodsId });
    if (!archive || archive.deletedTime) throw CatalogueErrors.goodsNotFound();
    throw CatalogueErrors.outOfStock(archive.title, archive.stock);
  }

  /**
   * Gives reserved stock back (cancel, auto-close, refund): the same row choice as reserveStock.
   * Works on hidden, deleted products and disabled SKUs too (the units exist again either way).
   */
  async releaseStock(
    manager: EntityManager,
    goodsId: number,
    skuId: number,
    quantity: number,
  ): Promise<void> {
    assertQuantity(quantity);
    const result =
      skuId > 0
        ? await updateStock(
            manager,
            ArchiveSku,
            'stock + :quantity',
            'id = :skuId AND archive_id = :goodsId',
            { skuId, goodsId, quantity },
          )
        : await updateStock(manager, Archive, 'stock + :quantity', 'id = :goodsId', {
            goodsId,
            quantity,
          });
    if (!result.affected)
      throw skuId > 0 ? CatalogueErrors.skuNotFound() : CatalogueErrors.goodsNotFound();
  }

  /**
   * Public goods objects for nesting in other responses (`details[].goods`, communication
   * threads), in ONE query for all ids. Deleted and hidden products ARE returned (with their
   * `deleted_time` / `status`): order history must still render what was bought. Unknown ids
   * are simply absent from the map.
   */
  async goodsByIds(ids: number[]): Promise<Map<number, GoodsResponseDto>> {
    const unique = [...new Set(ids)].filter(isRowId);
    if (!unique.length) return new Map();
    const rows = await this.archives.findBy({ id: In(unique) });
    return new Map(rows.map((archive) => [archive.id, toGoodsResponse(archive)]));
  }
}
