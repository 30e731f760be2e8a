import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin } from '../../common/auth/access.decorators.js';
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

const PARTIAL = 'Fields not sent keep their value (AnqiCMS overwrites all; partial is safer).';

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
  saveSystem(@Body() body: SaveSystemSettingDto) {
    return this.settings.save('system', body);
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
  saveContact(@Body() body: SaveContactSettingDto) {
    return this.settings.save('contact', body);
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
  saveIndex(@Body() body: SaveIndexSettingDto) {
    return this.settings.save('index', body);
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
  saveBanner(@Body() body: SaveBannerDto) {
    return this.banners.save(body);
  }

  @ApiExampleNeeds('put the id of a banner (GET /system/api/setting/banner lists them).')
  @Post('banner/delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a banner' })
  @ApiEnvelope('null', { errors: [SettingsErrors.bannerNotFound] })
  deleteBanner(@Body() body: BannerIdBodyDto) {
    return this.banners.delete(body.id);
  }
}
