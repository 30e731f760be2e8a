import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArchiveSku } from './entities/archive-sku.entity.js';
import { Archive } from './entities/archive.entity.js';
import { CatalogueService } from './services/catalogue.service.js';

/**
 * Products (AnqiCMS archives) and their SKUs. Other modules use only CatalogueService: pricing,
 * atomic stock reservation/release, and batched goods objects for nesting.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Archive, ArchiveSku])],
  providers: [CatalogueService],
  exports: [CatalogueService],
})
export class CatalogueModule {}
