import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CustomerActor } from '../../common/state-machine/actor.js';
import { CreateOrderRequestDto } from '../dto/create-order.request.dto.js';
import { OrderResponseDto } from '../dto/order.response.dto.js';
import { MAX_ORDER_AMOUNT, orderTotals } from '../order-money.js';
import { numberStamp, rowNumberSql } from '../order-number.js';
import { OrderStatus, RefundStatus } from '../order-status.js';
import type { OrderQuote, PlacementOptions } from '../order-placement.types.js';
import { OrderErrors, uniqueViolationToOrderError } from '../orders.errors.js';
import { OrderAddressService } from './order-address.service.js';
import { OrderPricingService, requestedLines } from './order-pricing.service.js';
import { OrderQueryService, OrderRow } from './order-query.service.js';
import { OrderReservationService } from './order-reservation.service.js';
import { OrderTransitionService } from './order-transition.service.js';
import { SqlParams } from '../../common/database/sql-params.js';

/** A placed order: the customer's full answer and the accept spec's summary. */
interface Placed {
  detail: OrderResponseDto;
  summary: OrderResponseDto;
}

/**
 * A request the one-statement write covers alone, without a transaction: one line (its stock
 * is taken by the statement that writes the order, or nothing is written), no coupon (a use is
 * taken by statements of the coupons module, under a transaction-scoped lock) and no address to
 * save (an inline address may be added to the address book).
 */
function fitsOneStatement(input: CreateOrderRequestDto): boolean {
  return (
    requestedLines(input).length <= 1 &&
    !input.coupon_code &&
    !input.coupon_code_id &&
    !input.coupon_id &&
    (!input.address || !!input.address.id)
  );
}

