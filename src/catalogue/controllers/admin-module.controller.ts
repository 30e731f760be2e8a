import { Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiArrayEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { ModuleListQueryDto } from '../dto/category.request.dto.js';
import { ModuleResponseDto, productModule } from '../dto/module.response.dto.js';
import { CatalogueRead, StaffCatalogueController } from './staff-catalogue.routes.js';

/**
 * AnqiCMS's content models. The catalogue has one, products (module 2), which the panel's product
 * list shows in its "document model" column and filter. Creating or editing models is a CMS
 * feature this service does not have (`module/detail`, `module/delete` are not routes).
 */
@StaffCatalogueController('module')
export class AdminModuleController {
  @CatalogueRead('list')
  @ApiOperation({
    summary: 'The content models: the one product module',
    description: '`exclude_id` leaves that module out, as AnqiCMS. Fixed: no query.',
  })
  @ApiArrayEnvelope(ModuleResponseDto)
  list(@Query() query: ModuleListQueryDto) {
    return [productModule()].filter((module) => module.id !== query.exclude_id);
  }
}
