import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CouponCode } from './entities/coupon-code.entity.js';
import { CouponRedemptionRecord } from './entities/coupon-redemption.entity.js';
import { Coupon } from './entities/coupon.entity.js';
import { CouponService } from './services/coupon.service.js';

/**
 * Coupons, their voucher codes and redemptions. Other modules use only CouponService: redeem a
 * use inside the order's transaction, attach the order number, release on cancel/refund.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Coupon, CouponCode, CouponRedemptionRecord])],
  providers: [CouponService],
  exports: [CouponService],
})
export class CouponsModule {}
