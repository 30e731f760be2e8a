import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { CommunicationModule } from '../communication/communication.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { UsersModule } from '../users/users.module.js';
import { StaffAssetsController } from './controllers/staff-assets.controller.js';
import { StaffInboxController } from './controllers/staff-inbox.controller.js';
import { StaffInboxService } from './services/staff-inbox.service.js';
import { StaffSessionService } from './services/staff-session.service.js';
import { StaffPageFilter } from './staff-page.filter.js';
import { StaffPageGuard } from './staff-page.guard.js';
import { INBOX_PATH } from './views/layout.view.js';

/**
 * The staff inbox web pages under /staff/ (docs/staff-inbox.md): server-rendered HTML over the
 * communication module's services, one small script for live updates and keys. Owns no data.
 */
@Module({
  imports: [UsersModule, CommunicationModule, CatalogueModule, OrdersModule, AttachmentsModule],
  controllers: [StaffInboxController, StaffAssetsController],
  providers: [StaffInboxService, StaffSessionService, StaffPageGuard, StaffPageFilter],
})
export class StaffInboxModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  /**
   * `/staff/` (the address the docs and the start banner give) leads to the inbox. Nest drops a
   * route's trailing slash, so this one route is Fastify's own.
   */
  onModuleInit(): void {
    // A context without HTTP (`npm run seed:demo`, `npm run storage:migrate`) serves no pages.
    if (!this.adapter.httpAdapter) return;
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    fastify.get('/staff/', (_request, reply) => reply.redirect(INBOX_PATH, 303));
  }
}
