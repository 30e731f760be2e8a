import { ApiHideProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Allow, IsIn, IsString, MaxLength } from 'class-validator';
import { OrderCouponAndAddressDto } from '../../orders/dto/create-order.request.dto.js';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/**
 * The order-create `type` values a client may send (AnqiCMS clients send the order-create body
 * here); only "goods" is accepted, "vip" is refused with COMM.ACCEPT_BODY_MISMATCH.
 */
const SENT_ORDER_TYPES = ['goods', 'vip'] as const;

/** Which request, and the quote version the customer saw. */
class AcceptRequestChoiceDto {
  @ApiPropertyOptional({
    example: 1,
    description:
      "The communication order to accept. Without it, the caller's single quoted request for goods_id is used",
  })
  @OptionalNotNull()
  @IsDbId()
  id?: number;

  @ApiPropertyOptional({
    example: 3,
    description: "The request's product (must match the request when id is given)",
  })
  @OptionalNotNull()
  @IsDbId()
  goods_id?: number;

  @ApiPropertyOptional({ example: 0, description: 'SKU id, 0 = the product itself' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  goods_sku_id?: number;

  @ApiPropertyOptional({
    example: 1,
    description: 'The quote version shown to the customer; refused (COMM.QUOTE_STALE) if replaced',
  })
  @OptionalNotNull()
  @IsDbInt({ min: 1 })
  quote_version?: number;

  @ApiPropertyOptional({ example: '定制商品订单' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(500)
  remark?: string;
}

/** Accept's own fields after the coupon and the address: the order-create body's leftovers. */
class AcceptSentOrderFieldsDto {
  @ApiPropertyOptional({
    enum: ['goods'],
    default: 'goods',
    description: 'As in order create; an accepted quote is always a goods order',
  })
  @OptionalNotNull()
  @IsIn(SENT_ORDER_TYPES)
  type?: (typeof SENT_ORDER_TYPES)[number];

  @ApiPropertyOptional({
    example: 1,
    default: 1,
    minimum: 1,
    maximum: 1,
    description: 'As in order create; the quote is the price of the whole request',
  })
  @OptionalNotNull()
  @IsDbInt({ min: 1, max: 9999 })
  quantity?: number;

  /**
   * Not part of accept (so not in the API documentation), declared only so that a body with it
   * is refused rather than having it stripped and ignored.
   */
  @ApiHideProperty()
  @OptionalNotNull()
  @Allow()
  details?: unknown;
}

/**
 * POST /api/communication/order/accept: which request (`id`, or `goods_id` of its product), the
 * `quote_version` the customer saw, and what the customer chooses for the order: option,
 * remark, coupon, address (the coupon-and-address group is order create's own,
 * OrderCouponAndAddressDto). The single order line is always the request's product at the quoted
 * amount, quantity 1. `type` and `quantity` are taken only with those values, because the
 * mini-program sends the order-create body (test/fixtures/anqicms/communication-order-accept.txt);
 * other values, and any `details`, are refused with COMM.ACCEPT_BODY_MISMATCH (CommAcceptService).
 */
export class AcceptCommOrderRequestDto extends IntersectionType(
  AcceptRequestChoiceDto,
  OrderCouponAndAddressDto,
  AcceptSentOrderFieldsDto,
) {}
