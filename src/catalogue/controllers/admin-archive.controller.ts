import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import {
  ArchiveIdBodyDto,
  ArchiveIdQueryDto,
  SaveArchiveRequestDto,
  StaffArchiveListQueryDto,
} from '../dto/archive.request.dto.js';
import { GoodsWithSkusResponseDto } from '../dto/goods.response.dto.js';
import { ArchiveAdminService } from '../services/archive-admin.service.js';
import { ArchiveQueryService } from '../services/archive-query.service.js';

@ApiTags('Catalogue (staff)')
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
  list(@Query() query: StaffArchiveListQueryDto) {
    return this.archives.staffList(query);
  }

  @Get('detail')
  @StaffPermission('catalogue.read')
  @ApiOperation({
    summary: 'One product with all its options (deleted products too)',
  })
  @ApiEnvelope(GoodsWithSkusResponseDto, { errors: ['CATALOGUE.GOODS_NOT_FOUND'] })
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
      'CATALOGUE.GOODS_NOT_FOUND',
      'CATALOGUE.TITLE_REQUIRED',
      'CATALOGUE.URL_TOKEN_TAKEN',
      'CATALOGUE.SELLER_NOT_FOUND',
      'CATALOGUE.SKU_NOT_FOUND',
      'COMMON.VALIDATION',
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
  @ApiEnvelope('null', { errors: ['CATALOGUE.GOODS_NOT_FOUND'] })
  delete(@Body() body: ArchiveIdBodyDto) {
    return this.admin.delete(body.id);
  }
}
