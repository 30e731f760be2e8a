import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { IsDbId, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { trimString } from '../../common/validation/dto-limits.js';

/**
 * GET /system/api/attachment/list, as the panel's image picker (`src/components/attachment/
 * content.tsx`) sends it: `current`, `pageSize`, `category_id`, `q`.
 */
export class StaffAttachmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '', description: 'Part of the file name' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(250)
  @Matches(/^[^\0]*$/, { message: 'q must not contain NUL characters' })
  q?: string;

  @ApiPropertyOptional({
    example: 0,
    description: 'Image folders do not exist here: every value lists all images',
  })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  category_id?: number;
}
