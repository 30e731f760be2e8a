import type { SqlParams } from '../common/database/sql-params.js';
import type { OrderFilter } from './order-filter.js';

/**
 * An order id shifted right by this many bits is its block in `order_page_counts` (4,096 ids a
 * block). Fixed by migration 1795620000001, whose triggers keep the counters.
 */
export const ORDER_PAGE_BLOCK_BITS = 12;

/** Below this OFFSET, walking the skipped index entries costs less than summing the counters. */
export const COUNTED_OFFSET_FROM = 1 << ORDER_PAGE_BLOCK_BITS;

/**
 * The ids of a deep `current` page of an order list, newest first, when the counters can answer
 * it: no filter but `status`, and an offset past COUNTED_OFFSET_FROM. Otherwise undefined, and
 * the caller walks the index with OFFSET.
 *
 * The page's first row lies in the newest block whose running total (counted from the newest
 * block down) passes the offset; the statement skips only the rows of that block above it. The
 * counters and the orders are read in one snapshot, so the page is the one OFFSET would give.
 * A page past the end finds no block: `o.id < NULL` answers no rows.
 */
export function countedPageIds(
  filter: OrderFilter,
  /** The list's own condition on `orders o` for `filter` (orderFilterSql), its values in `params`. */
  where: string,
  offset: number,
  limit: number,
  params: SqlParams,
): string | undefined {
  if (offset < COUNTED_OFFSET_FROM || !onlyStatus(filter)) return undefined;
  const status = filter.status === undefined ? undefined : params.add(filter.status);
  const skip = params.add(offset);
  return `WITH anchor AS (
      SELECT block, through - n AS above FROM (
        SELECT c.block, sum(c.n)::int AS n, (sum(sum(c.n)) OVER (ORDER BY c.block DESC))::int AS through
          FROM order_page_counts c ${status === undefined ? '' : `WHERE c.status = ${status}`}
         GROUP BY c.block) blocks
       WHERE through > ${skip} ORDER BY block DESC LIMIT 1)
    SELECT o.id FROM orders o
     WHERE ${where} AND o.id < (SELECT (block + 1) << ${ORDER_PAGE_BLOCK_BITS} FROM anchor)
     ORDER BY o.id DESC LIMIT ${params.add(limit)} OFFSET (SELECT ${skip} - above FROM anchor)`;
}

function onlyStatus(filter: OrderFilter): boolean {
  return Object.entries(filter).every(([key, value]) => key === 'status' || value === undefined);
}
