import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CustomerActor, SYSTEM_ACTOR } from '../../common/state-machine/actor.js';
import { CreateOrderRequestDto } from '../dto/create-order.request.dto.js';
import { OrderResponseDto } from '../dto/order.response.dto.js';
import { OrderDetail } from '../entities/order-detail.entity.js';
import { Order } from '../entities/order.entity.js';
import { MAX_ORDER_AMOUNT, orderTotals } from '../order-money.js';
import { numberPlaceholder, rowNumber } from '../order-number.js';
import { OrderStatus, RefundStatus } from '../order-status.js';
import type { PlacementOptions } from '../order-placement.types.js';
import { OrderErrors, uniqueViolationToOrderError } from '../orders.errors.js';
import { OrderAddressService } from './order-address.service.js';
import { OrderPricingService } from './order-pricing.service.js';
import { OrderQueryService } from './order-query.service.js';
import { OrderReservationService } from './order-reservation.service.js';
import { OrderTransitionService } from './order-transition.service.js';

/**
 * Placing an order: price it from the catalogue, reserve stock, redeem the coupon, split the
 * money, write the order with its product and address snapshots. Everything happens in the
 * caller's transaction, so any failure (out of stock, used-up coupon, a second order for the
 * same request) leaves nothing behind.
 */
@Injectable()
export class OrderPlacementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pricing: OrderPricingService,
    private readonly reservations: OrderReservationService,
    private readonly addresses: OrderAddressService,
    private readonly transitions: OrderTransitionService,
    private readonly query: OrderQueryService,
  ) {}

  /** POST /api/order/create: one transaction around placeOrder, then the full order. */
  async create(buyer: CustomerActor, input: CreateOrderRequestDto): Promise<OrderResponseDto> {
    const placed = await this.dataSource.transaction((manager) =>
      this.placeOrder(manager, buyer, input),
    );
    return this.query.detail({ id: placed.id }, 'customer', SYSTEM_ACTOR);
  }

  /**
   * Places an order inside the caller's transaction and returns the order object (the accept
   * spec's `data`) with its lines, `details[].goods` null and no `user` (OrderQueryService.summary
   * says why).
   */
  async placeOrder(
    manager: EntityManager,
    buyer: CustomerActor,
    input: CreateOrderRequestDto,
    options: PlacementOptions = {},
  ): Promise<OrderResponseDto> {
    const buyerId = buyer.id;
    const quote = await this.pricing.quote(manager, buyerId, input, options);
    const address = await this.addresses.resolveForOrder(manager, buyerId, input.address);

    const redemption = await this.reservations.reserveAll(manager, buyerId, quote, {
      couponCode: input.coupon_code || undefined,
      couponCodeId: input.coupon_code_id || undefined,
      couponId: input.coupon_id || undefined,
    });
    const totals = orderTotals(quote.lines, redemption?.discount ?? 0);
    if (totals.originAmount > MAX_ORDER_AMOUNT) throw OrderErrors.amountTooLarge();
    const split = await this.pricing.split(manager, buyerId, totals.amount, quote.sellerId);

    let id: number;
    try {
      const inserted = await manager.getRepository(Order).insert({
        orderId: numberPlaceholder(),
        userId: buyerId,
        addressId: address.addressId,
        address: address.snapshot,
        remark: input.remark?.trim() || quote.defaultRemark,
        type: quote.type,
        status: OrderStatus.Waiting,
        refundStatus: RefundStatus.None,
        originAmount: totals.originAmount,
        amount: totals.amount,
        discountAmount: totals.discountAmount,
        couponDiscountAmount: totals.couponDiscount,
        couponId: redemption?.couponId ?? 0,
        couponCodeId: redemption?.couponCodeId ?? 0,
        couponRedemptionId: redemption?.redemptionId ?? null,
        sellerId: quote.sellerId,
        sellerAmount: split.sellerAmount,
        shareUserId: split.shareUserId,
        shareParentUserId: split.shareParentUserId,
        shareAmount: split.shareAmount,
        shareParentAmount: split.shareParentAmount,
        vipGroupId: quote.vipGroupId,
        commOrderId: options.commOrderId ?? null,
      });
      id = (inserted.identifiers[0] as { id: number }).id;
    } catch (error) {
      throw uniqueViolationToOrderError(error) ?? error;
    }
    // The number needs the row id (see order-number.ts).
    const orderId = rowNumber(new Date(), id);
    await manager.getRepository(Order).update({ id }, { orderId });
    await manager.getRepository(OrderDetail).insert(
      quote.lines.map((line) => ({
        orderId,
        userId: buyerId,
        goodsId: line.goodsId,
        goodsItemId: line.skuId,
        title: line.title,
        skuTitle: line.skuTitle,
        thumb: line.thumb,
        price: line.price,
        originPrice: line.originPrice,
        amount: line.amount,
        originAmount: line.originAmount,
        quantity: line.quantity,
      })),
    );
    if (redemption) await this.reservations.attachCoupon(manager, redemption, orderId);
    await this.transitions.recordCreation(
      manager,
      { orderId, userId: buyerId, commOrderId: options.commOrderId ?? null },
      buyer,
      options.commOrderId ? `custom request ${options.commOrderId}` : '',
    );
    return this.query.summary(manager, id, 'customer');
  }
}
