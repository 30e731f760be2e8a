import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, UpdateResult } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import { GoodsResponseDto } from '../dto/goods.response.dto.js';
import { ArchiveSku } from '../entities/archive-sku.entity.js';
import { Archive } from '../entities/archive.entity.js';
import { toGoodsResponse } from '../goods.mapper.js';
import { MAX_INT4 } from '../../common/validation/dto-limits.js';
import { EmbeddedRow, embeddedRow, JsonRows } from '../../common/database/json-rows.js';
import { SqlParams } from '../../common/database/sql-params.js';

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
  price: number | string;
  stock: number;
  status: number;
  deleted_time: string | Date | null;
  has_skus: boolean;
  sku_id: number | null;
  sku_title: string | null;
  sku_price: number | string | null;
  sku_stock: number | null;
  sku_status: number | null;
}

/** A line of an order as the catalogue knows it: a product, and its option when skuId > 0. */
export interface OrderLineKey {
  goodsId: number;
  /** 0 = the product itself. */
  skuId: number;
}

export interface StockLine extends OrderLineKey {
  quantity: number;
}

/** What CatalogueService.stockSteps gives a caller's statement. */
export interface StockSteps {
  /** WITH steps taking the stock. */
  steps: string;
  /** A boolean expression: every line got its stock. */
  allTaken: string;
  /** embeddedGoods' JSON of a product as the statement leaves it (its stock taken). */
  goodsSql: (idSql: string) => string;
}

/** One line's product and option (`w.goods_id`, `w.sku_id`), as orderLines reads it. */
const ORDER_LINE_ROW = `SELECT a.id, a.title, a.thumb, a.logo, a.images, a.user_id, a.price, a.stock,
       a.status, a.deleted_time,
       EXISTS (SELECT 1 FROM archive_skus x WHERE x.archive_id = a.id AND x.status = 1) AS has_skus,
       s.id AS sku_id, s.title AS sku_title, s.price AS sku_price, s.stock AS sku_stock,
       s.status AS sku_status
  FROM archives a
  LEFT JOIN archive_skus s ON s.archive_id = a.id AND s.id = w.sku_id AND w.sku_id > 0
 WHERE a.id = w.goods_id`;

/** A line's product (and option) for pricing, or the error that refuses it. */
function goodsForOrder(row: OrderLineRow | null, line: OrderLineKey): GoodsForOrder {
  if (!isRowId(line.goodsId)) throw CatalogueErrors.goodsNotFound();
  const wantsSku = line.skuId > 0;
  if (wantsSku && !isRowId(line.skuId)) throw CatalogueErrors.skuNotFound();
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
 * Why a line's stock could not be taken (the rules of stockSteps' UPDATEs), or undefined when it
 * could be now.
 */
