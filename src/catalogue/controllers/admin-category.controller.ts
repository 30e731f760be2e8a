import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiArrayEnvelope, ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { CategoryErrors } from '../catalogue.errors.js';
import {
  CategoryIdBodyDto,
  CategoryIdQueryDto,
  SaveCategoryRequestDto,
  StaffCategoryListQueryDto,
} from '../dto/category.request.dto.js';
import { CategoryResponseDto } from '../dto/category.response.dto.js';
import { CategoryAdminService } from '../services/category-admin.service.js';
import { CategoryQueryService } from '../services/category-query.service.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import {
  CatalogueRead,
  CatalogueWrite,
  deleted,
  saved,
  StaffCatalogueController,
} from './staff-catalogue.routes.js';

@StaffCatalogueController('category')
export class AdminCategoryController {
  constructor(
    private readonly categories: CategoryQueryService,
    private readonly admin: CategoryAdminService,
  ) {}

  @CatalogueRead('list')
  @ApiOperation({
    summary: 'Every category (or single page), hidden ones too, in tree order',
    description:
      'Filters: type (1 = product categories, the default; 3 = single pages, as the panel’s page list asks), module_id, title. `level` and `spacer` show the depth.',
  })
  @ApiArrayEnvelope(CategoryResponseDto)
  list(@Query() query: StaffCategoryListQueryDto) {
    return this.categories.staffList(query);
  }

  @CatalogueRead('detail')
  @ApiOperation({ summary: 'One category or single page with its content' })
  @ApiEnvelope(CategoryResponseDto, { errors: [CategoryErrors.notFound] })
  detail(@Query() query: CategoryIdQueryDto) {
    return this.categories.staffDetail(query.id);
  }

  @CatalogueWrite('detail')
  @ApiOperation({
    summary: 'Create (no id) or update (id) a category or single page (type 3)',
    description:
      'Updates change only the fields sent. `content` is sanitised HTML. A sub-category takes its parent’s module; a module change moves sub-categories and their products along. A single page has no parent. Answers `msg` "Save successfully", which the panel shows.',
  })
  @ApiEnvelope(CategoryResponseDto, {
    errors: [
      CategoryErrors.notFound,
      CategoryErrors.titleRequired,
      CategoryErrors.urlTokenTaken,
      CategoryErrors.parentNotFound,
      CategoryErrors.parentCycle,
      CategoryErrors.pageParent,
      CommonErrors.validation,
    ],
  })
  save(@Body() body: SaveCategoryRequestDto) {
    return saved(this.admin.save(body));
  }

  @ApiExampleNeeds(
    'put the id of an empty category you created (POST /system/api/category/detail): a category that still has products is refused.',
  )
  @CatalogueWrite('delete')
  @ApiOperation({
    summary: 'Delete a category that no live product and no sub-category uses',
    description:
      'Refused with CATEGORY.HAS_PRODUCTS or CATEGORY.HAS_CHILDREN (`details` counts them). Single pages are deleted at once. Answers `msg` "Delete successful".',
  })
  @ApiEnvelope('null', {
    errors: [CategoryErrors.notFound, CategoryErrors.hasProducts, CategoryErrors.hasChildren],
  })
  delete(@Body() body: CategoryIdBodyDto) {
    return deleted(this.admin.delete(body.id));
  }
}
