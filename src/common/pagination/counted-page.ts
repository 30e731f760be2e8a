import { EntityManager } from 'typeorm';
import { Page } from '../http/envelope.js';

/** What a one-statement page query returns per row: the count rides on every row. */
export interface CountedRow {
  total: number;
  /** NULL on the one row of an empty page (the count still comes back). */
  id: number | null;
}

export interface CountedPageQuery {
  /** The table the count reads, aliased `o` in `where`. */
  table: string;
  /** The filter of the count (the page may add a cursor condition to it). */
  where: string;
  /** A SELECT returning the page rows (with an `id` column), in any order. */
  page: string;
  /** The order of the page's rows in the answer, on the outer alias `p`. */
  orderBy: string;
  params: unknown[];
  /** Count exactly up to this many rows, then report the cap (`total_capped`). */
  countCap?: number;
}

/**
 * The count and the page in ONE statement: `(count) LEFT JOIN LATERAL (page)`, so an empty page
 * still answers its total. With a cap the count stops reading after cap + 1 rows.
 */
export async function countedPage<Row extends CountedRow, Dto>(
  /** The DataSource, or a replica's manager from ReadReplicas.read(). */
  dataSource: Pick<EntityManager, 'query'>,
  query: CountedPageQuery,
  shape: (row: Row) => Dto,
): Promise<Page<Dto>> {
  const { table, where, countCap } = query;
  const counted =
    countCap === undefined
      ? `SELECT count(*)::int AS total FROM ${table} o WHERE ${where}`
      : `SELECT count(*)::int AS total FROM (SELECT 1 FROM ${table} o WHERE ${where} LIMIT ${countCap + 1}) capped`;
  const rows = await dataSource.query<Row[]>(
    `SELECT c.total, p.* FROM (${counted}) c LEFT JOIN LATERAL (${query.page}) p ON true
      ORDER BY ${query.orderBy}`,
    query.params,
  );
  const total = rows[0].total;
  const items = rows.filter((row) => row.id !== null).map(shape);
  if (countCap === undefined) return new Page(items, total);
  return new Page(items, Math.min(total, countCap), total > countCap);
}
