import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user.response.dto.js';
import { COMM_ORDER_STATUSES } from '../comm-order-status.js';
import type { CommAction } from '../comm-order-status.js';
import { MESSAGE_TYPES, SENDER_TYPES } from '../entities/comm-message.entity.js';

/** A thread message (the `messages[]` item of the list spec, plus created_time/quote_version). */
export class CommMessageResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 123 }) comm_order_id: number;
  @ApiProperty({ example: 1000, description: 'User id, admin id, or 0 for system messages' })
  sender_id: number;
  @ApiProperty({ example: 'user', enum: SENDER_TYPES }) sender_type: string;
  @ApiProperty({ example: 'testuser' }) sender_name: string;
  @ApiProperty({ example: 'text', enum: MESSAGE_TYPES }) message_type: string;
  @ApiProperty({ example: '您好,我想定制一个外贸网站主题' }) content: string;
  @ApiProperty({ example: 0, description: 'For quote messages: the quote version; else 0' })
  quote_version: number;
  @ApiProperty({ example: 1669212548 }) created_time: number;
}

/** What the thread adds to the users module's public user object: the spec example's spelling. */
class CommUserNameDto {
  @ApiProperty({ example: 'testuser', description: 'Same as user_name' }) username: string;
}

/**
 * The nested `user`: composed of the users module's public user object and `username`, not a
 * subclass of it (a module never extends another's DTO). The JSON and its schema are the flat
 * union of both, as AnqiCMS's spec example has it.
 */
export class CommUserResponseDto extends IntersectionType(UserResponseDto, CommUserNameDto) {}

/** One immutable quote version. */
export class CommQuoteResponseDto {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: '9900', description: 'Currency units (decimal string)' })
  quote_price: string;
  @ApiProperty({ example: 990000, description: 'Fen' }) quote_amount: number;
  @ApiProperty({ example: '定制开发费用为9900元' }) quote_content: string;
  @ApiProperty({ example: 0, description: 'Unix seconds, 0 = no expiry' }) valid_until: number;
  @ApiProperty({ example: 1, description: 'Admin id' }) created_by: number;
  @ApiProperty({ example: 1669212548 }) created_time: number;
}

/**
 * A communication order: every field of test/fixtures/anqicms/communication-orders-list.txt, plus
 * thread/quote/concurrency fields. Built only by the comm-order mapper.
 */
export class CommOrderResponseDto {
  @ApiProperty({ example: 123 }) id: number;
  @ApiProperty({
    example: 456,
    description:
      "The shop order created by accept: its id (the order's `id`, not its `order_id` number); 0 until then",
  })
  order_id: number;
  @ApiProperty({ example: 1000 }) user_id: number;
  @ApiProperty({ example: 1669212548 }) created_time: number;
  @ApiProperty({ example: 1669212548, description: 'Last change of the request or its status' })
  updated_time: number;
  @ApiProperty({ example: 188, description: 'Product (archive) id' }) archive_id: number;
  @ApiProperty({ example: '13888888888' }) phone: string;
  @ApiProperty({ type: [String] }) images: string[];
  @ApiProperty({ type: [String], example: [] }) sketch_images: string[];
  @ApiProperty({ type: [String], example: [] }) finished_images: string[];
  @ApiProperty({ example: '定制网站主题' }) title: string;
  @ApiProperty({ example: '需要定制一个响应式的外贸网站主题,包含多语言功能' }) content: string;
  @ApiProperty({ example: '2023-12-31' }) event_date: string;
  @ApiProperty({
    example: 2,
    enum: COMM_ORDER_STATUSES,
    description:
      '0 pending, 1 in communication, 2 quoted (waiting for the customer), 3 accepted, 4 rejected, -1 cancelled',
  })
  status: number;
  @ApiProperty({ example: 1, description: 'Staff member handling it; 0 = none yet' })
  admin_id: number;
  @ApiProperty({
    example: '9900',
    description: 'Current quote in currency units (decimal string); "" = none',
  })
  quote_price: string;
  @ApiProperty({ example: 990000, description: 'Current quote in fen; 0 = none' })
  quote_amount: number;
  @ApiProperty({ example: '根据您的需求,定制开发费用为9900元,包含基础功能和后期维护3个月' })
  quote_content: string;
  @ApiProperty({ example: 1, description: 'Current quote version; 0 = never quoted' })
  quote_version: number;
  @ApiProperty({ example: 0, description: 'Unix seconds, 0 = no expiry' })
  quote_valid_until: number;
  @ApiProperty({
    example: { delivery_time: '2023-12-31', requirement: '需要支持中英文切换' },
    type: 'object',
    additionalProperties: true,
  })
  order_extra: Record<string, string | number>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [],
    description: 'Form-field definitions (AnqiCMS); empty until a form designer exists',
  })
  order_fields: Record<string, unknown>[];
  @ApiProperty({ type: CommUserResponseDto, nullable: true }) user: CommUserResponseDto | null;
  @ApiProperty({
    type: [CommMessageResponseDto],
    description: 'The latest messages (at most 20), oldest first; the rest via .../messages',
  })
  messages: CommMessageResponseDto[];
  @ApiProperty({
    example: 'https://en.anqicms.com/uploads/thumb.jpg',
    description: 'From the product',
  })
  thumb: string;
  @ApiProperty({ example: 0, description: "Messages the caller's side has not read" })
  unread_count: number;
  @ApiProperty({ example: 1 }) message_count: number;
  @ApiProperty({ example: 1669212548, description: '0 = no messages' }) last_message_time: number;
  @ApiProperty({
    example: 1669212548,
    description: 'Since when the customer waits for a staff answer; 0 = not waiting',
  })
  waiting_since: number;
  @ApiProperty({ example: '' }) cancel_reason: string;
  @ApiProperty({ example: '' }) reject_reason: string;
  @ApiProperty({ example: 0 }) accepted_time: number;
  @ApiProperty({ example: 3, description: 'Bumped by every change of the request itself' })
  version: number;
  @ApiProperty({
    example: ['accept', 'reject', 'cancel', 'send_message'],
    description: 'What the caller may do now (from the transition table)',
    type: [String],
  })
  allowed_actions: CommAction[];
}

/** Detail adds every quote version, newest first. */
export class CommOrderDetailResponseDto extends CommOrderResponseDto {
  @ApiPropertyOptional({ type: [CommQuoteResponseDto] }) quotes: CommQuoteResponseDto[];
}

/** Answer of order/read. */
export class CommReadStateResponseDto {
  @ApiProperty({ example: 123 }) id: number;
  @ApiProperty({ example: 0 }) unread_count: number;
  @ApiProperty({ example: 42, description: 'The last message id now marked read' })
  last_read_message_id: number;
}
