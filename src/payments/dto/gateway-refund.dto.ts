import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { NO_NUL, trimString } from '../../common/validation/dto-limits.js';
import { GATEWAY_REFUND_STATUS_NAMES } from '../gateway-refund-status.js';

const STATUS_FILTERS = ['', ...GATEWAY_REFUND_STATUS_NAMES];

/** GET /system/api/plugin/order/refunds: gateway refunds, newest first. */
export class GatewayRefundListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: STATUS_FILTERS,
    example: 'failed',
    description: 'Empty = all; `failed` = the ones staff must act on',
  })
  @OptionalNotNull()
  @IsIn(STATUS_FILTERS, {
    message: `status must be one of: ${GATEWAY_REFUND_STATUS_NAMES.join(', ')}`,
  })
  status?: string;
}

/** POST .../refunds/retry: send a failed gateway refund again. */
export class GatewayRefundRetryRequestDto {
  @ApiProperty({ example: 'R202612060436340003', description: "The refund's out_refund_no" })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'out_refund_no must be letters, digits, - or _' })
  out_refund_no: string;
}

/** POST .../refunds/by-hand: staff returned the money outside the gateway. */
export class GatewayRefundByHandRequestDto extends GatewayRefundRetryRequestDto {
  @ApiProperty({
    example: 'Bank transfer 2026-12-06, ref 88123',
    description: 'How the money went back (kept with the refund and in the audit trail)',
  })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  note: string;
}

/** A refund sent (or to send) through a gateway. Staff only: `last_error` is the gateway's text. */
export class GatewayRefundResponseDto {
  @ApiProperty({ example: 'R202612060436340003' }) out_refund_no: string;
  @ApiProperty({ example: '202612060436340003' }) payment_id: string;
  @ApiProperty({ example: '202612060436340001', description: 'The order number' })
  order_id: string;
  @ApiProperty({ example: 'stripe' }) gateway: string;
  @ApiProperty({ example: 'stripe' }) pay_way: string;
  @ApiProperty({ example: 2599, description: 'Minor units of `currency`' }) amount: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ example: 'order_refund', enum: ['order_refund', 'late_payment'] })
  reason: string;
  @ApiProperty({ example: '' }) note: string;
  @ApiProperty({
    example: -1,
    description: '-1 failed, 0 pending, 1 processing, 2 succeeded, 3 refunded by hand',
  })
  status: number;
  @ApiProperty({ example: 'failed', enum: GATEWAY_REFUND_STATUS_NAMES }) status_name: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({
    example: 'Stripe 400 charge_disputed: ...',
    description: "The gateway's last answer (staff only)",
  })
  last_error: string;
  @ApiProperty({ example: 're_123' }) gateway_refund_id: string;
  @ApiProperty({ example: 0, description: 'Unix seconds, 0 = not yet' }) succeeded_time: number;
  @ApiProperty({ example: 1765000000 }) created_time: number;
  @ApiProperty({ example: 1765000000 }) updated_time: number;
}
