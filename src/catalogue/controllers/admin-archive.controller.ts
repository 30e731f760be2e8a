import { ApiRequestExample, ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
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
import { DELETED_MSG, SAVED_MSG, WithMessage } from '../../common/http/envelope.js';

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
    summary: 'All live products, hidden ones too, newest first; or the recycle bin',
    description:
      "Filters as the panel sends them: status ('' | ok | draft | plan, or 1 | 0), title (+ exact), flag, category_id and module_id (0 = no filter), keyword. Deleted products are left out, unless recycle=true, which lists only them.",
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
  @ApiRequestExample(SaveArchiveRequestDto, 'A new product in a demo category, in two sizes', {
    title: 'Custom hoodie',
    category_id: 1,
    description: 'Your artwork printed on a cotton hoodie.',
    content: '<p>320 g cotton, printed with your artwork.</p>',
    price: 19900,
    images: ['https://picsum.photos/seed/demo-hoodie/800/800'],
    skus: [
      { title: 'Size M', price: 19900, stock: 20 },
      { title: 'Size L', price: 20900, stock: 10 },
    ],
  })
  async save(@Body() body: SaveArchiveRequestDto) {
    return new WithMessage(await this.admin.save(body), SAVED_MSG);
  }

  @ApiExampleNeeds(
    'put the id of a product you created (POST /system/api/archive/detail); the demo products are ids 1-3.',
  )
  @Post('delete')
  @HttpCode(200)
  @StaffPermission('catalogue.write')
  @ApiOperation({
    summary: 'Delete a product (to the recycle bin)',
    description:
      'Customers no longer see it; order history still shows it; `archive/recover` brings it back. Deleting it again from the recycle bin is refused (CATALOGUE.KEPT_IN_RECYCLE_BIN): orders refer to it, so it is never erased (AnqiCMS erases it).',
  })
  @ApiEnvelope('null', {
    errors: [CatalogueErrors.goodsNotFound, CatalogueErrors.keptInRecycleBin],
  })
  async delete(@Body() body: ArchiveIdBodyDto) {
    return new WithMessage(await this.admin.delete(body.id), DELETED_MSG);
  }

  @ApiExampleNeeds(
    'put the id of a product in the recycle bin (delete one first with POST /system/api/archive/delete).',
  )
  @Post('recover')
  @HttpCode(200)
  @StaffPermission('catalogue.write')
  @ApiOperation({
    summary: 'Restore a product from the recycle bin',
    description:
      'As the panel’s recycle bin sends it (`{id}`). The product is live again with its status. Answers `msg` "Product restored".',
  })
  @ApiEnvelope('null', {
    errors: [CatalogueErrors.notInRecycleBin, CatalogueErrors.urlTokenTaken],
  })
  async recover(@Body() body: ArchiveIdBodyDto) {
    return new WithMessage(await this.admin.restore(body.id), 'Product restored');
  }
}
