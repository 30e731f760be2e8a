import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isLockNotAvailable } from '../../common/database/database-errors.js';
import { OrderResponseDto } from '../../orders/dto/order.response.dto.js';
import { QuoteOrderService } from '../../orders/services/quote-order.service.js';
import type { CustomerActor } from '../../common/state-machine/actor.js';
import { CommOrderStatus, findTransition } from '../comm-order-status.js';
import { CommErrors } from '../communication.errors.js';
import { AcceptCommOrderRequestDto } from '../dto/accept-comm-order.request.dto.js';
import { CommOrder } from '../entities/comm-order.entity.js';
import { CommOrderTransitionService } from './comm-order-transition.service.js';
import { CommOrderLookup } from './comm-order.lookup.js';

/** With the pause below, about 10 s of trying before answering "busy, try again". */
const LOCK_ATTEMPTS = 60;

/**
 * The current quote passed its valid_until: still quoted (the job has not run yet), or back in
 * communication because the job expired it (only `expire` leads there with a quote version).
 */
function quoteHasExpired(order: CommOrder): boolean {
  const lapsed = order.quoteValidUntil !== null && order.quoteValidUntil.getTime() <= Date.now();
  return (
    lapsed &&
    order.quoteVersion > 0 &&
    (order.status === CommOrderStatus.Quoted || order.status === CommOrderStatus.InCommunication)
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Accepting a quote: exactly one shop order per request. In one transaction the request row is
 * locked, checked (owner, status 2, quote version, validity), the order is placed through the
 * orders module's QuoteOrderService at the quoted amount, and the request moves to 3 linked to
 * that order (comm_orders.order_id = orders.id, `shopOrderRowId`). A repeated or
 * concurrent accept waits on the row lock, then finds the request accepted and answers with the
 * same order. orders.comm_order_id is UNIQUE as the database's last word on "one order".
 */
@Injectable()
export class CommAcceptService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: QuoteOrderService,
    private readonly transitions: CommOrderTransitionService,
    private readonly lookup: CommOrderLookup,
  ) {}

  async accept(actor: CustomerActor, input: AcceptCommOrderRequestDto): Promise<OrderResponseDto> {
    refuseForeignBody(input);
    const id = input.id ?? (await this.resolveByGoods(actor, input.goods_id));
    // Waiting for the row lock would hold a pooled connection per waiting request, and a burst
    // of accepts for one request could take the whole pool while the winner still needs one.
    // So a busy row fails fast (NOWAIT) and the attempt is repeated after a short pause with no
    // connection held; by then the winner has committed and the repeat finds its order.
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.dataSource.transaction((manager) =>
          this.acceptOnce(manager, actor, id, input),
        );
        if (outcome.placed) return outcome.placed;
        // Already accepted: read its order after the transaction (no connection held meanwhile).
        const existing = await this.orders.findForRequest(this.dataSource.manager, id);
        if (existing) return existing;
        throw CommErrors.notFound();
      } catch (error) {
        if (!isLockNotAvailable(error) || attempt >= LOCK_ATTEMPTS) throw error;
        await sleep(Math.min(20 * attempt, 200) + Math.floor(Math.random() * 20));
      }
    }
  }

  /** One try, in one transaction. `placed` is absent when the request was already accepted. */
  private async acceptOnce(
    manager: EntityManager,
    actor: CustomerActor,
    id: number,
    input: AcceptCommOrderRequestDto,
  ): Promise<{ placed?: OrderResponseDto }> {
    const order = await this.lookup.lockVisible(manager, id, actor, { noWait: true });
    if (input.goods_id !== undefined && input.goods_id !== order.archiveId) {
      throw CommErrors.acceptBodyMismatch(
        `goods_id ${input.goods_id} is not the product of this request (${order.archiveId})`,
      );
    }
    const given = input.quote_version;
    const stale = given !== undefined && given !== order.quoteVersion;
    if (order.status === CommOrderStatus.Accepted) {
      if (stale) throw CommErrors.quoteStale(given, order.quoteVersion);
      return {};
    }
    // Before and after the quote-expiry job moved it back to in communication: the quote the
    // customer saw has expired (not "the request is in communication").
    if (quoteHasExpired(order) && !stale) throw CommErrors.quoteExpired();
    if (!findTransition(order.status, 'accept', actor.role))
      throw CommErrors.invalidTransition('accept', order.status, actor.role);
    if (stale) throw CommErrors.quoteStale(given, order.quoteVersion);

    const placed = await this.orders.placeForQuote(manager, {
      buyer: actor,
      requestId: order.id,
      goodsId: order.archiveId,
      skuId: input.goods_sku_id,
      quotedAmount: order.quoteAmount,
      remark: input.remark,
      couponCode: input.coupon_code,
      couponCodeId: input.coupon_code_id,
      couponId: input.coupon_id,
      address: input.address,
    });
    await this.transitions.transition(manager, order, 'accept', actor, {
      changes: { shopOrderRowId: placed.id, acceptedTime: () => 'now()' },
      note: `quote v${order.quoteVersion} (${order.quotePrice}), order ${placed.order_id}`,
      shopOrderNumber: placed.order_id,
    });
    return { placed };
  }

  /**
   * Without `id`: the caller's single quoted request for goods_id. When none is quoted, a repeat
   * of an accept whose order still waits for payment gets that request (and so the same order).
   */
  private async resolveByGoods(actor: CustomerActor, goodsId: number | undefined): Promise<number> {
    if (goodsId === undefined) throw CommErrors.acceptNeedsTarget();
    const repository = this.dataSource.getRepository(CommOrder);
    const mine = this.lookup.ownerWhere(actor);
    const quoted = await repository.find({
      select: { id: true },
      where: { ...mine, archiveId: goodsId, status: CommOrderStatus.Quoted },
      order: { id: 'ASC' },
      take: 10,
    });
    if (quoted.length === 1) return quoted[0].id;
    if (quoted.length > 1)
      throw CommErrors.ambiguousRequest(
        goodsId,
        quoted.map((o) => o.id),
      );
    const accepted = await repository.findOne({
      select: { id: true },
      where: { ...mine, archiveId: goodsId, status: CommOrderStatus.Accepted },
      order: { acceptedTime: 'DESC' },
    });
    if (accepted && (await this.orders.isAwaitingPayment(this.dataSource.manager, accepted.id)))
      return accepted.id;
    // A quote the expiry job took back: accept answers COMM.QUOTE_EXPIRED for it.
    const expired = await repository.find({
      select: { id: true, status: true, quoteVersion: true, quoteValidUntil: true },
      where: { ...mine, archiveId: goodsId, status: CommOrderStatus.InCommunication },
      order: { id: 'ASC' },
      take: 10,
    });
    const lapsed = expired.filter(quoteHasExpired);
    if (lapsed.length === 1) return lapsed[0].id;
    throw CommErrors.noQuotedRequest(goodsId);
  }
}

/**
 * The quote prices the request's product as one line: the body may not say otherwise. The DTO
 * keeps these order-create fields (instead of stripping them) so that they are refused here.
 */
function refuseForeignBody(input: AcceptCommOrderRequestDto): void {
  if (input.details !== undefined)
    throw CommErrors.acceptBodyMismatch(
      "accept orders the request's product; details[] is not allowed",
    );
  if (input.type !== undefined && input.type !== 'goods')
    throw CommErrors.acceptBodyMismatch('an accepted quote is a goods order: type must be "goods"');
  if (input.quantity !== undefined && input.quantity !== 1)
    throw CommErrors.acceptBodyMismatch(
      'the quote is the price of the whole request: quantity must be 1',
    );
}
