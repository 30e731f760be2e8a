import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AttachmentService } from '../../attachments/services/attachment.service.js';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import type { StaffActor } from '../../common/state-machine/actor.js';
import type { Credential } from '../../common/auth/stream-ticket.js';
import { CommConversationService } from '../../communication/services/comm-conversation.service.js';
import { CommOrderQueryService } from '../../communication/services/comm-order-query.service.js';
import { StaffCommOrderService } from '../../communication/services/staff-comm-order.service.js';
import { StreamTicketService } from '../../events/services/stream-ticket.service.js';
import { QuoteOrderService } from '../../orders/services/quote-order.service.js';
import {
  InboxFormDto,
  CancelFormDto,
  QuoteFormDto,
  ReplyFormDto,
  ThreadQueryDto,
} from '../dto/staff-inbox.forms.js';
import type { InboxFilters, InboxView } from '../views/inbox.view.js';
import type { ThreadView } from '../views/thread.view.js';

export const INBOX_PAGE_SIZE = 20;
/** Messages a thread page shows; older ones are a link away. */
export const THREAD_PAGE_SIZE = 50;
/**
 * The zone an expiry date is read in when the browser did not say (the script fills in its
 * own offset): China's, the zone of a shop that prices in yuan.
 */
const DEFAULT_UTC_OFFSET_MINUTES = 480;

/**
 * What the staff pages show and do, through the communication, catalogue, orders, attachments
 * and events modules' own services: the same reads, use cases and state machine as the API.
 */
@Injectable()
export class StaffInboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly query: CommOrderQueryService,
    private readonly conversation: CommConversationService,
    private readonly decisions: StaffCommOrderService,
    private readonly catalogue: CatalogueService,
    private readonly shopOrders: QuoteOrderService,
    private readonly attachments: AttachmentService,
    private readonly tickets: StreamTicketService,
  ) {}

  async inbox(form: InboxFormDto): Promise<InboxView> {
    const filters: InboxFilters = {
      status: form.status,
      unread: form.unread === 1,
      customer: form.customer,
      text: form.text,
      page: form.page ?? 1,
    };
    const page = await this.query.listForStaff({
      status: form.status,
      unread: form.unread,
      user: form.customer,
      keyword: form.text,
      sort: 'activity',
      current: filters.page,
      page_size: INBOX_PAGE_SIZE,
    });
    const products = await this.productTitles(page.items.map((row) => row.archive_id));
    return { rows: page.items, total: page.total, pageSize: INBOX_PAGE_SIZE, filters, products };
  }

  /** Opening a thread marks it read for staff (as order/read does). */
  async open(me: StaffActor, id: number, query: ThreadQueryDto): Promise<ThreadView> {
    await this.conversation.read(me, id);
    return this.thread(me, id, query);
  }

  async thread(me: StaffActor, id: number, query: ThreadQueryDto = {}): Promise<ThreadView> {
    const request = await this.query.detail(me, id);
    const [messages, products, shopOrder] = await Promise.all([
      this.query.messages(me, {
        comm_order_id: id,
        before_id: query.before,
        page_size: THREAD_PAGE_SIZE,
      }),
      this.productTitles([request.archive_id]),
      request.order_id
        ? this.shopOrders.findForRequest(this.dataSource.manager, id)
        : Promise.resolve(null),
    ]);
    const first = messages.items[0];
    const older = first && messages.items.length === THREAD_PAGE_SIZE ? first.id : 0;
    return {
      request,
      messages: messages.items,
      olderThan: older,
      productTitle: products.get(request.archive_id) ?? `#${request.archive_id}`,
      shopOrder: shopOrder ? { number: shopOrder.order_id, status: shopOrder.status } : null,
    };
  }

  async reply(me: StaffActor, id: number, form: ReplyFormDto): Promise<void> {
    await this.conversation.send(me, {
      comm_order_id: id,
      message_type: 'text',
      content: form.content,
    });
  }

  /** The upload goes through the attachments module, then into the thread as an image message. */
  async sendImage(me: StaffActor, id: number, request: FastifyRequest): Promise<void> {
    // An unknown request is refused before a file is stored for it.
    await this.query.detail(me, id);
    const uploaded = await this.attachments.upload(me, request);
    await this.conversation.send(me, {
      comm_order_id: id,
      message_type: 'image',
      content: uploaded.url,
    });
  }

  async quote(me: StaffActor, id: number, form: QuoteFormDto): Promise<void> {
    await this.decisions.quote(me, {
      id,
      quote_price: form.price,
      quote_content: form.note,
      valid_until: form.expires ? endOfDay(form.expires, form.utc_offset) : undefined,
    });
  }

  async cancel(me: StaffActor, id: number, form: CancelFormDto): Promise<void> {
    await this.decisions.cancel(me, { id, reason: form.reason });
  }

  /** A stream ticket for the page's script: the cookie stays the only credential it holds. */
  streamTicket(me: AdminPrincipal, credential: Credential) {
    return this.tickets.issue(me, credential);
  }

  private async productTitles(ids: number[]): Promise<Map<number, string>> {
    const goods = await this.catalogue.goodsByIds([...new Set(ids)]);
    return new Map([...goods].map(([id, product]) => [id, product.title]));
  }
}

/** The last second of `date` (YYYY-MM-DD) in the zone `offsetMinutes` east of UTC, unix seconds. */
export function endOfDay(date: string, offsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d, 23, 59, 59) / 1000) - offsetMinutes * 60;
}
