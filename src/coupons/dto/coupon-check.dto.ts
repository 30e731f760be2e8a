import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength } from 'class-validator';
import { trimString } from '../../common/validation/dto-limits.js';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/** GET /api/coupon/check: a code (or a public coupon's id) and the order amount to apply it to. */
export class CouponCheckQueryDto {
  @ApiPropertyOptional({ example: 'WELCOME10', description: 'Voucher code (case-insensitive)' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  code?: string;

  @ApiPropertyOptional({ example: 0, description: 'Voucher code id (instead of code)' })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  coupon_code_id?: number;

  @ApiPropertyOptional({ example: 0, description: 'A public coupon applied by id' })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  coupon_id?: number;

  @ApiProperty({ example: 9900, description: 'Order amount in fen, before the coupon' })
  @IsDbInt({ max: Number.MAX_SAFE_INTEGER / 100, query: true })
  amount: number;
}

export class CouponCheckResponseDto {
  @ApiProperty({ example: 3 }) coupon_id: number;
  @ApiProperty({ example: 12, description: '0 when applied by coupon id' }) coupon_code_id: number;
  @ApiProperty({ example: 'WELCOME10' }) code: string;
  @ApiProperty({ example: 'Welcome, 10% off' }) name: string;
  @ApiProperty({ example: 'percent', enum: ['amount', 'percent'] }) type: string;
  @ApiProperty({ example: 10, description: 'Fen off (amount) or percent off (percent)' })
  value: number;
  @ApiProperty({ example: 0, description: 'Fen' }) min_amount: number;
  @ApiProperty({ example: 0, description: 'Fen, 0 = no cap' }) max_discount: number;
  @ApiProperty({ example: 9900, description: 'Fen, the amount checked' }) order_amount: number;
  @ApiProperty({ example: 990, description: 'Fen taken off' }) discount: number;
  @ApiProperty({ example: 8910, description: 'Fen to pay after the coupon' }) amount: number;
}
