import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, CurrentAdmin, StaffPermission } from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import {
  ArchiveIdBodyDto,
  ArchiveIdQueryDto,
  SaveArchiveRequestDto,
  StaffArchiveListQueryDto,
} from '../dto/archive.request.dto.js';
import { GoodsWithSkusResponseDto } from '../dto/goods.response.dto.js';
import { ArchiveAdminService } from '../services/archive-admin.service.js';
import { ArchiveQueryService } from '../services/archive-query.service.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Staff: catalogue')
@Admin()
@Controller('system/api/archive')
export class AdminArchiveController {
  constructor(
    private readonly archives: ArchiveQueryService,
    private readonly admin: ArchiveAdminService,
  ) {}

  @Get('list')
  @StaffPermission('catalogue.read')
  @ApiOperation({
    summary: 'All live products, hidden ones too, newest first',
    description: 'Filters: status, keyword (title), category_id. Deleted products are left out.',
  })
  @ApiPageEnvelope(GoodsWithSkusResponseDto)
  list(@CurrentAdmin() admin: AdminPrincipal, @Query() query: StaffArchiveListQueryDto) {
    return this.archives.staffList(admin, query);
  }

  @Get('detail')
  @StaffPermission('catalogue.read')
  @ApiOperation({
    summary: 'One product with all its options (deleted products too)',
  })
  @ApiEnvelope(GoodsWithSkusResponseDto, { errors: [CatalogueErrors.goodsNotFound] })
  detail(@Query() query: ArchiveIdQueryDto) {
    return this.archives.staffDetail(query.id);
  }

  @Post('detail')
  @HttpCode(200)
  @StaffPermission('catalogue.write')
  @ApiOperation({
    summary: 'Create (no id) or update (id) a product and its options',
    description:
      'Updates change only the fields sent. `skus` is the complete set of options: listed ids keep their id, new entries are added, omitted options are disabled (never deleted).',
  })
  @ApiEnvelope(GoodsWithSkusResponseDto, {
    errors: [
      CatalogueErrors.goodsNotFound,
      CatalogueErrors.titleRequired,
      CatalogueErrors.urlTokenTaken,
      CatalogueErrors.sellerNotFound,
      CatalogueErrors.skuNotFound,
      CommonErrors.validation,
    ],
  })
  save(@Body() body: SaveArchiveRequestDto) {
    return this.admin.save(body);
  }

  @Post('delete')
  @HttpCode(200)
  @StaffPermission('catalogue.write')
  @ApiOperation({
    summary: 'Delete a product (soft)',
    description: 'Customers no longer see it; order history still shows it.',
  })
  @ApiEnvelope('null', { errors: [CatalogueErrors.goodsNotFound] })
  delete(@Body() body: ArchiveIdBodyDto) {
    return this.admin.delete(body.id);
  }
}
