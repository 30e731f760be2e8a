import { defineQueries, sqlStatement } from '../common/database/query-object.js';
import { SqlParams } from '../common/database/sql-params.js';
import { CATEGORY_TYPE } from './entities/category.entity.js';

/** The columns of a category answer, for statements here and the product detail's subquery. */
export const CATEGORY_COLUMNS = `c.id, c.created_time, c.updated_time, c.title, c.seo_title, c.keywords,
  c.url_token, c.description, c.module_id, c.parent_id, c.sort, c.images, c.logo, c.type, c.status`;

/**
 * The `category` of a product detail (hidden categories too: the product is what is shown), as a
 * scalar subquery of the detail's own statement: the category whose id is `idSql` as JSON (NULL
 * when none), with the columns and tree fact of a category detail minus its content; shaped by
 * CategoryQueryService.productCategoryOf().
 */
export function productCategorySql(idSql: string): string {
  return `(SELECT to_jsonb(pc) FROM (SELECT ${CATEGORY_COLUMNS},
        EXISTS (SELECT 1 FROM categories ch WHERE ch.parent_id = c.id) AS has_children
       FROM categories c WHERE c.id = ${idSql}) pc)`;
}

/** Ids of a category ($1) and everything below it. */
const SUBTREE_SQL = `WITH RECURSIVE sub(id) AS (
    SELECT $1::int UNION SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id
  ) SELECT id FROM sub`;

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
    SELECT ${CATEGORY_COLUMNS}, tree.level,
      EXISTS (SELECT 1 FROM categories ch WHERE ch.parent_id = c.id ${hasChildrenFilter}) AS has_children
    FROM categories c JOIN tree ON tree.id = c.id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY tree.path`;
}

/** The storefront's list: shown categories; `parentId` undefined = the whole tree. */
export interface PublicCategoryFilter {
  moduleId?: number;
  parentId?: number;
  limit: number;
  offset: number;
}

/** A category by its id or its url_token. */
export type CategoryKey = { id: number } | { urlToken: string };

export interface StaffCategoryFilter {
  type: number;
  moduleId?: number;
  /** A LIKE pattern (escaped). */
  titlePattern?: string;
  limit: number;
}

/** Categories: the tree lists, one category, and the locks and walks of staff writes. */
export const CategoryQueries = defineQueries(
  'catalogue.category',
  {
    publicList(filter: PublicCategoryFilter) {
      const params = new SqlParams();
      const where = ['c.status = 1', `c.type = ${CATEGORY_TYPE.category}`];
      if (filter.moduleId !== undefined) where.push(`c.module_id = ${params.add(filter.moduleId)}`);
      if (filter.parentId !== undefined) where.push(`c.parent_id = ${params.add(filter.parentId)}`);
      return sqlStatement(
        `${treeSelect(where, 'AND ch.status = 1')} LIMIT ${params.add(filter.limit)} OFFSET ${params.add(filter.offset)}`,
        params,
      );
    },
    staffList(filter: StaffCategoryFilter) {
      const params = new SqlParams();
      const where: string[] = [`c.type = ${params.add(filter.type)}`];
      if (filter.moduleId !== undefined) where.push(`c.module_id = ${params.add(filter.moduleId)}`);
      if (filter.titlePattern !== undefined)
        where.push(`c.title ILIKE ${params.add(filter.titlePattern)} ESCAPE '\\'`);
      return sqlStatement(`${treeSelect(where, '')} LIMIT ${params.add(filter.limit)}`, params);
    },
    /** One category (or single page, `pageOnly`) by id or url_token, `content` when asked. */
    one(by: CategoryKey, options: { withContent: boolean; pageOnly?: boolean }) {
      const params = new SqlParams();
      const condition =
        'id' in by ? `c.id = ${params.add(by.id)}` : `c.url_token = ${params.add(by.urlToken)}`;
      return sqlStatement(
        `SELECT ${CATEGORY_COLUMNS}${options.withContent ? ', c.content' : ''},
        EXISTS (SELECT 1 FROM categories ch WHERE ch.parent_id = c.id) AS has_children
       FROM categories c WHERE ${options.pageOnly ? `${condition} AND c.type = ${CATEGORY_TYPE.page}` : condition}`,
        params,
      );
    },
    /** $1 = category id: share-locks a category a product is saved into; its module. */
    lockForAssignment: `SELECT module_id FROM categories WHERE id = $1 AND type = ${CATEGORY_TYPE.category} FOR SHARE`,
    /** Serialises moves in the tree, so two concurrent moves can never build a cycle together. */
    lockTree: `SELECT pg_advisory_xact_lock(hashtextextended('catalogue.category-tree', 0))`,
    /** $1 = parent id: share-locks a would-be parent; its type. */
    lockParent: 'SELECT type FROM categories WHERE id = $1 FOR SHARE',
    /** $1 = category id. */
    subtree: SUBTREE_SQL,
    /** $1 = category id: its live products and direct sub-categories (counts as text). */
    usage: `SELECT
          (SELECT count(*) FROM archives WHERE category_id = $1 AND deleted_time IS NULL) AS products,
          (SELECT count(*) FROM categories WHERE parent_id = $1) AS children`,
    /** $1 = category id, $2 = module id: the subtree's categories follow the module. */
    moveSubtreeCategories: `UPDATE categories SET module_id = $2 WHERE id IN (${SUBTREE_SQL}) AND module_id <> $2`,
    /** $1 = category id, $2 = module id: the subtree's products follow the module. */
    moveSubtreeProducts: `UPDATE archives SET module_id = $2 WHERE category_id IN (${SUBTREE_SQL}) AND module_id <> $2`,
  },
  {
    publicList: {
      'module, top level': [{ moduleId: 1, parentId: 0, limit: 1000, offset: 0 }],
      'children of a parent': [{ parentId: 5, limit: 10, offset: 20 }],
      'the whole tree': [{ limit: 1000, offset: 0 }],
    },
    staffList: {
      'by type': [{ type: CATEGORY_TYPE.category, limit: 1000 }],
      'module and title': [
        { type: CATEGORY_TYPE.page, moduleId: 1, titlePattern: '%about%', limit: 1000 },
      ],
    },
    one: {
      'by id, with content': [{ id: 1 }, { withContent: true }],
      'by url_token, with content': [{ urlToken: 'shoes' }, { withContent: true }],
      'page by url_token': [{ urlToken: 'about' }, { withContent: true, pageOnly: true }],
      'by id, without content': [{ id: 1 }, { withContent: false }],
    },
  },
);
