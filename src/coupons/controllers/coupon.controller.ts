import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentCustomer, CustomerOnly } from '../../common/auth/access.decorators.js';
import type { CustomerPrincipal } from '../../common/auth/principal.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { CouponErrors } from '../coupons.errors.js';
import { CouponCheckQueryDto, CouponCheckResponseDto } from '../dto/coupon-check.dto.js';
import { CouponService } from '../services/coupon.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Coupons')
@CustomerOnly()
@Controller('api/coupon')
export class CouponController {
  constructor(private readonly coupons: CouponService) {}

  @ApiExampleNeeds("fill code with a voucher code (the demo's is WELCOME10) or coupon_id.")
  @Get('check')
  @ApiOperation({
    summary: 'What a coupon would take off an amount, without using it',
    description:
      'Send `code` (or `coupon_code_id`, or the `coupon_id` of a public coupon) and the order `amount` in fen. The use is only consumed by placing the order.',
  })
  @ApiEnvelope(CouponCheckResponseDto, {
    errors: [
      CouponErrors.notFound,
      CouponErrors.codeRequired,
      CouponErrors.notStarted,
      CouponErrors.expired,
      CouponErrors.minAmount,
      CouponErrors.usedUp,
      CouponErrors.notYours,
    ],
  })
  check(@CurrentCustomer() me: CustomerPrincipal, @Query() query: CouponCheckQueryDto) {
    return this.coupons.check(me.id, query);
  }
}
