import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { ORDER_STATUSES, STATUS_FILTER_NAMES } from '../order-status.js';
import { trimString } from '../../common/validation/dto-limits.js';
import {
  IsDbId,
  IsUnixTime,
  OptionalNotNull,
} from '../../common/validation/db-bounds.decorators.js';

const ORDER_NUMBER = /^\d{1,32}$/;

/** Every order action names its order by number (`order_id`), as AnqiCMS does. */
export class OrderNumberRequestDto {
  @ApiProperty({ example: '202211232209080046' })
  @Transform(trimString)
  @IsString()
  @Matches(ORDER_NUMBER, { message: 'order_id must be an order number (digits)' })
  order_id: string;
}

export class CancelOrderRequestDto extends OrderNumberRequestDto {
  @ApiPropertyOptional({ example: 'Ordered the wrong size', description: 'Kept in the history' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  reason?: string;
}

export class RefundRequestDto extends CancelOrderRequestDto {}

export const PAY_WAYS_DOC = 'balance, offline, or a configured gateway (wechat, alipay, paypal)';

export class PaymentRequestDto extends OrderNumberRequestDto {
  @ApiProperty({ example: 'balance', description: PAY_WAYS_DOC })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  pay_way: string;
}

export class AdminPayRequestDto extends OrderNumberRequestDto {
  @ApiPropertyOptional({
    example: 'offline',
    default: 'offline',
    description: 'How the money arrived (offline or a gateway name); never balance',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(32)
  pay_way?: string;

  @ApiPropertyOptional({ example: 'Bank transfer 2024-05-01', description: 'Kept in the history' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  note?: string;
}

export class DeliverRequestDto extends OrderNumberRequestDto {
  @ApiProperty({ example: 'SF Express' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  express_company: string;

  @ApiProperty({ example: 'SF1234567890' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  tracking_number: string;
}

/** AnqiCMS `refund`: status 1 approves, anything else (-1, 0) refuses. */
export class RefundDecisionRequestDto extends OrderNumberRequestDto {
  @ApiProperty({ enum: [1, -1], example: 1, description: '1 = approve, -1 = refuse' })
  @IsIn([1, -1, 0])
  status: number;

  @ApiPropertyOptional({
    example: 'Already shipped and received',
    description: 'Kept in the history',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  reason?: string;
}

const STATUS_FILTER_VALUES = ['', ...STATUS_FILTER_NAMES, ...ORDER_STATUSES.map(String)];

export class OrderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: STATUS_FILTER_VALUES,
    description: 'Empty = all; a status name or number',
  })
  @OptionalNotNull()
  @IsIn(STATUS_FILTER_VALUES, {
    message: `status must be one of: ${STATUS_FILTER_NAMES.join(', ')}`,
  })
  status?: string;
}

export class OrderDetailQueryDto {
  @ApiPropertyOptional({ example: '202211232209080046', description: 'Order number' })
  @ValidateIf((query: OrderDetailQueryDto) => query.id === undefined)
  @Transform(trimString)
  @IsString()
  @Matches(ORDER_NUMBER, { message: 'order_id must be an order number (digits)' })
  order_id?: string;

  @ApiPropertyOptional({ example: 46, description: 'Or the numeric order id' })
  @OptionalNotNull()
  @IsDbId({ query: true })
  id?: number;
}

export class AdminOrderListQueryDto extends OrderListQueryDto {
  @ApiPropertyOptional({ example: '202211232209080046' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(32)
  order_id?: string;

  @ApiPropertyOptional({ example: 'sinclair', description: 'Buyer user name contains' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  user_name?: string;

  @ApiPropertyOptional({ example: 1000, description: 'Buyer id' })
  @OptionalNotNull()
  @IsDbId({ query: true })
  user_id?: number;

  @ApiPropertyOptional({ example: 1669212548, description: 'Created at or after (unix seconds)' })
  @OptionalNotNull()
  @IsUnixTime({ query: true })
  start_time?: number;

  @ApiPropertyOptional({ example: 1699212548, description: 'Created before (unix seconds)' })
  @OptionalNotNull()
  @IsUnixTime({ query: true })
  end_time?: number;
}
