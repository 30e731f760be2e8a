import type { OrderType } from './dto/create-order.request.dto.js';
import type { PricedLine } from './order-money.js';
import type { BuyerTerms } from '../users/services/user-group.service.js';

/**
 * The types placing an order passes between its services (placement → pricing → reservation).
 * They live here, not in one of those services, so no service imports another only for a type.
 */

export interface PlacementOptions {
  /** Replaces the catalogue unit price (fen) of the single line (accepting a quote); requires exactly one line. */
  quotedUnitPrice?: number;
  /** The communication order this order settles; stored in orders.comm_order_id, which has a UNIQUE index (the database guarantee of exactly one order per request). */
  commOrderId?: number;
}

/** A priced order line with the product snapshot to copy onto the order. */
export interface OrderLineQuote extends PricedLine {
  /** Product id, or the group id of a vip order. */
  goodsId: number;
  skuId: number;
  title: string;
  skuTitle: string;
  thumb: string;
}

export interface OrderQuote {
  type: OrderType;
  lines: OrderLineQuote[];
  sellerId: number;
  /** vip orders: the group bought. */
  vipGroupId: number;
  /** The remark AnqiCMS derives when the buyer sends none: first title (+ "..."). */
  defaultRemark: string;
  /** The buyer's discount and who earns on the order, read with the lines. */
  terms: BuyerTerms;
}