function shortfallOf(row: OrderLineRow | null, line: StockLine): AppError | undefined {
  if (line.skuId > 0) {
    if (!row || row.deleted_time || row.sku_id === null || row.sku_status !== 1)
      return CatalogueErrors.skuNotFound();
    const stock = row.sku_stock ?? 0;
    return stock < line.quantity
      ? CatalogueErrors.outOfStock(`${row.title} (${row.sku_title ?? ''})`, stock)
      : undefined;
  }
  if (!row || row.deleted_time) return CatalogueErrors.goodsNotFound();
  return row.stock < line.quantity ? CatalogueErrors.outOfStock(row.title, row.stock) : undefined;
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

  private readonly archiveRows: JsonRows<Archive>;

  constructor(@InjectRepository(Archive) private readonly archives: Repository<Archive>) {
    this.archiveRows = new JsonRows(archives.manager.connection, Archive);
    this.embeddedGoods = embeddedRow(this.archiveRows, toGoodsResponse);
  }

  /**
   * The products (and SKUs) of an order's lines for pricing, embedded in the caller's statement
   * so that pricing reads them with the buyer's terms in one round trip. `sql` gives a JSON array
   * with one element per line of `linesParam` (a jsonb array of `{goods_id, sku_id}`), in order;
   * `shape` turns it into GoodsForOrder, line by line, with the errors getForOrder gave:
   * CATALOGUE.GOODS_NOT_FOUND (unknown or deleted), CATALOGUE.NOT_ON_SALE (status != 1),
   * CATALOGUE.SKU_NOT_FOUND (SKU of another product, unknown or disabled) and
   * CATALOGUE.SKU_REQUIRED (skuId = 0 for a product that is sold per SKU).
   */
  readonly orderLines = {
    sql: (linesParam: string): string =>
      `(SELECT coalesce(json_agg(to_jsonb(r) ORDER BY w.ord), '[]')
          FROM ROWS FROM (jsonb_to_recordset(${linesParam}) AS (goods_id int, sku_id int))
               WITH ORDINALITY AS w(goods_id, sku_id, ord)
          LEFT JOIN LATERAL (${ORDER_LINE_ROW}) r ON true)`,
    /** The jsonb value for `linesParam` (ids that cannot be row ids match nothing). */
    param: (lines: readonly OrderLineKey[]): string =>
      JSON.stringify(
        lines.map((line) => ({
          goods_id: isRowId(line.goodsId) ? line.goodsId : 0,
          sku_id: line.skuId > 0 && isRowId(line.skuId) ? line.skuId : 0,
        })),
      ),
    shape: (json: unknown, lines: readonly OrderLineKey[]): GoodsForOrder[] => {
      const rows = json as (OrderLineRow | null)[];
      return lines.map((line, i) => goodsForOrder(rows[i], line));
    },
  };

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
   * Takes the stock of every line in ONE statement (see stockSteps) and throws unless every line
   * got it: CATALOGUE.OUT_OF_STOCK naming the product, or GOODS_NOT_FOUND / SKU_NOT_FOUND when
   * the row is gone or disabled. Lines that did get theirs are given back by the caller's
   * transaction rolling back on that error.
   */
  async reserveAll(manager: EntityManager, lines: readonly StockLine[]): Promise<void> {
    const params = new SqlParams();
    const stock = this.stockSteps(params, lines);
    const [row] = await manager.query<{ taken: number }[]>(
      `WITH ${stock.steps} SELECT ${stock.allTaken} AS taken`,
      params.values,
    );
    if (!row.taken) await this.explainShortfall(manager, lines);
  }

  /**
   * WITH steps taking `quantity` of every line out of stock, atomically and never below zero:
   * one conditional `UPDATE ... SET stock = stock - q WHERE ... AND stock >= q` per table over
   * all lines (the SKU row when skuId > 0, else the product row), after locking the rows in
   * inStockLockOrder's order (products by id, then SKUs by id, as giving stock back does). `allTaken` is a boolean expression: every
   * line got its stock. For a caller that writes its change in the same statement, only when
   * allTaken holds; a statement over several lines must run in a transaction that rolls back
   * when it does not (the lines that got theirs are already taken). The CHECK (stock >= 0) backs it.
   */
  stockSteps(params: SqlParams, lines: readonly StockLine[]): StockSteps {
    for (const line of lines) {
      assertQuantity(line.quantity);
      if (!isRowId(line.goodsId)) throw CatalogueErrors.goodsNotFound();
      if (line.skuId > 0 && !isRowId(line.skuId)) throw CatalogueErrors.skuNotFound();
    }
    const wanted = params.add(
      JSON.stringify(
        lines.map((l) => ({ goods_id: l.goodsId, sku_id: l.skuId, quantity: l.quantity })),
      ),
      'jsonb',
    );
    const want = `jsonb_to_recordset(${wanted}) AS w(goods_id int, sku_id int, quantity int)`;
    const count = params.add(lines.length, 'int');
    const steps = `stock_goods_locked AS MATERIALIZED (
         SELECT a.id FROM archives a
          WHERE a.id IN (SELECT w.goods_id FROM ${want} WHERE w.sku_id = 0)
          ORDER BY a.id FOR UPDATE),
       stock_goods AS (
         UPDATE archives a SET stock = a.stock - w.quantity, updated_time = now()
           FROM ${want}, stock_goods_locked l
          WHERE w.sku_id = 0 AND a.id = w.goods_id AND l.id = a.id
            AND a.deleted_time IS NULL AND a.stock >= w.quantity
         RETURNING a.*),
       stock_skus_locked AS MATERIALIZED (
         SELECT s.id FROM archive_skus s
          WHERE s.id IN (SELECT w.sku_id FROM ${want} WHERE w.sku_id > 0)
          ORDER BY s.id FOR UPDATE),
       stock_skus AS (
         UPDATE archive_skus s SET stock = s.stock - w.quantity, updated_time = now()
           FROM ${want}, stock_skus_locked l
          WHERE w.sku_id > 0 AND s.id = w.sku_id AND s.archive_id = w.goods_id AND l.id = s.id
            AND s.status = 1 AND s.stock >= w.quantity
         RETURNING s.id),
       stock_taken AS (SELECT id FROM stock_goods UNION ALL SELECT id FROM stock_skus)`;
    return {
      steps,
      allTaken: `((SELECT count(*) FROM stock_taken) = ${count})`,
      // The statement's own subqueries still see the product rows as they were before it.
      goodsSql: (idSql) =>
        `coalesce((SELECT ${this.archiveRows.json('g')} FROM stock_goods g WHERE g.id = ${idSql}),
                  ${this.embeddedGoods.sql(idSql)})`,
    };
  }

  /**
   * After a stock statement that did not take every line: the error of the first line that
   * cannot be served now (CATALOGUE.OUT_OF_STOCK, GOODS_NOT_FOUND or SKU_NOT_FOUND). When the
   * stock came back meanwhile, OUT_OF_STOCK for the first line all the same (nothing was taken).
   */
  async explainShortfall(manager: EntityManager, lines: readonly StockLine[]): Promise<never> {
    const [row] = await manager.query<{ lines: (OrderLineRow | null)[] }[]>(
      `SELECT ${this.orderLines.sql('$1::jsonb')} AS lines`,
      [this.orderLines.param(lines)],
    );
    for (const [i, line] of lines.entries()) {
      const error = shortfallOf(row.lines[i], line);
      if (error) throw error;
    }
    const first = row.lines[0];
    throw CatalogueErrors.outOfStock(first?.title ?? '', 0);
  }

  /**
   * `lines` in the one order stock rows are locked in, taking (stockSteps, one statement) and
   * giving back (releaseStock, line by line) alike: product rows by id, then SKU rows by id. Two
   * orders then never wait on each other's rows.
   */
  inStockLockOrder<T extends OrderLineKey>(lines: readonly T[]): T[] {
    const isSku = (line: OrderLineKey) => (line.skuId > 0 ? 1 : 0);
    return [...lines].sort(
      (a, b) => isSku(a) - isSku(b) || (isSku(a) ? a.skuId - b.skuId : a.goodsId - b.goodsId),
    );
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
