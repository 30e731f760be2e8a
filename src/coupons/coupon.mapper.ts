import { toUnixSeconds } from '../common/database/column-types.js';
import { CouponCodeResponseDto, CouponResponseDto } from './dto/coupon.dto.js';
import { CouponCode } from './entities/coupon-code.entity.js';
import { Coupon } from './entities/coupon.entity.js';

export function toCouponResponse(coupon: Coupon): CouponResponseDto {
  return {
    id: coupon.id,
    name: coupon.name,
    description: coupon.description,
    type: coupon.type,
    value: coupon.value,
    min_amount: coupon.minAmount,
    max_discount: coupon.maxDiscount,
    starts_at: toUnixSeconds(coupon.startsAt),
    ends_at: toUnixSeconds(coupon.endsAt),
    usage_limit: coupon.usageLimit,
    used_count: coupon.usedCount,
    per_user_limit: coupon.perUserLimit,
    is_public: coupon.isPublic,
    status: coupon.status,
    created_time: toUnixSeconds(coupon.createdTime),
    updated_time: toUnixSeconds(coupon.updatedTime),
  };
}

export function toCouponCodeResponse(code: CouponCode): CouponCodeResponseDto {
  return {
    id: code.id,
    coupon_id: code.couponId,
    code: code.code,
    user_id: code.userId,
    usage_limit: code.usageLimit,
    used_count: code.usedCount,
    status: code.status,
    created_time: toUnixSeconds(code.createdTime),
  };
}
