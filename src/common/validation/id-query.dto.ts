import { ApiProperty } from '@nestjs/swagger';
import { IsDbId } from './db-bounds.decorators.js';

/** `?id=` of one record: a positive INT (larger ids are invalid input, not a database error). */
export class IdQueryDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsDbId({ query: true })
  id: number;
}
