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

export const PAY_WAYS_DOC =
  'balance, offline, or a configured gateway: wechat (Native QR code; JSAPI with openid), weapp ' +
  '(mini-program), alipay (PC page), alipay_wap (mobile page)';

export class PaymentRequestDto extends OrderNumberRequestDto {
  @ApiProperty({ example: 'balance', description: PAY_WAYS_DOC })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  pay_way: string;

  @ApiPropertyOptional({
    example: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    description:
      'weapp, and wechat inside WeChat (JSAPI): the payer’s openid for the app being used ' +
      '(AnqiCMS reads it from the user’s WeChat binding, which this service does not keep)',
  })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[\w-]{1,128}$/, { message: 'openid must be letters, digits, _ or - (at most 128)' })
  openid?: string;
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

/**
 * Both fields may be empty or left out: the AnqiCMS staff panel offers an empty "no courier"
 * choice for goods that need no shipping (virtual goods, services), and AnqiCMS accepts it.
 */
export class DeliverRequestDto extends OrderNumberRequestDto {
  @ApiPropertyOptional({ example: 'SF Express', default: '' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  express_company?: string;

  @ApiPropertyOptional({ example: 'SF1234567890', default: '' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  tracking_number?: string;
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

  @ApiPropertyOptional({
    example: 1200,
    description: 'Keyset cursor: the page of orders older than this id (instead of current)',
  })
  @OptionalNotNull()
  @IsDbId({ query: true })
  before_id?: number;

  @ApiPropertyOptional({
    example: 1300,
    description: 'Keyset cursor: the page of orders newer than this id (instead of current)',
  })
  @OptionalNotNull()
  @IsDbId({ query: true })
  after_id?: number;
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

  /**
   * The same filter under the name the AnqiCMS staff panel's search form may send: its buyer
   * column is `dataIndex: 'user.user_name'`.
   */
  @ApiPropertyOptional({ example: 'sinclair', description: 'Alias of user_name (staff panel)' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  'user.user_name'?: string;

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
