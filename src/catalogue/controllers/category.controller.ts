import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.decorators.js';
import { ApiArrayEnvelope, ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { CategoryErrors } from '../catalogue.errors.js';
import { CategoryDetailQueryDto, CategoryListQueryDto } from '../dto/category.request.dto.js';
import { CategoryResponseDto } from '../dto/category.response.dto.js';
import { CategoryQueryService } from '../services/category-query.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Catalogue')
@Public()
@Controller('api/category')
export class CategoryController {
  constructor(private readonly categories: CategoryQueryService) {}

  @Get('list')
  @ApiOperation({
    summary: 'Shown categories (AnqiCMS filters)',
    description:
      'Direct children of `parentId` (default 0 = top level), by sort then id; `moduleId` filters top-level lists; `all=true` gives every level in tree order; `limit` is `n` or `offset,n`. No `total`, as AnqiCMS.',
  })
  @ApiArrayEnvelope(CategoryResponseDto)
  list(@Query() query: CategoryListQueryDto) {
    return this.categories.publicList(query);
  }

  @ApiExampleNeeds(
    'fill id (the demo categories are ids 1-3; GET /api/category/list) or url_token.',
  )
  @Get('detail')
  @ApiOperation({
    summary: 'One shown category by id, or by url_token (`filename`, `catname` or `url_token`)',
  })
  @ApiEnvelope(CategoryResponseDto, { errors: [CategoryErrors.notFound] })
  detail(@Query() query: CategoryDetailQueryDto) {
    return this.categories.publicDetail(query);
  }
}
