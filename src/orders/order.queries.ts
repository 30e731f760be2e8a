import { defineQueries } from '../common/database/query-object.js';

/**
 * Orders: the hand-written statements of after-sales, settlement and the timed jobs. (The lists
 * and the detail are built by OrderQueryService, the scoped conditions by OrderLookup.)
 */
export const OrderQueries = defineQueries(
  'orders.order',
  {
    /** $1 = order id, $2 = amount: only while the sum stays within what was paid; the new sum. */
    raiseRefunded: `UPDATE orders SET refunded_amount = refunded_amount + $2, updated_time = now()
        WHERE id = $1 AND refunded_amount + $2 <= amount
        RETURNING refunded_amount`,
    /** $1 = order number, $2 = credited, $3 = pending: the order's pending commissions, once. */
    creditCommissions: `UPDATE order_commissions SET status = $2, updated_time = now()
        WHERE order_id = $1 AND status = $3
        RETURNING user_id, kind, amount`,
    /**
     * $1 = status, $2 = due by, $3 = ids to skip: the next due order by `column`, locked (SKIP
     * LOCKED, so instances running the job take different orders).
     */
    claimDue: (column: 'created_time' | 'end_time'): string =>
      `SELECT id FROM orders
        WHERE status = $1 AND ${column} <= $2 AND NOT (id = ANY($3::int[]))
        ORDER BY ${column}, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
    /**
     * Folds the delta rows of each block and status of order_page_counts into one (its triggers
     * only ever add rows; src/orders/order-page-counts.ts reads them). Safe beside writers, whose
     * new rows this statement's snapshot does not see, and beside another instance folding at
     * once: a row both try to delete is folded by the first and skipped by the second, so each
     * delta counts once. Answers how many rows it folded.
     */
    compactPageCounts: `WITH folded AS (
        DELETE FROM order_page_counts c
         WHERE (c.block, c.status) IN (
           SELECT block, status FROM order_page_counts GROUP BY block, status HAVING count(*) > 1)
        RETURNING c.block, c.status, c.n),
      summed AS (
        INSERT INTO order_page_counts (block, status, n)
        SELECT block, status, sum(n) FROM folded GROUP BY block, status HAVING sum(n) <> 0)
      SELECT count(*)::int AS folded FROM folded`,
  },
  { claimDue: { 'auto-close unpaid': ['created_time'], 'auto-finish delivered': ['end_time'] } },
);
