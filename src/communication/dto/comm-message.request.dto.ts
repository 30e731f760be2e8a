import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { MESSAGE_TYPES } from '../entities/comm-message.entity.js';
import type { MessageType } from '../entities/comm-message.entity.js';
import { trimString } from '../../common/validation/dto-limits.js';
import { IsDbId, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

export const MAX_MESSAGE_LENGTH = 5000;

/**
 * POST .../message/send. Only these three fields are read: `sender_id`, `sender_type` and
 * `sender_name` in the body are stripped; the sender is always the caller's token.
 */
export class SendMessageRequestDto {
  @ApiProperty({ example: 1 })
  @IsDbId()
  comm_order_id: number;

  @ApiProperty({
    enum: MESSAGE_TYPES,
    example: 'text',
    description: '`quote` comes only from order/quote, `unknown` is never accepted',
  })
  @IsIn(MESSAGE_TYPES)
  message_type: MessageType;

  @ApiProperty({
    example: '您好,我想定制一个外贸网站主题',
    maxLength: MAX_MESSAGE_LENGTH,
    description: 'Text, or for image messages the image URL',
  })
  @Transform(trimString)
  @IsString()
  @Length(1, MAX_MESSAGE_LENGTH)
  content: string;
}

/** GET .../messages: pages counted from the newest message, each page oldest-first. */
export class CommMessagesQueryDto extends PageQueryDto {
  @ApiProperty({ example: 1 })
  @IsDbId({ query: true })
  comm_order_id: number;

  @ApiPropertyOptional({
    example: 0,
    description: 'Scroll back: the page_size messages just before this message id',
  })
  @OptionalNotNull()
  @IsDbId({ bigint: true, query: true })
  before_id?: number;

  @ApiPropertyOptional({
    example: 0,
    description: 'Catch up: the first page_size messages after this message id',
  })
  @OptionalNotNull()
  @IsDbId({ zero: true, bigint: true, query: true })
  after_id?: number;
}
