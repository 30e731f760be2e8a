import { defineQueries, sqlStatement } from '../common/database/query-object.js';
import { SqlParams } from '../common/database/sql-params.js';
import { productCategorySql } from './category.queries.js';

/**
 * The product row as ONE JSON object (JsonRows hydrates it): one value to parse per row instead
 * of a column each. A list leaves `content` out (rich text it never shows, possibly TOASTed).
 */
const ARCHIVE_ROW = (withContent: boolean): string =>
  `json_build_object('id', a.id, 'created_time', a.created_time, 'updated_time', a.updated_time,
    'title', a.title, 'seo_title', a.seo_title, 'url_token', a.url_token, 'keywords', a.keywords,
    'description', a.description, 'module_id', a.module_id, 'category_id', a.category_id,
    'views', a.views, 'comment_count', a.comment_count, 'images', a.images, 'logo', a.logo,
    'tags', a.tags, 'thumb', a.thumb, 'canonical_url', a.canonical_url, 'fixed_link', a.fixed_link,
    'status', a.status, 'user_id', a.user_id, 'price', a.price, 'stock', a.stock,
    'deleted_time', a.deleted_time${withContent ? ", 'content', a.content" : ''}) AS row`;

/** What customers may see of a product. */
const ON_SALE = 'a.status = 1 AND a.deleted_time IS NULL';

/** The SKUs of product `a` as a JSON array in id order; customers see the enabled ones only. */
function skusSql(enabledOnly: boolean): string {
  return `(SELECT coalesce(json_agg(to_jsonb(s) ORDER BY s.id), '[]')
       FROM archive_skus s WHERE s.archive_id = a.id${enabledOnly ? ' AND s.status = 1' : ''})`;
}

/** One `order` term: a column of `a` (list-window's ORDER_FIELDS) or an expression, and its direction. */
export type ArchiveOrderTerm = [sql: string, direction: 'ASC' | 'DESC'];

/** Which products a list reads; the service turns the query DTOs into it. */
export interface ArchiveListFilter {
  /** public: on sale and not deleted, with enabled SKUs; staff: any status, every SKU. */
  audience: 'public' | 'staff';
  /** Staff: the recycle bin (deleted products) instead of the live ones. */
  deleted?: boolean;
  /** Staff: this product status only. */
  status?: number;
  /** A filter nothing here can match (scheduled products, recommendation flags). */
  matchNothing?: boolean;
  /** Staff: the title equal to `value` (case-insensitive), or ILIKE `value` (an escaped pattern). */
  title?: { exact: boolean; value: string };
  /** These categories, and everything below them when `subcategories`. */
  categoryIds?: number[];
  subcategories?: boolean;
  moduleId?: number;
  /** ILIKE pattern (escaped) on the title. */
  keywordPattern?: string;
  /**
   * type=related (AnqiCMS's default): the nearest products by id, never this one, in its
   * category when it is a product on sale (id > 0); ordered by that distance, not by `order`.
   */
  relatedTo?: number;
  /** Terms before the tie-break, newest first (`a.id DESC`), which keeps pages from overlapping. */
  order: ArchiveOrderTerm[];
  /** With `page_total` (COUNT(*) OVER ()) on every row. */
  withTotal: boolean;
  limit: number;
  offset: number;
}

/** The WHERE of a list (its values added to `params`). */
function listConditions(filter: ArchiveListFilter, params: SqlParams): string {
  const where: string[] = [];
  if (filter.audience === 'public') where.push(ON_SALE);
  else where.push(filter.deleted ? 'a.deleted_time IS NOT NULL' : 'a.deleted_time IS NULL');
  if (filter.status !== undefined) where.push(`a.status = ${params.add(filter.status)}`);
  if (filter.matchNothing) where.push('false');
  if (filter.title)
    where.push(
      filter.title.exact
        ? `lower(a.title) = lower(${params.add(filter.title.value)})`
        : `a.title ILIKE ${params.add(filter.title.value)} ESCAPE '\\'`,
    );
  if (filter.relatedTo !== undefined) {
    const related = params.add(filter.relatedTo);
    where.push(`a.id <> ${related}`);
    if (filter.relatedTo > 0)
      where.push(
        `a.category_id = (SELECT r.category_id FROM archives r WHERE r.id = ${related} AND r.status = 1 AND r.deleted_time IS NULL)`,
      );
  }
  if (filter.categoryIds?.length) {
    const ids = params.add(filter.categoryIds, 'int[]');
    where.push(
      filter.subcategories
        ? `a.category_id IN (WITH RECURSIVE sub(id) AS (
            SELECT c.id FROM categories c WHERE c.id = ANY(${ids})
            UNION
            SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id
          ) SELECT id FROM sub)`
        : `a.category_id = ANY(${ids})`,
    );
  }
  if (filter.moduleId !== undefined) where.push(`a.module_id = ${params.add(filter.moduleId)}`);
  if (filter.keywordPattern !== undefined)
    where.push(`a.title ILIKE ${params.add(filter.keywordPattern)} ESCAPE '\\'`);
  return where.join(' AND ');
}

