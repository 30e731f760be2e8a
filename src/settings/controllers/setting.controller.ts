import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.decorators.js';
import { ApiArrayEnvelope, ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { BannerListQueryDto } from '../dto/setting.request.dto.js';
import {
  BannerResponseDto,
  PublicContactSettingDto,
  PublicIndexSettingDto,
  PublicSystemSettingDto,
} from '../dto/setting.response.dto.js';
import { BannerService } from '../services/banner.service.js';
import { SettingsService } from '../services/settings.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Shop settings')
@Public()
@Controller('api')
export class SettingController {
  constructor(
    private readonly settings: SettingsService,
    private readonly banners: BannerService,
  ) {}

  @Get('setting/system')
  @ApiOperation({ summary: 'Shop name, logo, copyright… (AnqiCMS Go field names: SiteName…)' })
  @ApiEnvelope(PublicSystemSettingDto)
  system() {
    return this.settings.publicValues('system');
  }

  @Get('setting/contact')
  @ApiOperation({ summary: 'Contact details (AnqiCMS Go field names: Cellphone, Qrcode…)' })
  @ApiEnvelope(PublicContactSettingDto)
  contact() {
    return this.settings.publicValues('contact');
  }

  @Get('setting/index')
  @ApiOperation({ summary: 'Home page title, keywords, description (seo_title and SeoTitle)' })
  @ApiEnvelope(PublicIndexSettingDto)
  index() {
    return this.settings.publicValues('index');
  }

  @Get('banner/list')
  @ApiOperation({ summary: 'Banners of a group (`type`, default "default"), by sort then id' })
  @ApiArrayEnvelope(BannerResponseDto)
  bannerList(@Query() query: BannerListQueryDto) {
    return this.banners.list(query.type || undefined);
  }
}
