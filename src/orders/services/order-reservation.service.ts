import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import { CouponService } from '../../coupons/services/coupon.service.js';
import { OrderDetail } from '../entities/order-detail.entity.js';
import { Order } from '../entities/order.entity.js';
import { Payment, PaymentStatus } from '../entities/payment.entity.js';

/**
 * Gives back what an order holds when it ends without a sale (cancelled, closed, refunded): its
 * stock, its coupon use and its unpaid payment. Called right after the transition that ends the
 * order, under its row lock, so it runs once per order.
 */
@Injectable()
export class OrderReservationService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly coupons: CouponService,
  ) {}

  async releaseAll(manager: EntityManager, order: Order): Promise<void> {
    if (order.type === 'goods') {
      const lines = await manager
        .getRepository(OrderDetail)
        .find({ where: { orderId: order.orderId }, order: { goodsId: 'ASC', goodsItemId: 'ASC' } });
      for (const line of lines)
        await this.catalogue.releaseStock(manager, line.goodsId, line.goodsItemId, line.quantity);
    }
    if (order.couponRedemptionId !== null)
      await this.coupons.release(manager, order.couponRedemptionId);
    await manager
      .getRepository(Payment)
      .update(
        { orderId: order.orderId, status: PaymentStatus.Pending },
        { status: PaymentStatus.Cancelled },
      );
  }
}
