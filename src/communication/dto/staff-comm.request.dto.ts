import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { COMM_ORDER_STATUSES, CommOrderStatus } from '../comm-order-status.js';
import {
  COMM_STATUS_DESCRIPTION,
  CommOrderIdRequestDto,
  MAX_CONTENT_LENGTH,
  MAX_REASON_LENGTH,
  StaffImages,
} from './comm-order.request.dto.js';
import { trimString } from '../../common/validation/dto-limits.js';
import {
  IsDbId,
  IsUnixTime,
  OptionalNotNull,
  queryInteger,
} from '../../common/validation/db-bounds.decorators.js';

export const STAFF_LIST_SORTS = ['waiting', 'newest', 'activity'] as const;

/** Empty query text (`?keyword=`) means "not filtered". */
const optionalQueryText = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || undefined : value;

/** GET /system/api/communication/order/list */
export class StaffCommOrderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: COMM_ORDER_STATUSES, description: COMM_STATUS_DESCRIPTION })
  @OptionalNotNull()
  @Transform(queryInteger)
  @IsIn(COMM_ORDER_STATUSES)
  status?: CommOrderStatus;

  @ApiPropertyOptional({
    example: 'alice',
    description: 'A customer: user id, or (part of) user name, real name or phone',
  })
  @OptionalNotNull()
  @Transform(optionalQueryText)
  @IsString()
  @Length(1, 64)
  user?: string;

  @ApiPropertyOptional({ example: 188, description: 'Product (archive) id' })
  @OptionalNotNull()
  @IsDbId({ query: true })
  archive_id?: number;

  @ApiPropertyOptional({ example: '主题', description: 'Searched in title, content and phone' })
  @OptionalNotNull()
  @Transform(optionalQueryText)
  @IsString()
  @Length(1, 100)
  keyword?: string;

  @ApiPropertyOptional({
    enum: [0, 1],
    description: '1 = only requests with unread customer messages',
  })
  @OptionalNotNull()
  @Transform(queryInteger)
  @IsIn([0, 1])
  unread?: number;

  @ApiPropertyOptional({
    enum: STAFF_LIST_SORTS,
    default: 'waiting',
    description:
      'waiting: longest-waiting customer first (oldest unanswered customer message), then newest; newest: newest requests first; activity: latest message or change first',
  })
  @OptionalNotNull()
  @Transform(optionalQueryText)
  @IsIn(STAFF_LIST_SORTS)
  sort?: (typeof STAFF_LIST_SORTS)[number];
}

/** POST /system/api/communication/order/quote */
export class QuoteRequestDto extends CommOrderIdRequestDto {
  @ApiProperty({
    example: '9900',
    description:
      'Decimal amount in currency units ("9900" or "99.50"): positive, at most 2 decimals, at most 10000000. A number is accepted too',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'number' && Number.isFinite(value) ? String(value) : value,
  )
  @IsString()
  @Length(1, 16)
  quote_price: string;

  @ApiProperty({
    example: '根据您的需求,定制开发费用为9900元,包含基础功能和后期维护3个月',
    maxLength: MAX_CONTENT_LENGTH,
  })
  @Transform(trimString)
  @IsString()
  @Length(1, MAX_CONTENT_LENGTH)
  quote_content: string;

  @ApiPropertyOptional({
    example: 1893456000,
    description:
      'Unix seconds after which the quote can no longer be accepted; must be in the future',
  })
  @OptionalNotNull()
  @IsUnixTime({ min: 1 })
  valid_until?: number;
}

/** POST /system/api/communication/order/images: each list sent replaces the stored one. */
export class CommImagesRequestDto extends CommOrderIdRequestDto {
  @StaffImages('Sketch (draft) images; replaces the list. New URLs are posted as image messages')
  sketch_images?: string[];

  @StaffImages('Finished images; replaces the list. New URLs are posted as image messages')
  finished_images?: string[];
}

/** POST /system/api/communication/order/cancel: staff must say why. */
export class StaffCancelRequestDto extends CommOrderIdRequestDto {
  @ApiProperty({ example: '客户长时间未回复', maxLength: MAX_REASON_LENGTH })
  @Transform(trimString)
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason: string;
}
