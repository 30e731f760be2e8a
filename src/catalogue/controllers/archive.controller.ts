import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.decorators.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { CatalogueErrors } from '../catalogue.errors.js';
import { ArchiveIdQueryDto, ArchiveListQueryDto } from '../dto/archive.request.dto.js';
import { GoodsWithSkusResponseDto } from '../dto/goods.response.dto.js';
import { ArchiveQueryService } from '../services/archive-query.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Catalogue')
@Public()
@Controller('api/archive')
export class ArchiveController {
  constructor(private readonly archives: ArchiveQueryService) {}

  @Get('list')
  @ApiOperation({
    summary: 'Products on sale, newest first',
    description: 'Only products with status 1 that are not deleted; `skus` lists enabled options.',
  })
  @ApiPageEnvelope(GoodsWithSkusResponseDto)
  list(@Query() query: ArchiveListQueryDto) {
    return this.archives.publicList(query);
  }

  @Get('detail')
  @ApiOperation({ summary: 'One product on sale, with its enabled options' })
  @ApiEnvelope(GoodsWithSkusResponseDto, { errors: [CatalogueErrors.goodsNotFound] })
  detail(@Query() query: ArchiveIdQueryDto) {
    return this.archives.publicDetail(query.id);
  }
}
