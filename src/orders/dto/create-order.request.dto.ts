import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

export const ORDER_TYPES = ['goods', 'vip'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export class OrderLineRequestDto {
  @ApiProperty({ example: 2 })
  @IsDbId()
  goods_id: number;

  @ApiProperty({ example: 1, minimum: 1, maximum: 9999 })
  @IsDbInt({ min: 1, max: 9999 })
  quantity: number;

  @ApiPropertyOptional({ example: 0, description: 'SKU id, 0 = the product itself' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  goods_sku_id?: number;
}

/** Recipient address: `id` of a saved address of the caller, or the full address inline. */
export class OrderAddressRequestDto {
  @ApiPropertyOptional({ example: 0, description: "One of the caller's saved addresses" })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  id?: number;

  @ApiPropertyOptional({ example: '张三' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  name?: string;
  @ApiPropertyOptional({ example: '13888888888' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(32)
  phone?: string;
  @ApiPropertyOptional({ example: '广东省' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  province?: string;
  @ApiPropertyOptional({ example: '深圳市' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  city?: string;
  @ApiPropertyOptional({ example: '南山区', description: 'District' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  country?: string;
  @ApiPropertyOptional({ example: '科技园1号' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  address_info?: string;
  @ApiPropertyOptional({ example: '518000' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(16)
  postcode?: string;
}

/**
 * The coupon and the address a buyer chooses for an order: one field group, composed by the
 * order-create body here and by the communication module's accept body (which places an order
 * too), so both validate and document them the same way.
 */
export class OrderCouponAndAddressDto {
  @ApiPropertyOptional({ example: '', description: 'Voucher code' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  coupon_code?: string;

  @ApiPropertyOptional({ example: 0, description: 'Voucher code id' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  coupon_code_id?: number;

  @ApiPropertyOptional({ example: 0, description: 'Coupon id' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  coupon_id?: number;

  @ApiPropertyOptional({ type: OrderAddressRequestDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => OrderAddressRequestDto)
  address?: OrderAddressRequestDto;
}

/** What order create takes besides the coupon and the address: the lines, type, remark. */
class OrderCreateLinesDto {
  @ApiPropertyOptional({ example: 2, description: 'Single-product order (or use details)' })
  @OptionalNotNull()
  @IsDbId()
  goods_id?: number;

  @ApiPropertyOptional({ example: 1, default: 1 })
  @OptionalNotNull()
  @IsDbInt({ min: 1, max: 9999 })
  quantity?: number;

  @ApiPropertyOptional({ example: 0 })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  goods_sku_id?: number;

  @ApiPropertyOptional({
    type: [OrderLineRequestDto],
    description: 'Several products (one seller per order)',
  })
  @OptionalNotNull()
  @ValidateNested({ each: true })
  @Type(() => OrderLineRequestDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  details?: OrderLineRequestDto[];

  @ApiPropertyOptional({ example: '定制商品订单' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(500)
  remark?: string;

  @ApiPropertyOptional({ enum: ORDER_TYPES, default: 'goods' })
  @OptionalNotNull()
  @IsIn(ORDER_TYPES)
  type?: OrderType;

  @ApiPropertyOptional({
    example: 2,
    description:
      'vip orders: the user group to buy. AnqiCMS clients send it as goods_id (or details[0].goods_id), which is accepted too.',
  })
  @OptionalNotNull()
  @IsDbId()
  group_id?: number;
}

/**
 * The body of POST /api/order/create: the lines and the shared coupon-and-address group (accept,
 * which the AnqiCMS spec describes with the same body, has its own DTO in the communication
 * module, composing the same group). Contract: test/fixtures/anqicms/communication-order-accept.txt.
 * Either goods_id (+quantity, goods_sku_id) or details[] is required. Prices never come from here.
 */
export class CreateOrderRequestDto extends IntersectionType(
  OrderCreateLinesDto,
  OrderCouponAndAddressDto,
) {}
