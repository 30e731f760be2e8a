import { defineQueries } from '../common/database/query-object.js';

/** The staff panel's dashboard: a read-only report (counts only, no module's rules). */
export const DashboardQueries = defineQueries(
  'panel.dashboard',
  {
    /**
     * The dashboard's figures in one statement: a read-only report across the catalogue, orders,
     * accounts and requests tables (no module's rules are involved, only counts). Periods are
     * calendar periods in the database session's time zone: today from midnight, the week from
     * Monday, the month from the 1st. Sales count orders paid in the period that are not refunded.
     */
    summary: `
  WITH b AS (
    SELECT date_trunc('day', now()) AS d, date_trunc('week', now()) AS w,
           date_trunc('month', now()) AS m
  )
  SELECT p.*, o.*, u.*,
    (SELECT count(*) FROM categories WHERE type = 1)::int AS category_count,
    (SELECT count(*) FROM categories WHERE type = 3)::int AS page_count,
    (SELECT count(*) FROM attachments)::int AS attachment_count,
    (SELECT count(*) FROM comm_orders WHERE status IN (0, 1, 2))::int AS open_requests
  FROM b,
  LATERAL (
    SELECT count(*) FILTER (WHERE status = 1)::int AS products_on_sale,
           count(*) FILTER (WHERE status = 0)::int AS products_hidden,
           count(*) FILTER (WHERE created_time >= now() - interval '7 days')::int AS products_week,
           count(*) FILTER (WHERE created_time >= b.d)::int AS products_today
    FROM archives WHERE deleted_time IS NULL
  ) p,
  LATERAL (
    SELECT count(*) FILTER (WHERE created_time >= b.d)::int AS orders_today,
           count(*) FILTER (WHERE created_time >= b.w)::int AS orders_week,
           count(*) FILTER (WHERE created_time >= b.m)::int AS orders_month,
           count(*)::int AS orders_total,
           coalesce(sum(amount) FILTER (WHERE paid AND paid_time >= b.d), 0)::bigint AS sales_today,
           coalesce(sum(amount) FILTER (WHERE paid AND paid_time >= b.w), 0)::bigint AS sales_week,
           coalesce(sum(amount) FILTER (WHERE paid AND paid_time >= b.m), 0)::bigint AS sales_month,
           coalesce(sum(amount) FILTER (WHERE paid), 0)::bigint AS sales_total
    FROM (SELECT *, paid_time IS NOT NULL AND status IN (1, 2, 3, 8) AS paid FROM orders) x
  ) o,
  LATERAL (
    SELECT count(*) FILTER (WHERE created_time >= b.d)::int AS customers_today,
           count(*) FILTER (WHERE created_time >= b.w)::int AS customers_week,
           count(*) FILTER (WHERE created_time >= b.m)::int AS customers_month,
           count(*)::int AS customers_total
    FROM users
  ) u`,
  },
  {},
);
