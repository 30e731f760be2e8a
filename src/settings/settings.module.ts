import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminSettingController } from './controllers/admin-setting.controller.js';
import { SettingController } from './controllers/setting.controller.js';
import { Banner } from './entities/banner.entity.js';
import { Setting } from './entities/setting.entity.js';
import { BannerService } from './services/banner.service.js';
import { SettingsService } from './services/settings.service.js';

/**
 * Shop settings (system, contact, home page) and banners the storefront reads
 * (`/api/setting/*`, `/api/banner/list`) and staff edit under `/system/api/setting/*`, AnqiCMS's
 * paths. SettingsService gives the panel and the mails the shop's name and details.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Setting, Banner])],
  controllers: [SettingController, AdminSettingController],
  providers: [SettingsService, BannerService],
  exports: [SettingsService],
})
export class SettingsModule {}
