import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { COMM_ORDER_STATUSES, CommOrderStatus } from '../comm-order-status.js';
import type { OrderExtra } from '../entities/comm-order.entity.js';
import { EVENT_DATE, IsOrderExtra, MAX_IMAGE_URL_LENGTH, PHONE } from './comm-validators.js';
import { trimString } from '../../common/validation/dto-limits.js';
import { IsStoredUrl } from '../../common/validation/stored-url.js';
import { IdQueryDto } from '../../common/validation/id-query.dto.js';
import {
  IsDbId,
  IsDbInt,
  OptionalNotNull,
  queryInteger,
} from '../../common/validation/db-bounds.decorators.js';

export const MAX_CUSTOMER_IMAGES = 9;
export const MAX_TITLE_LENGTH = 200;
export const MAX_CONTENT_LENGTH = 5000;
export const MAX_REASON_LENGTH = 500;

export const COMM_STATUS_DESCRIPTION =
  '0 pending, 1 in communication, 2 quoted (waiting for the customer), 3 accepted, 4 rejected, -1 cancelled';

/** GET /api/communication/orders */
export class CommOrderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: COMM_ORDER_STATUSES, description: COMM_STATUS_DESCRIPTION })
  @OptionalNotNull()
  @Transform(queryInteger)
  @IsIn(COMM_ORDER_STATUSES)
  status?: CommOrderStatus;
}

/** `?id=` of one communication order. */
export class CommOrderIdQueryDto extends IdQueryDto {}

/** `{id}` of one communication order (read marks). */
export class CommOrderIdRequestDto {
  @ApiProperty({ example: 1 })
  @IsDbId()
  id: number;
}

/** `{id, reason?}`: customer reject and cancel. */
export class CommReasonRequestDto extends CommOrderIdRequestDto {
  @ApiPropertyOptional({ example: '预算不够', maxLength: MAX_REASON_LENGTH })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string;
}

function imagesProperty(max: number, description: string) {
  return [
    ApiPropertyOptional({
      type: [String],
      maxItems: max,
      description,
      example: ['https://en.anqicms.com/uploads/image1.jpg'],
    }),
    OptionalNotNull(),
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    MaxLength(MAX_IMAGE_URL_LENGTH, { each: true }),
    IsStoredUrl('image', { each: true }),
  ];
}

function apply(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

export const CustomerImages = () =>
  apply(
    imagesProperty(
      MAX_CUSTOMER_IMAGES,
      `Up to ${MAX_CUSTOMER_IMAGES} image URLs (upload with POST /api/attachment/upload)`,
    ),
  );
export const StaffImages = (description: string) => apply(imagesProperty(30, description));

/** POST /api/communication/order/create (contract: communication-order-create.txt). */
export class CreateCommOrderRequestDto {
  @ApiProperty({ example: 3, description: 'The product (archive); must exist and be on sale' })
  @IsDbId()
  archive_id: number;

  @ApiProperty({ example: '定制网站主题', maxLength: MAX_TITLE_LENGTH })
  @Transform(trimString)
  @IsString()
  @Length(1, MAX_TITLE_LENGTH)
  title: string;

  @ApiProperty({
    example: '需要定制一个响应式的外贸网站主题,包含多语言功能',
    maxLength: MAX_CONTENT_LENGTH,
  })
  @Transform(trimString)
  @IsString()
  @Length(1, MAX_CONTENT_LENGTH)
  content: string;

  @ApiProperty({ example: '13888888888' })
  @Transform(trimString)
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone: string;

  @CustomerImages()
  images?: string[];

  @ApiPropertyOptional({
    example: { delivery_time: '2023-12-31', requirement: '需要支持中英文切换' },
    description: 'Flat object: up to 30 fields, string (≤ 1000 chars) or number values, ≤ 8 KB',
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
  })
  @OptionalNotNull()
  @IsOrderExtra()
  order_extra?: OrderExtra;

  @ApiPropertyOptional({ example: '2023-12-31', description: 'YYYY-MM-DD[ HH:mm[:ss]]' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @Matches(EVENT_DATE, { message: 'event_date must look like 2023-12-31 or 2023-12-31 18:30' })
  event_date?: string;
}

/** POST /api/communication/order/update: only the fields sent change. */
export class UpdateCommOrderRequestDto {
  @ApiProperty({ example: 2 })
  @IsDbId()
  id: number;

  @ApiPropertyOptional({ example: '更新后的定制网站主题', maxLength: MAX_TITLE_LENGTH })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @Length(1, MAX_TITLE_LENGTH)
  title?: string;

  @ApiPropertyOptional({ maxLength: MAX_CONTENT_LENGTH })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @Length(1, MAX_CONTENT_LENGTH)
  content?: string;

  @ApiPropertyOptional({ example: '13888888888' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string;

  @CustomerImages()
  images?: string[];

  @ApiPropertyOptional({
    description: 'Replaces the stored object (same limits as create)',
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
  })
  @OptionalNotNull()
  @IsOrderExtra()
  order_extra?: OrderExtra;

  @ApiPropertyOptional({ example: '2023-12-31' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @Matches(EVENT_DATE, { message: 'event_date must look like 2023-12-31 or 2023-12-31 18:30' })
  event_date?: string;

  @ApiPropertyOptional({
    example: 1,
    description: 'Optimistic concurrency: the `version` you loaded; refused if it changed since',
  })
  @OptionalNotNull()
  @IsDbInt({ min: 1 })
  version?: number;
}
