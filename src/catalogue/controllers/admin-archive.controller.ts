import { ApiRequestExample, ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentAdmin } from '../../common/auth/access.decorators.js';
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
import { WithMessage } from '../../common/http/envelope.js';
import {
  CatalogueRead,
  CatalogueWrite,
  deleted,
  saved,
  StaffCatalogueController,
} from './staff-catalogue.routes.js';

@StaffCatalogueController('archive')
export class AdminArchiveController {
  constructor(
    private readonly archives: ArchiveQueryService,
    private readonly admin: ArchiveAdminService,
  ) {}

  @CatalogueRead('list')
  @ApiOperation({
    summary: 'All live products, hidden ones too, newest first; or the recycle bin',
    description:
      "Filters as the panel sends them: status ('' | ok | draft | plan, or 1 | 0), title (+ exact), flag, category_id and module_id (0 = no filter), keyword. Deleted products are left out, unless recycle=true, which lists only them.",
  })
  @ApiPageEnvelope(GoodsWithSkusResponseDto)
  list(@CurrentAdmin() admin: AdminPrincipal, @Query() query: StaffArchiveListQueryDto) {
    return this.archives.staffList(admin, query);
  }

  @CatalogueRead('detail')
  @ApiOperation({
    summary: 'One product with all its options (deleted products too)',
  })
  @ApiEnvelope(GoodsWithSkusResponseDto, { errors: [CatalogueErrors.goodsNotFound] })
  detail(@Query() query: ArchiveIdQueryDto) {
    return this.archives.staffDetail(query.id);
  }

  @CatalogueWrite('detail')
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
  save(@Body() body: SaveArchiveRequestDto) {
    return saved(this.admin.save(body));
  }

  @ApiExampleNeeds(
    'put the id of a product you created (POST /system/api/archive/detail); the demo products are ids 1-3.',
  )
  @CatalogueWrite('delete')
  @ApiOperation({
    summary: 'Delete a product (to the recycle bin)',
    description:
      'Customers no longer see it; order history still shows it; `archive/recover` brings it back. Deleting it again from the recycle bin is refused (CATALOGUE.KEPT_IN_RECYCLE_BIN): orders refer to it, so it is never erased (AnqiCMS erases it).',
  })
  @ApiEnvelope('null', {
    errors: [CatalogueErrors.goodsNotFound, CatalogueErrors.keptInRecycleBin],
  })
  delete(@Body() body: ArchiveIdBodyDto) {
    return deleted(this.admin.delete(body.id));
  }

  @ApiExampleNeeds(
    'put the id of a product in the recycle bin (delete one first with POST /system/api/archive/delete).',
  )
  @CatalogueWrite('recover')
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
