import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { DELETED_MSG, SAVED_MSG, WithMessage } from '../../common/http/envelope.js';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { ApiArrayEnvelope, ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import {
  BannerIdBodyDto,
  SaveBannerDto,
  SaveContactSettingDto,
  SaveIndexSettingDto,
  SaveSystemSettingDto,
} from '../dto/setting.request.dto.js';
import {
  BannerGroupResponseDto,
  BannerResponseDto,
  CONTENT_SETTINGS,
  ContentSettingResponseDto,
  StaffContactSettingDto,
  StaffIndexSettingDto,
  StaffSystemSettingValuesDto,
  StaffSystemSettingResponseDto,
} from '../dto/setting.response.dto.js';
import { BannerService } from '../services/banner.service.js';
import { SettingsService } from '../services/settings.service.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { SettingsErrors } from '../settings.errors.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

const PARTIAL =
  'Fields not sent keep their value (AnqiCMS overwrites all; partial is safer). Answers `msg` "Save successfully", which the panel shows.';

@ApiTag('Staff: shop settings')
@Admin()
@Controller('system/api/setting')
export class AdminSettingController {
  constructor(
    private readonly settings: SettingsService,
    private readonly banners: BannerService,
  ) {}

  @Get('system')
  @ApiOperation({ summary: 'Shop settings (`{system, languages}` as AnqiCMS)' })
  @ApiEnvelope(StaffSystemSettingResponseDto)
  system() {
    return this.settings.staffSystem();
  }

  @Post('system')
  @HttpCode(200)
  @ApiOperation({ summary: 'Save shop settings', description: PARTIAL })
  @ApiEnvelope(StaffSystemSettingValuesDto, { errors: [CommonErrors.validation] })
  async saveSystem(@Body() body: SaveSystemSettingDto) {
    return new WithMessage(await this.settings.save('system', body), SAVED_MSG);
  }

  @Get('contact')
  @ApiOperation({ summary: 'Contact details' })
  @ApiEnvelope(StaffContactSettingDto)
  contact() {
    return this.settings.values('contact');
  }

  @Post('contact')
  @HttpCode(200)
  @ApiOperation({ summary: 'Save contact details', description: PARTIAL })
  @ApiEnvelope(StaffContactSettingDto, { errors: [CommonErrors.validation] })
  async saveContact(@Body() body: SaveContactSettingDto) {
    return new WithMessage(await this.settings.save('contact', body), SAVED_MSG);
  }

  @Get('content')
  @StaffPermission('catalogue.read')
  @ApiOperation({
    summary: 'Content settings (image and thumbnail rules) as they apply here',
    description:
      'Read-only and fixed: images are stored as uploaded (no resizing, WebP or cut thumbnails; `thumb` is the logo or first image), one category per product, the rich-text editor. The product pages read `editor`, `multi_category` and `use_sort`.',
  })
  @ApiEnvelope(ContentSettingResponseDto)
  content() {
    return { ...CONTENT_SETTINGS, default_thumbs: [] };
  }

  @Get('index')
  @ApiOperation({ summary: 'Home page title, keywords and description' })
  @ApiEnvelope(StaffIndexSettingDto)
  index() {
    return this.settings.values('index');
  }

  @Post('index')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Save the home page title, keywords and description',
    description: PARTIAL,
  })
  @ApiEnvelope(StaffIndexSettingDto, { errors: [CommonErrors.validation] })
  async saveIndex(@Body() body: SaveIndexSettingDto) {
    return new WithMessage(await this.settings.save('index', body), SAVED_MSG);
  }

  @Get('banner')
  @ApiOperation({ summary: 'Every banner, grouped by type (`[{type, list}]` as AnqiCMS)' })
  @ApiArrayEnvelope(BannerGroupResponseDto)
  bannerGroups() {
    return this.banners.groups();
  }

  @Post('banner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add (no id, logo required) or update (id) a banner' })
  @ApiEnvelope(BannerResponseDto, {
    errors: [SettingsErrors.bannerNotFound, CommonErrors.validation],
  })
  async saveBanner(@Body() body: SaveBannerDto) {
    return new WithMessage(await this.banners.save(body), SAVED_MSG);
  }

  @ApiExampleNeeds('put the id of a banner (GET /system/api/setting/banner lists them).')
  @Post('banner/delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a banner' })
  @ApiEnvelope('null', { errors: [SettingsErrors.bannerNotFound] })
  async deleteBanner(@Body() body: BannerIdBodyDto) {
    return new WithMessage(await this.banners.delete(body.id), DELETED_MSG);
  }
}
