import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import {
  CouponRedemption,
  CouponReference,
  CouponService,
} from '../../coupons/services/coupon.service.js';
import { OrderDetail } from '../entities/order-detail.entity.js';
import { Order } from '../entities/order.entity.js';
import { PaymentTransitionService } from '../../payments/services/payment-transition.service.js';
import { SYSTEM_ACTOR } from '../../common/state-machine/actor.js';
import { statusName } from '../order-status.js';
import type { OrderQuote } from '../order-placement.types.js';

/**
 * What an order holds while it lives: its stock and its coupon use. Taken when it is placed (in
 * the placing transaction: any failure gives them back by rolling back), given back when it ends
 * without a sale (cancelled, closed, refunded) right after the transition that ends it, under its
 * row lock, so once per order.
 */
@Injectable()
export class OrderReservationService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly coupons: CouponService,
    private readonly payments: PaymentTransitionService,
  ) {}

  /**
   * Reserves the stock of every goods line (in one fixed product/option order, so two multi-line
   * orders never wait on each other's rows) and redeems the coupon against the amount after the
   * member discount. Throws CATALOGUE.OUT_OF_STOCK, COUPON.* and the like.
   */
  async reserveAll(
    manager: EntityManager,
    buyerId: number,
    quote: OrderQuote,
    coupon: CouponReference,
  ): Promise<CouponRedemption | null> {
    if (quote.type === 'goods') {
      const lines = [...quote.lines].sort((a, b) => a.goodsId - b.goodsId || a.skuId - b.skuId);
      for (const line of lines)
        await this.catalogue.reserveStock(manager, line.goodsId, line.skuId, line.quantity);
    }
    const subtotal = quote.lines.reduce((sum, line) => sum + line.amount, 0);
    return this.coupons.redeem(manager, coupon, buyerId, subtotal);
  }

  /** Links the coupon use to the order number once the order row exists. */
  async attachCoupon(
    manager: EntityManager,
    redemption: CouponRedemption,
    orderId: string,
  ): Promise<void> {
    await this.coupons.attachOrder(manager, redemption.redemptionId, orderId);
  }

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
    // Its open payments end with it (and are closed at their gateway after commit).
    await this.payments.cancelPending(
      manager,
      order.orderId,
      SYSTEM_ACTOR,
      `order ${statusName(order.status)}`,
      new Date(),
    );
  }
}
