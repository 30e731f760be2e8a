import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CustomerActor } from '../../common/state-machine/actor.js';
import { CreateOrderRequestDto, OrderAddressRequestDto } from '../dto/create-order.request.dto.js';
import { OrderResponseDto } from '../dto/order.response.dto.js';
import { Order } from '../entities/order.entity.js';
import { OrderStatus } from '../order-status.js';
import { OrderPlacementService } from './order-placement.service.js';
import { OrderQueryService } from './order-query.service.js';

/** What placing the order of an accepted quote needs. */
export interface QuoteOrderInput {
  buyer: CustomerActor;
  /** The request (communication order) the order settles; stored in orders.comm_order_id. */
  requestId: number;
  /** The request's product. */
  goodsId: number;
  /** The option bought; 0 or absent = the product itself. */
  skuId?: number;
  /** The quoted price of the whole request in fen: the unit price of its one line (quantity 1). */
  quotedAmount: number;
  remark?: string;
  couponCode?: string;
  couponCodeId?: number;
  couponId?: number;
  address?: OrderAddressRequestDto;
}

/**
 * The orders module's contract with the communication module: the one shop order of an accepted
 * quote. Every method runs in the caller's transaction (accept places the order while it holds
 * the request's row lock).
 */
@Injectable()
export class QuoteOrderService {
  constructor(
    private readonly placement: OrderPlacementService,
    private readonly query: OrderQueryService,
  ) {}

  /**
   * Places the order: one goods line, the request's product, quantity 1, at the quoted amount;
   * address, remark and coupons as in order create. Answers the order object of the accept spec
   * (OrderPlacementService.placeOrder says which fields are left out).
   */
  placeForQuote(manager: EntityManager, input: QuoteOrderInput): Promise<OrderResponseDto> {
    const body: CreateOrderRequestDto = {
      goods_id: input.goodsId,
      goods_sku_id: input.skuId ?? 0,
      quantity: 1,
      type: 'goods',
      remark: input.remark,
      coupon_code: input.couponCode,
      coupon_code_id: input.couponCodeId,
      coupon_id: input.couponId,
      address: input.address,
    };
    return this.placement.placeOrder(manager, input.buyer, body, {
      quotedUnitPrice: input.quotedAmount,
      commOrderId: input.requestId,
    });
  }

  /** The order placed for the request, in the same shape as placeForQuote; null if none. */
  findForRequest(manager: EntityManager, requestId: number): Promise<OrderResponseDto | null> {
    return this.query.findByCommOrderId(manager, requestId);
  }

  /** Whether the request's order exists and still waits for payment. */
  async isAwaitingPayment(manager: EntityManager, requestId: number): Promise<boolean> {
    const order = await manager.getRepository(Order).findOne({
      select: { id: true, status: true },
      where: { commOrderId: requestId },
    });
    return order?.status === OrderStatus.Waiting;
  }
}
