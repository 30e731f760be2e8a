import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.decorators.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { CategoryErrors } from '../catalogue.errors.js';
import { PageDetailQueryDto } from '../dto/category.request.dto.js';
import { CategoryResponseDto } from '../dto/category.response.dto.js';
import { CategoryQueryService } from '../services/category-query.service.js';

/** Single pages (About, Contact): AnqiCMS keeps them as categories of type 3, so does this. */
@ApiTag('Catalogue')
@Public()
@Controller('api/page')
export class PageController {
  constructor(private readonly categories: CategoryQueryService) {}

  @ApiExampleNeeds('fill filename: `about` or `contact` (the demo pages), or a page id.')
  @Get('detail')
  @ApiOperation({
    summary: 'One shown single page by id, or by url_token (`filename`, or `url_token`)',
    description:
      'What the mini-program’s About and Contact tabs read: `title`, `content` (sanitised HTML), `images`, `created_time`. Hidden pages answer CATEGORY.PAGE_NOT_FOUND like unknown ones.',
  })
  @ApiEnvelope(CategoryResponseDto, { errors: [CategoryErrors.pageNotFound] })
  detail(@Query() query: PageDetailQueryDto) {
    return this.categories.publicPage(query);
  }
}
