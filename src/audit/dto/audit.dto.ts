import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength } from 'class-validator';
import {
  IsDbId,
  IsUnixTime,
  OptionalNotNull,
} from '../../common/validation/db-bounds.decorators.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { trimString } from '../../common/validation/dto-limits.js';

/** Letters, digits and `._-` only: what actions, entity types and ids are made of. */
const TOKEN = /^[\w.-]+$/;

export class AuditListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 1, description: 'Staff member (actor) id' })
  @OptionalNotNull()
  @IsDbId({ query: true })
  admin_id?: number;

  @ApiPropertyOptional({ example: 'order', description: 'order, request, product, coupon, ...' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(32)
  @Matches(TOKEN, { message: 'entity_type must be a word like "order"' })
  entity_type?: string;

  @ApiPropertyOptional({ example: '202211232209080046', description: 'With entity_type' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  @Matches(TOKEN, { message: 'entity_id must be an id' })
  entity_id?: string;

  @ApiPropertyOptional({ example: 'order.deliver' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  @Matches(TOKEN, { message: 'action must be like "order.deliver"' })
  action?: string;

  @ApiPropertyOptional({ example: 1669212548, description: 'At or after (unix seconds)' })
  @OptionalNotNull()
  @IsUnixTime({ query: true })
  start_time?: number;

  @ApiPropertyOptional({ example: 1699212548, description: 'Before (unix seconds)' })
  @OptionalNotNull()
  @IsUnixTime({ query: true })
  end_time?: number;
}

/** One audit row; `user_name`, `log`, `ip` and `created_time` are AnqiCMS's admin-log fields. */
export class AuditLogResponseDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ example: 1, description: 'Staff member id' }) admin_id: number;
  @ApiProperty({ example: 'admin', description: 'Staff user name at the time' }) user_name: string;
  @ApiProperty({ example: 'order.deliver' }) action: string;
  @ApiProperty({ example: 'order' }) entity_type: string;
  @ApiProperty({ example: '202211232209080046' }) entity_id: string;
  @ApiProperty({
    example: { from_status: 1, to_status: 2 },
    type: 'object',
    additionalProperties: true,
  })
  details: Record<string, unknown>;
  @ApiProperty({ example: 'order.deliver order 202211232209080046', description: 'One line' })
  log: string;
  @ApiProperty({ example: '203.0.113.7', description: 'Client address (TRUST_PROXY decides)' })
  ip: string;
  @ApiProperty({ example: '7f0c...', description: 'x-request-id of the request' })
  request_id: string;
  @ApiProperty({ example: 1702912236 }) created_time: number;
}