/** The ORDER BY of a list: `order`, or the distance to the related product, then newest first. */
function listOrder(filter: ArchiveListFilter, params: SqlParams): string {
  const terms =
    filter.relatedTo !== undefined
      ? [`abs(a.id - ${params.add(filter.relatedTo)}) ASC`]
      : filter.order.map(([sql, direction]) => `${sql} ${direction}`);
  return [...terms, 'a.id DESC'].join(', ');
}

/**
 * Products: the lists and the detail, each ONE statement whatever the page size or category
 * depth. A list chooses the page's ids first (with the total, COUNT(*) OVER (), when asked) and
 * then reads only those rows whole, each with its SKUs as JSON: choosing first keeps a deep page
 * from building the SKUs of every row it skips.
 */
export const ArchiveQueries = defineQueries(
  'catalogue.archive',
  {
    /** A page of products: `row`, `skus_json` and, `withTotal`, `page_total`. */
    list(filter: ArchiveListFilter) {
      const params = new SqlParams();
      const where = listConditions(filter, params);
      const order = listOrder(filter, params);
      const total = filter.withTotal ? ', count(*) OVER () AS page_total' : '';
      return sqlStatement(
        `SELECT ${ARCHIVE_ROW(false)}, ${skusSql(filter.audience === 'public')} AS skus_json${filter.withTotal ? ', p.page_total' : ''}
           FROM archives a
           JOIN (SELECT a.id AS page_id${total} FROM archives a
                  WHERE ${where}
                  ORDER BY ${order}
                  LIMIT ${params.add(filter.limit)} OFFSET ${params.add(filter.offset)}) p ON p.page_id = a.id
          ORDER BY ${order}`,
        params,
      );
    },
    /** The total of a list whose page is past the end (no row carried it): `total`. */
    count(filter: ArchiveListFilter) {
      const params = new SqlParams();
      return sqlStatement(
        `SELECT count(*)::int AS total FROM archives a WHERE ${listConditions(filter, params)}`,
        params,
      );
    },
    /**
     * $1 = product id: the product (`row`, with its content), `skus_json` and `category_json` (the
     * category detail's columns and `has_children`); `onSale` for customers (enabled SKUs only).
     */
    detail: (onSale: boolean): string =>
      `SELECT ${ARCHIVE_ROW(true)},
         ${skusSql(onSale)} AS skus_json,
         ${productCategorySql('a.category_id')} AS category_json
         FROM archives a WHERE a.id = $1${onSale ? ` AND ${ON_SALE}` : ''}`,
  },
  {
    list: {
      'public, newest first, with total': [
        { audience: 'public', order: [], withTotal: true, limit: 10, offset: 0 },
      ],
      'public, category subtree, keyword, order': [
        {
          audience: 'public',
          categoryIds: [3, 5],
          subcategories: true,
          moduleId: 2,
          keywordPattern: '%tee%',
          order: [
            ['a.price', 'ASC'],
            ['a.views', 'DESC'],
          ],
          withTotal: true,
          limit: 10,
          offset: 20,
        },
      ],
      'public, type=list, named categories only': [
        {
          audience: 'public',
          categoryIds: [3],
          subcategories: false,
          order: [],
          withTotal: false,
          limit: 10,
          offset: 0,
        },
      ],
      'public, type=related': [
        { audience: 'public', relatedTo: 188, order: [], withTotal: false, limit: 10, offset: 0 },
      ],
      'staff, status and title': [
        {
          audience: 'staff',
          status: 1,
          title: { exact: false, value: '%tee%' },
          order: [],
          withTotal: true,
          limit: 10,
          offset: 0,
        },
      ],
      'staff, recycle bin, exact title, nothing matches': [
        {
          audience: 'staff',
          deleted: true,
          matchNothing: true,
          title: { exact: true, value: 'Tee' },
          order: [['a.created_time', 'DESC']],
          withTotal: true,
          limit: 20,
          offset: 0,
        },
      ],
    },
    count: {
      'public, category subtree and keyword': [
        {
          audience: 'public',
          categoryIds: [3],
          subcategories: true,
          keywordPattern: '%tee%',
          order: [],
          withTotal: true,
          limit: 10,
          offset: 100,
        },
      ],
    },
    detail: { customer: [true], staff: [false] },
  },
);
