import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SettingsService } from '../../settings/services/settings.service.js';
import {
  SiteInfoResponseDto,
  StatisticDashboardResponseDto,
  StatisticSummaryResponseDto,
} from '../dto/panel.response.dto.js';
import { DashboardQueries } from '../dashboard.queries.js';

/** This build's version, as npm started it ('' when started otherwise). */
const APP_VERSION = process.env.npm_package_version ?? '';

/** Product module id and name (the catalogue's one module). */
const PRODUCTS = { id: 2, name: 'Products' };

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
    const [row] = await this.dataSource.query<SummaryRow[]>(DashboardQueries.summary);
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
