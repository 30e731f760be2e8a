import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { AdminArchiveController } from './controllers/admin-archive.controller.js';
import { AdminCategoryController } from './controllers/admin-category.controller.js';
import { ArchiveController } from './controllers/archive.controller.js';
import { CategoryController } from './controllers/category.controller.js';
import { PageController } from './controllers/page.controller.js';
import { AdminModuleController } from './controllers/admin-module.controller.js';
import { ArchiveSku } from './entities/archive-sku.entity.js';
import { Archive } from './entities/archive.entity.js';
import { Category } from './entities/category.entity.js';
import { ArchiveAdminService } from './services/archive-admin.service.js';
import { ArchiveQueryService } from './services/archive-query.service.js';
import { CatalogueService } from './services/catalogue.service.js';
import { CategoryAdminService } from './services/category-admin.service.js';
import { CategoryQueryService } from './services/category-query.service.js';

/**
 * Products (AnqiCMS archives), their SKUs and the category tree. Orders and communication use CatalogueService
 * (pricing, atomic stock reservation/release, batched goods objects for nesting).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Archive, ArchiveSku, Category]), UsersModule],
  controllers: [
    ArchiveController,
    AdminArchiveController,
    CategoryController,
    AdminCategoryController,
    PageController,
    AdminModuleController,
  ],
  providers: [
    CatalogueService,
    ArchiveQueryService,
    ArchiveAdminService,
    CategoryQueryService,
    CategoryAdminService,
  ],
  exports: [CatalogueService],
})
export class CatalogueModule {}
