import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CommParticipant } from '../comm-actor.js';
import { CommErrors } from '../communication.errors.js';
import { CommOrderResponseDto } from '../dto/comm-order.response.dto.js';
import { QuoteRequestDto, StaffCancelRequestDto } from '../dto/staff-comm.request.dto.js';
import { CommQuote } from '../entities/comm-quote.entity.js';
import { parseQuotePrice } from '../quote-price.js';
import { CommOrderLookup } from './comm-order.lookup.js';
import { CommOrderQueryService } from './comm-order-query.service.js';
import { CommOrderTransitionService } from './comm-order-transition.service.js';

/** Staff decisions on a request: quoting (and re-quoting) and cancelling. */
@Injectable()
export class StaffCommOrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lookup: CommOrderLookup,
    private readonly transitions: CommOrderTransitionService,
    private readonly query: CommOrderQueryService,
  ) {}

  /**
   * A new immutable quote version (1, 2, ...) becomes the current quote; the `quote` message in
   * the thread announces it. Quoting while quoted supersedes the previous version, so an accept
   * that names the old version is refused as stale.
   */
  async quote(actor: CommParticipant, input: QuoteRequestDto): Promise<CommOrderResponseDto> {
    const parsed = parseQuotePrice(input.quote_price);
    if (!parsed.ok) throw CommErrors.invalidQuotePrice(parsed.reason);
    const validUntil = input.valid_until ? new Date(input.valid_until * 1000) : null;
    if (validUntil && validUntil.getTime() <= Date.now()) throw CommErrors.validUntilPassed();

    const order = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lookup.lockVisible(manager, input.id, actor);
      const version = locked.quoteVersion + 1;
      const result = await this.transitions.transition(manager, locked, 'quote', actor, {
        changes: {
          quotePrice: parsed.price,
          quoteAmount: parsed.amount,
          quoteContent: input.quote_content,
          quoteVersion: version,
          quoteValidUntil: validUntil,
          rejectReason: '',
          adminId: locked.adminId || actor.id,
        },
        note: `quote v${version}: ${parsed.price}`,
        message: { messageType: 'quote', content: input.quote_content, quoteVersion: version },
      });
      await manager.getRepository(CommQuote).insert({
        commOrderId: locked.id,
        version,
        price: parsed.price,
        amount: parsed.amount,
        content: input.quote_content,
        validUntil,
        createdBy: actor.id,
      });
      return result.order;
    });
    return this.query.present(order, 'staff');
  }

  async cancel(
    actor: CommParticipant,
    input: StaffCancelRequestDto,
  ): Promise<CommOrderResponseDto> {
    const { order } = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lookup.lockVisible(manager, input.id, actor);
      return this.transitions.transition(manager, locked, 'cancel', actor, {
        changes: { cancelReason: input.reason, waitingSince: null },
        note: input.reason,
      });
    });
    return this.query.present(order, 'staff');
  }
}
