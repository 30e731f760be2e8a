import { ApiProperty } from '@nestjs/swagger';
import { IsDbId } from '../../common/validation/db-bounds.decorators.js';

/** POST /system/api/attachment/delete (AnqiCMS's staff attachment delete: `{id}`). */
export class AttachmentDeleteRequestDto {
  @ApiProperty({ example: 1, description: 'The attachment id (from the upload answer)' })
  @IsDbId()
  id: number;
}
