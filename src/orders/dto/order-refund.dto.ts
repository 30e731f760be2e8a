import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, MaxLength } from 'class-validator';
import { IsStoredUrl } from '../../common/validation/stored-url.js';
import {
  IsDbInt,
  MAX_INT8,
  OptionalNotNull,
} from '../../common/validation/db-bounds.decorators.js';
import { RefundDecisionRequestDto, RefundRequestDto } from './order-action.request.dto.js';

/** At most this many images with a refund request. */
export const MAX_REFUND_IMAGES = 9;

const REFUND_AMOUNT_DOC =
  'Fen to refund. Before the order finishes only the whole order (left out = the whole); after ' +
  'it finished any part of what is left to refund (left out = all that is left). Named ' +
  '`refund_amount`, not `amount`, because the staff panel posts the whole order object, whose ' +
  '`amount` is the order total';

function RefundAmount(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ example: 2000, minimum: 1, description: REFUND_AMOUNT_DOC })(target, key);
    OptionalNotNull()(target, key);
    IsDbInt({ min: 1, max: MAX_INT8 })(target, key);
  };
}

function GoodsReturned(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({
      example: false,
      default: false,
      description:
        'Finished orders: the goods came back, so their stock is given back (once per order). ' +
        'Before finishing the stock is always given back',
    })(target, key);
    OptionalNotNull()(target, key);
    IsBoolean()(target, key);
  };
}

/**
 * POST /api/order/refund: AnqiCMS's `{order_id, reason?}` plus, for after-sales refunds of a
 * finished order, the amount and images.
 */
export class CustomerRefundRequestDto extends RefundRequestDto {
  @RefundAmount()
  refund_amount?: number;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_REFUND_IMAGES,
    example: ['https://en.anqicms.com/uploads/202405/refund1.jpg'],
    description: `Up to ${MAX_REFUND_IMAGES} image URLs (upload with POST /api/attachment/upload)`,
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_REFUND_IMAGES)
  @IsString({ each: true })
  @MaxLength(512, { each: true })
  @IsStoredUrl('image', { each: true })
  images?: string[];
}

/** POST /system/api/plugin/order/refund/apply: staff refund at once (AnqiCMS) + amount, goods back. */
export class StaffRefundRequestDto extends RefundRequestDto {
  @RefundAmount()
  refund_amount?: number;

  @GoodsReturned()
  goods_returned?: boolean;
}

/** POST /system/api/plugin/order/refund: AnqiCMS's decision + whether the goods came back. */
export class StaffRefundDecisionRequestDto extends RefundDecisionRequestDto {
  @GoodsReturned()
  goods_returned?: boolean;
}

/** One refund of an order (`refunds[]` of the order detail). */
export class OrderRefundResponseDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: '202405021030150003', description: 'Refund number' })
  refund_no: string;
  @ApiProperty({ example: 2000, description: 'Fen' }) amount: number;
  @ApiProperty({
    example: true,
    description:
      'true: asked after the order finished (after-sales); false: the whole order before',
  })
  after_sales: boolean;
  @ApiProperty({ enum: ['customer', 'admin'], description: 'Who started it' }) initiator: string;
  @ApiProperty({ example: 'One cup arrived broken' }) reason: string;
  @ApiProperty({ type: [String], example: ['https://en.anqicms.com/uploads/202405/refund1.jpg'] })
  images: string[];
  @ApiProperty({ enum: [0, 1, -1], description: '0 requested, 1 refunded, -1 refused' })
  status: number;
  @ApiProperty({ enum: ['requested', 'refunded', 'refused'] }) status_name: string;
  @ApiProperty({ example: 'Photo checked', description: 'Staff’s note on the decision' })
  decision_note: string;
  @ApiProperty({ example: false, description: 'Staff said the goods came back (stock returned)' })
  goods_returned: boolean;
  @ApiProperty({
    example: 'balance',
    description:
      'How the money goes back: balance, a gateway (wechat, alipay, stripe, paypal: sent by the refund job), offline (by staff outside the service); "" until approved',
  })
  refund_way: string;
  @ApiProperty({
    example: 1714617015,
    description: 'Asked for (or refunded at once by staff)',
  })
  created_time: number;
  @ApiProperty({ example: 1714617615, description: 'Decided; 0 while requested' })
  decided_time: number;
}
