import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SettingsService } from '../../settings/services/settings.service.js';
import {
  SiteInfoResponseDto,
  StatisticDashboardResponseDto,
  StatisticSummaryResponseDto,
} from '../dto/panel.response.dto.js';

/** This build's version, as npm started it ('' when started otherwise). */
const APP_VERSION = process.env.npm_package_version ?? '';

/** Product module id and name (the catalogue's one module). */
const PRODUCTS = { id: 2, name: 'Products' };

/**
 * The dashboard's figures in one statement: a read-only report across the catalogue, orders,
 * accounts and requests tables (no module's rules are involved, only counts). Periods are
 * calendar periods in the database session's time zone: today from midnight, the week from
 * Monday, the month from the 1st. Sales count orders paid in the period that are not refunded.
 */
const SUMMARY_SQL = `
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
  ) u`;

type SummaryRow = Record<string, number | string>;

/** The staff panel's dashboard and page header (AnqiCMS `statistic/*`, `siteinfo`). */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async siteInfo(): Promise<SiteInfoResponseDto> {
    const system = await this.settings.values('system');
    return { id: 1, base_url: String(system.base_url ?? ''), name: String(system.site_name ?? '') };
  }

  async summary(): Promise<StatisticSummaryResponseDto> {
    const [row] = await this.dataSource.query<SummaryRow[]>(SUMMARY_SQL);
    const n = (key: string) => Number(row[key]);
    return {
      archive_counts: [{ ...PRODUCTS, total: n('products_on_sale') + n('products_hidden') }],
      archive_count: {
        total: n('products_on_sale'),
        last_week: n('products_week'),
        today: n('products_today'),
        un_release: 0,
        draft: n('products_hidden'),
      },
      category_count: n('category_count'),
      link_count: 0,
      guestbook_count: 0,
      page_count: n('page_count'),
      attachment_count: n('attachment_count'),
      template_count: 0,
      traffic_count: { total: 0, today: 0 },
      spider_count: { total: 0, today: 0 },
      include_count: {
        baidu_count: 0,
        sogou_count: 0,
        so_count: 0,
        bing_count: 0,
        google_count: 0,
      },
      exact: true,
      show_guide: false,
      order_count: {
        today: n('orders_today'),
        week: n('orders_week'),
        month: n('orders_month'),
        total: n('orders_total'),
      },
      sales_amount: {
        today: n('sales_today'),
        week: n('sales_week'),
        month: n('sales_month'),
        total: n('sales_total'),
      },
      customer_count: {
        today: n('customers_today'),
        week: n('customers_week'),
        month: n('customers_month'),
        total: n('customers_total'),
      },
      open_request_count: n('open_requests'),
    };
  }

  async dashboard(): Promise<StatisticDashboardResponseDto> {
    const site = await this.siteInfo();
    return {
      system: { site_name: site.name, base_url: site.base_url, template_type: 0 },
      version: APP_VERSION,
      trial: false,
      memory_usage: process.memoryUsage().heapUsed,
    };
  }
}