/**
 * Placing an order: price it from the catalogue, reserve stock, redeem the coupon, split the
 * money, write the order with its product and address snapshots. Any failure (out of stock,
 * used-up coupon, a second order for the same request) leaves nothing behind: the order, its
 * lines, its stock, its history row and its event are written by ONE statement, which runs
 * alone when it is the only write, else in the caller's transaction.
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

  /**
   * POST /api/order/create: the order written and read back by one statement (see `place`), in a
   * transaction only when it takes more than that statement.
   */
  async create(buyer: CustomerActor, input: CreateOrderRequestDto): Promise<OrderResponseDto> {
    const placed = fitsOneStatement(input)
      ? await this.place(this.dataSource.manager, buyer, input)
      : await this.dataSource.transaction((manager) => this.place(manager, buyer, input));
    return placed.detail;
  }

  /**
   * Places an order through `manager` (the caller's transaction) and returns the order object
   * (the accept spec's `data`) with its lines, `details[].goods` null and no `user`
   * (OrderQueryService.findByCommOrderId gives the same shape).
   */
  async placeOrder(
    manager: EntityManager,
    buyer: CustomerActor,
    input: CreateOrderRequestDto,
    options: PlacementOptions = {},
  ): Promise<OrderResponseDto> {
    return (await this.place(manager, buyer, input, options)).summary;
  }

  /** Outside a transaction only for a request that fitsOneStatement. */
  private async place(
    manager: EntityManager,
    buyer: CustomerActor,
    input: CreateOrderRequestDto,
    options: PlacementOptions = {},
  ): Promise<Placed> {
    const buyerId = buyer.id;
    const quote = await this.pricing.quote(manager, buyerId, input, options);
    const address = await this.addresses.resolveForOrder(manager, buyerId, input.address);

    const coupon = {
      couponCode: input.coupon_code || undefined,
      couponCodeId: input.coupon_code_id || undefined,
      couponId: input.coupon_id || undefined,
    };
    const hasCoupon = !!(coupon.couponCode || coupon.couponCodeId || coupon.couponId);
    // Stock rows are locked before coupon rows, as giving both back does: with a coupon the
    // stock is taken first, by a statement of its own.
    const redemption = hasCoupon
      ? await this.reservations.reserveAll(manager, buyerId, quote, coupon)
      : null;
    const totals = orderTotals(quote.lines, redemption?.discount ?? 0);
    if (totals.originAmount > MAX_ORDER_AMOUNT) throw OrderErrors.amountTooLarge();
    const split = this.pricing.split(quote.terms, totals.amount, quote.sellerId);

    const order = {
      user_id: buyerId,
      address_id: address.addressId,
      address: address.snapshot,
      remark: input.remark?.trim() || quote.defaultRemark,
      type: quote.type,
      status: OrderStatus.Waiting,
      refund_status: RefundStatus.None,
      origin_amount: totals.originAmount,
      amount: totals.amount,
      discount_amount: totals.discountAmount,
      coupon_discount_amount: totals.couponDiscount,
      coupon_id: redemption?.couponId ?? 0,
      coupon_code_id: redemption?.couponCodeId ?? 0,
      coupon_redemption_id: redemption?.redemptionId ?? null,
      seller_id: quote.sellerId,
      seller_amount: split.sellerAmount,
      share_user_id: split.shareUserId,
      share_parent_user_id: split.shareParentUserId,
      share_amount: split.shareAmount,
      share_parent_amount: split.shareParentAmount,
      vip_group_id: quote.vipGroupId,
      comm_order_id: options.commOrderId ?? null,
    };
    const note = options.commOrderId ? `custom request ${options.commOrderId}` : '';
    const placed = await this.insert(manager, buyer, quote, order, note, !redemption);
    if (redemption)
      await this.reservations.attachCoupon(manager, redemption, placed.summary.order_id);
    return placed;
  }

  /**
   * ONE statement: (with `takeStock`) the stock of every goods line, then, only if every line
   * got it, the order numbered from its id, its lines, its history row and its event, and the
   * order read back from what the statement wrote. When a line's stock was short nothing else is
   * written and the line's error is thrown (a statement over several lines runs in a
   * transaction, which that error rolls back).
   */
  private async insert(
    manager: EntityManager,
    buyer: CustomerActor,
    quote: OrderQuote,
    order: Record<string, unknown> & { user_id: number },
    note: string,
    takeStock: boolean,
  ): Promise<Placed> {
    const params = new SqlParams();
    const stock = takeStock ? this.reservations.stockSteps(params, quote) : undefined;
    const value = (v: unknown) => params.add(v);
    const columns = Object.keys(order);
    const lines = quote.lines.map((line) => ({
      user_id: order.user_id,
      goods_id: line.goodsId,
      goods_item_id: line.skuId,
      title: line.title,
      sku_title: line.skuTitle,
      thumb: line.thumb,
      price: line.price,
      origin_price: line.originPrice,
      amount: line.amount,
      origin_amount: line.originAmount,
      quantity: line.quantity,
    }));
    const lineColumns = Object.keys(lines[0]);
    const steps = [
      ...(stock ? [stock.steps] : []),
      // The id first, so that the row is inserted with its number (order-number.ts).
      `new_order_id AS (
         SELECT nextval(pg_get_serial_sequence('orders', 'id')) AS id
         ${stock ? `WHERE ${stock.allTaken}` : ''})`,
      `new_order AS (
         INSERT INTO orders (id, order_id, ${columns.join(', ')})
         SELECT n.id, ${rowNumberSql(`${value(numberStamp(new Date()))}::text`, 'n.id')},
                ${columns.map((c) => `r.${c}`).join(', ')}
           FROM new_order_id n,
                jsonb_populate_record(NULL::orders, ${value(JSON.stringify(order))}::jsonb) r
         RETURNING *)`,
      // In the order given: their ids order the lines on every answer.
      `new_lines AS (
         INSERT INTO order_details (order_id, ${lineColumns.join(', ')})
         SELECT o.order_id, ${lineColumns.map((c) => `l.${c}`).join(', ')}
           FROM new_order o,
                jsonb_populate_recordset(NULL::order_details, ${value(JSON.stringify(lines))}::jsonb)
                  WITH ORDINALITY AS l
          ORDER BY l.ordinality
         RETURNING *)`,
      this.transitions.creationSteps(params, 'new_order', buyer, note),
    ];
    const goodsSql = stock?.goodsSql ?? ((id: string) => this.reservations.goodsSql(id));
    let row: OrderRow;
    try {
      [row] = await manager.query<OrderRow[]>(
        `WITH ${steps.join(',\n')}
         SELECT ${this.query.writtenSql(
           { order: 'new_order', lines: 'new_lines', history: 'creation_history' },
           goodsSql,
         )}`,
        params.values,
      );
    } catch (error) {
      throw uniqueViolationToOrderError(error) ?? error;
    }
    const placed = this.query.written(row);
    if (!placed) return this.reservations.explainShortfall(manager, quote);
    this.transitions.afterCreation(manager);
    return placed;
  }
}
