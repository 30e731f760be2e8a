import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_INT4 } from './dto-limits.js';

/** `?id=` of one record: a positive INT (larger ids are invalid input, not a database error). */
export class IdQueryDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  id: number;
}
