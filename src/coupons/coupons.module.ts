import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminCouponController } from './controllers/admin-coupon.controller.js';
import { CouponController } from './controllers/coupon.controller.js';
import { CouponCode } from './entities/coupon-code.entity.js';
import { CouponRedemptionRecord } from './entities/coupon-redemption.entity.js';
import { Coupon } from './entities/coupon.entity.js';
import { CouponAdminService } from './services/coupon-admin.service.js';
import { CouponCodeAdminService } from './services/coupon-code-admin.service.js';
import { CouponService } from './services/coupon.service.js';

/**
 * Coupons, their voucher codes and redemptions. Orders use CouponService (redeem a use inside
 * the order's transaction, attach the order number, release on cancel/refund).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Coupon, CouponCode, CouponRedemptionRecord])],
  controllers: [CouponController, AdminCouponController],
  providers: [CouponService, CouponAdminService, CouponCodeAdminService],
  exports: [CouponService],
})
export class CouponsModule {}
