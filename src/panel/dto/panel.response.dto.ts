import { ApiProperty } from '@nestjs/swagger';

/** GET /system/api/siteinfo: what the login page and every page header read. */
export class SiteInfoResponseDto {
  @ApiProperty({ example: 1, description: 'The site (one shop: always 1)' }) id: number;
  @ApiProperty({ example: 'https://shop.example.com', description: 'Shop setting base_url' })
  base_url: string;
  @ApiProperty({ example: 'My custom-order shop', description: 'Shop setting site_name' })
  name: string;
}

/** GET /system/api/captcha: AnqiCMS's answer when its login captcha is off. */
export class CaptchaResponseDto {
  @ApiProperty({
    example: true,
    description: 'Always true: staff logins are throttled instead (docs/security.md)',
  })
  captcha_off: boolean;
}

/** One point of the dashboard's charts (`xField: date`, `yField: value`, `seriesField: label`). */
export class ChartPointResponseDto {
  @ApiProperty({ example: '2026-12-06' }) date: string;
  @ApiProperty({ example: 'Google' }) label: string;
  @ApiProperty({ example: 0 }) value: number;
}

export class ModuleCountResponseDto {
  @ApiProperty({ example: 2 }) id: number;
  @ApiProperty({ example: 'Products' }) name: string;
  @ApiProperty({ example: 12, description: 'Live products (on sale and hidden)' }) total: number;
}

export class ArchiveCountResponseDto {
  @ApiProperty({ example: 10, description: 'Products on sale' }) total: number;
  @ApiProperty({ example: 2, description: 'Added in the last 7 days' }) last_week: number;
  @ApiProperty({ example: 0, description: 'Added today' }) today: number;
  @ApiProperty({ example: 0, description: 'Scheduled (none here)' }) un_release: number;
  @ApiProperty({ example: 2, description: 'Hidden products' }) draft: number;
}

export class TotalTodayResponseDto {
  @ApiProperty({ example: 0 }) total: number;
  @ApiProperty({ example: 0 }) today: number;
}

export class IncludeCountResponseDto {
  @ApiProperty({ example: 0 }) baidu_count: number;
  @ApiProperty({ example: 0 }) sogou_count: number;
  @ApiProperty({ example: 0 }) so_count: number;
  @ApiProperty({ example: 0 }) bing_count: number;
  @ApiProperty({ example: 0 }) google_count: number;
}

/** Counts per period: today, this week (from Monday), this month, all time. */
export class PeriodCountResponseDto {
  @ApiProperty({ example: 3 }) today: number;
  @ApiProperty({ example: 12 }) week: number;
  @ApiProperty({ example: 40 }) month: number;
  @ApiProperty({ example: 310 }) total: number;
}

/** Paid sales (fen) per period: orders paid in it, less those refunded since. */
export class PeriodAmountResponseDto {
  @ApiProperty({ example: 29700 }) today: number;
  @ApiProperty({ example: 118800 }) week: number;
  @ApiProperty({ example: 396000 }) month: number;
  @ApiProperty({ example: 3069000 }) total: number;
}

/**
 * GET /system/api/statistic/summary: AnqiCMS's dashboard figures (the CMS-only ones are 0) plus
 * the shop's: orders, sales, customers and open customization requests.
 */
export class StatisticSummaryResponseDto {
  @ApiProperty({ type: [ModuleCountResponseDto] }) archive_counts: ModuleCountResponseDto[];
  @ApiProperty({ type: ArchiveCountResponseDto }) archive_count: ArchiveCountResponseDto;
  @ApiProperty({ example: 4, description: 'Product categories' }) category_count: number;
  @ApiProperty({ example: 0, description: 'CMS friend links: 0' }) link_count: number;
  @ApiProperty({ example: 0, description: 'CMS guestbook: 0' }) guestbook_count: number;
  @ApiProperty({ example: 2, description: 'Single pages' }) page_count: number;
  @ApiProperty({ example: 37, description: 'Uploaded images' }) attachment_count: number;
  @ApiProperty({ example: 0, description: 'CMS templates: 0' }) template_count: number;
  @ApiProperty({ type: TotalTodayResponseDto, description: 'Visitor traffic is not recorded: 0' })
  traffic_count: TotalTodayResponseDto;
  @ApiProperty({ type: TotalTodayResponseDto, description: 'Spider visits are not recorded: 0' })
  spider_count: TotalTodayResponseDto;
  @ApiProperty({ type: IncludeCountResponseDto, description: 'Search-engine inclusion: 0' })
  include_count: IncludeCountResponseDto;
  @ApiProperty({ example: true, description: 'The figures are exact counts' }) exact: boolean;
  @ApiProperty({ example: false, description: 'No first-run guide' }) show_guide: boolean;
  @ApiProperty({ type: PeriodCountResponseDto, description: 'Orders placed' })
  order_count: PeriodCountResponseDto;
  @ApiProperty({ type: PeriodAmountResponseDto, description: 'Paid sales, fen' })
  sales_amount: PeriodAmountResponseDto;
  @ApiProperty({ type: PeriodCountResponseDto, description: 'Customers signed up' })
  customer_count: PeriodCountResponseDto;
  @ApiProperty({
    example: 3,
    description: 'Customization requests waiting on someone (pending, in communication, quoted)',
  })
  open_request_count: number;
}

export class DashboardSystemResponseDto {
  @ApiProperty({ example: 'My custom-order shop' }) site_name: string;
  @ApiProperty({ example: 'https://shop.example.com' }) base_url: string;
  @ApiProperty({ example: 0, description: 'AnqiCMS template type (0 = adaptive)' })
  template_type: number;
}

/** GET /system/api/statistic/dashboard: the "software information" card. */
export class StatisticDashboardResponseDto {
  @ApiProperty({ type: DashboardSystemResponseDto }) system: DashboardSystemResponseDto;
  @ApiProperty({ example: '0.1.0', description: "This service's version ('' when unknown)" })
  version: string;
  @ApiProperty({ example: false }) trial: boolean;
  @ApiProperty({ example: 52428800, description: 'Heap in use by this instance, bytes' })
  memory_usage: number;
}
