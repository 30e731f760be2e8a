import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module.js';
import { PanelController } from './controllers/panel.controller.js';
import { DashboardService } from './services/dashboard.service.js';

/**
 * The AnqiCMS staff panel's shell: site info and captcha for its login page, the dashboard's
 * figures and the version check (docs/anqicms-compatibility.md, "Staff panel").
 */
@Module({
  imports: [SettingsModule],
  controllers: [PanelController],
  providers: [DashboardService],
})
export class PanelModule {}
