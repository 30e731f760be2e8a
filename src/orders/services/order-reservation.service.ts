import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CatalogueService,
  StockLine,
  StockSteps,
} from '../../catalogue/services/catalogue.service.js';
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
import type { SqlParams } from '../../common/database/sql-params.js';

function stockLines(quote: OrderQuote): StockLine[] {
  return quote.lines.map((l) => ({ goodsId: l.goodsId, skuId: l.skuId, quantity: l.quantity }));
}

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
   * Reserves the stock of every goods line (one statement, CatalogueService.reserveAll) and
   * redeems the coupon against the amount after the member discount. Throws
   * CATALOGUE.OUT_OF_STOCK, COUPON.* and the like. An order without a coupon takes its stock in
   * the statement that writes it instead (stockSteps).
   */
  async reserveAll(
    manager: EntityManager,
    buyerId: number,
    quote: OrderQuote,
    coupon: CouponReference,
  ): Promise<CouponRedemption | null> {
    if (quote.type === 'goods') await this.catalogue.reserveAll(manager, stockLines(quote));
    const subtotal = quote.lines.reduce((sum, line) => sum + line.amount, 0);
    return this.coupons.redeem(manager, coupon, buyerId, subtotal);
  }

  /**
   * The WITH steps taking the stock of the order's goods lines in the statement that writes the
   * order (CatalogueService.stockSteps); undefined for an order without stock (vip).
   */
  stockSteps(params: SqlParams, quote: OrderQuote): StockSteps | undefined {
    return quote.type === 'goods'
      ? this.catalogue.stockSteps(params, stockLines(quote))
      : undefined;
  }

  /** After stockSteps wrote nothing: the error of the line whose stock was short. */
  explainShortfall(manager: EntityManager, quote: OrderQuote): Promise<never> {
    return this.catalogue.explainShortfall(manager, stockLines(quote));
  }

  /** A line's product as the order's statement leaves it, when that statement took no stock. */
  goodsSql(idSql: string): string {
    return this.catalogue.embeddedGoods.sql(idSql);
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
        .find({ where: { orderId: order.orderId } });
      const stock = lines.map((l) => ({
        goodsId: l.goodsId,
        skuId: l.goodsItemId,
        qty: l.quantity,
      }));
      for (const line of this.catalogue.inStockLockOrder(stock))
        await this.catalogue.releaseStock(manager, line.goodsId, line.skuId, line.qty);
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
