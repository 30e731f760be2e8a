import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { AdminArchiveController } from './controllers/admin-archive.controller.js';
import { ArchiveController } from './controllers/archive.controller.js';
import { ArchiveSku } from './entities/archive-sku.entity.js';
import { Archive } from './entities/archive.entity.js';
import { ArchiveAdminService } from './services/archive-admin.service.js';
import { ArchiveQueryService } from './services/archive-query.service.js';
import { CatalogueService } from './services/catalogue.service.js';

/**
 * Products (AnqiCMS archives) and their SKUs. Orders and communication use CatalogueService
 * (pricing, atomic stock reservation/release, batched goods objects for nesting); the demo seed
 * creates products through ArchiveAdminService, like staff do.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Archive, ArchiveSku]), UsersModule],
  controllers: [ArchiveController, AdminArchiveController],
  providers: [CatalogueService, ArchiveQueryService, ArchiveAdminService],
  exports: [CatalogueService, ArchiveAdminService],
})
export class CatalogueModule {}
