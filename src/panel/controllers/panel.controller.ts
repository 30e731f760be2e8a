import { Controller, Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, Public, StaffPermission } from '../../common/auth/access.decorators.js';
import { WithMessage } from '../../common/http/envelope.js';
import { ApiArrayEnvelope, ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import {
  CaptchaResponseDto,
  ChartPointResponseDto,
  SiteInfoResponseDto,
  StatisticDashboardResponseDto,
  StatisticSummaryResponseDto,
} from '../dto/panel.response.dto.js';
import { DashboardService } from '../services/dashboard.service.js';

/**
 * What the AnqiCMS staff panel calls around its pages: the login page's site name and captcha,
 * the dashboard's figures and charts, and the version check. AnqiCMS's paths and shapes.
 */
@ApiTag('Staff: panel')
@Controller('system/api')
export class PanelController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('siteinfo')
  @Public()
  @ApiOperation({
    summary: 'The shop’s name and address (login page, page header)',
    description: 'Public, as AnqiCMS: the shop settings `site_name` and `base_url`.',
  })
  @ApiEnvelope(SiteInfoResponseDto)
  siteInfo() {
    return this.dashboard.siteInfo();
  }

  @Get('captcha')
  @Public()
  @ApiOperation({
    summary: 'Login captcha: always off (`captcha_off: true`)',
    description:
      'AnqiCMS’s answer when its captcha is off, so the login page shows no captcha. Staff logins are throttled per account and address instead.',
  })
  @ApiEnvelope(CaptchaResponseDto)
  captcha() {
    return { captcha_off: true };
  }

  @Get('statistic/summary')
  @Admin()
  @StaffPermission('dashboard.read')
  @ApiOperation({
    summary: 'Dashboard figures, one statement',
    description:
      'AnqiCMS’s fields (products, categories, single pages, images; CMS-only figures such as links, guestbook, templates, traffic, spiders and inclusion are 0) plus the shop’s: `order_count`, `sales_amount` (fen), `customer_count` (today / week from Monday / month / total, in the database’s time zone) and `open_request_count`.',
  })
  @ApiEnvelope(StatisticSummaryResponseDto)
  summary() {
    return this.dashboard.summary();
  }

  @Get('statistic/dashboard')
  @Admin()
  @StaffPermission('dashboard.read')
  @ApiOperation({
    summary: 'The dashboard’s software card: shop name and address, version, memory',
    description: 'No login history is kept, so `now_login` / `last_login` are not sent.',
  })
  @ApiEnvelope(StatisticDashboardResponseDto)
  dashboardInfo() {
    return this.dashboard.dashboard();
  }

  @Get('statistic/include')
  @Admin()
  @StaffPermission('dashboard.read')
  @ApiOperation({ summary: 'Search-engine inclusion chart: always empty (CMS-only)' })
  @ApiArrayEnvelope(ChartPointResponseDto)
  include() {
    return [];
  }

  @Get('statistic/traffic')
  @Admin()
  @StaffPermission('dashboard.read')
  @ApiOperation({ summary: 'Visitor traffic chart: always empty (not recorded)' })
  @ApiArrayEnvelope(ChartPointResponseDto)
  traffic() {
    return [];
  }

  @Get('statistic/spider')
  @Admin()
  @StaffPermission('dashboard.read')
  @ApiOperation({ summary: 'Spider visits chart: always empty (CMS-only)' })
  @ApiArrayEnvelope(ChartPointResponseDto)
  spider() {
    return [];
  }

  @Get('version/check')
  @Admin()
  @StaffPermission('dashboard.read')
  @ApiOperation({
    summary: 'New-version check: never a new version (`data: null`)',
    description:
      'AnqiCMS asks its vendor for a newer release; this service is deployed from its own repository, so it answers as AnqiCMS does when up to date: `data` null and a message. No remote call.',
  })
  @ApiEnvelope('null')
  versionCheck() {
    return new WithMessage(null, 'Check that the version is the latest version');
  }
}
