import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import { confirmAccountRead } from '../../common/auth/deferred-account.js';
import { JsonRows } from '../../common/database/json-rows.js';
import { Page } from '../../common/http/envelope.js';
import { countedPage, CountedRow } from '../../common/pagination/counted-page.js';
import { COUNT_CAP } from '../../common/pagination/keyset.js';
import { pageWindow } from '../../common/pagination/page-query.dto.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import type { CommParticipant } from '../comm-actor.js';
import type { ActorRole } from '../../common/state-machine/actor.js';
import {
  toCommMessageResponse,
  toCommOrderResponse,
  toCommQuoteResponse,
} from '../comm-order.mapper.js';
import { CommErrors } from '../communication.errors.js';
import { CommMessagesQueryDto } from '../dto/comm-message.request.dto.js';
import { CommOrderListQueryDto } from '../dto/comm-order.request.dto.js';
import {
  CommMessageResponseDto,
  CommOrderDetailResponseDto,
  CommOrderResponseDto,
} from '../dto/comm-order.response.dto.js';
import { STAFF_LIST_SORTS, StaffCommOrderListQueryDto } from '../dto/staff-comm.request.dto.js';
import { CommMessage } from '../entities/comm-message.entity.js';
import { CommOrder } from '../entities/comm-order.entity.js';
import { CommQuote } from '../entities/comm-quote.entity.js';
import { CommOrderLookup } from './comm-order.lookup.js';
import { SqlParams } from '../../common/database/sql-params.js';

/** How many of the latest messages each request carries in lists and detail. */
export const LATEST_MESSAGES = 20;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** ORDER BY of each staff list sort. */
const STAFF_LIST_ORDER: Record<(typeof STAFF_LIST_SORTS)[number], string> = {
  // Longest-waiting customers first; requests nobody waits on after them, newest first (the
  // index idx_comm_orders_waiting_order serves exactly this order).
  waiting: 'o.waiting_since ASC NULLS LAST, o.id DESC',
  newest: 'o.id DESC',
  // The latest message or change of the request (a help desk's "last activity"); GREATEST skips
  // the NULL of a request without messages.
  activity: 'GREATEST(o.last_message_time, o.updated_time) DESC, o.id DESC',
};

/** A list or detail row as the one statement returns it (JSON columns parsed by pg). */
interface CommRow extends CountedRow {
  row: Record<string, unknown> | null;
  messages: Record<string, unknown>[] | null;
  customer: unknown;
  goods: unknown;
  quotes?: Record<string, unknown>[];
}

/**
 * Reads of communication orders, shaped for one side. A list or a detail is one statement
 * whatever the page size or thread length (see `page`). Message counts come from counters kept
 * on the request row, never from counting threads. Staff lists count up to COUNT_CAP.
 */
@Injectable()
export class CommOrderQueryService {
  private readonly orderRows: JsonRows<CommOrder>;
  private readonly messageRows: JsonRows<CommMessage>;
  private readonly quoteRows: JsonRows<CommQuote>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserDirectoryService,
    private readonly catalogue: CatalogueService,
    private readonly lookup: CommOrderLookup,
  ) {
    this.orderRows = new JsonRows(dataSource, CommOrder);
    this.messageRows = new JsonRows(dataSource, CommMessage);
    this.quoteRows = new JsonRows(dataSource, CommQuote);
  }

  async listForCustomer(
    actor: CommParticipant,
    query: CommOrderListQueryDto,
  ): Promise<Page<CommOrderResponseDto>> {
    const params = new SqlParams();
    const where = this.lookup.listWhere(actor, params);
    if (query.status !== undefined) where.push(`o.status = ${params.add(query.status)}`);
    const page = await this.page(where, params, 'o.id DESC', pageWindow(query), 'customer');
    // Counted under the lookup's condition: a request counted proves the account current.
    if (page.total > 0) confirmAccountRead(actor);
    return page;
  }

  async listForStaff(query: StaffCommOrderListQueryDto): Promise<Page<CommOrderResponseDto>> {
    const params = new SqlParams();
    const value = (v: unknown) => params.add(v);
    const where: string[] = [];
    if (query.status !== undefined) where.push(`o.status = ${value(query.status)}`);
    if (query.archive_id !== undefined) where.push(`o.archive_id = ${value(query.archive_id)}`);
    if (query.unread === 1) where.push('o.staff_unread_count > 0');
    if (query.keyword !== undefined) {
      const keyword = value(likePattern(query.keyword));
      where.push(
        `(o.title ILIKE ${keyword} OR o.content ILIKE ${keyword} OR o.phone LIKE ${keyword})`,
      );
    }
    if (query.user !== undefined) {
      const userIds = /^\d{1,9}$/.test(query.user)
        ? [Number(query.user)]
        : await this.users.searchUserIds(query.user);
      if (!userIds.length) return new Page([], 0, false);
      where.push(`o.user_id = ANY(${value(userIds)}::int[])`);
    }
    const order = STAFF_LIST_ORDER[query.sort ?? 'waiting'];
    return this.page(where, params, order, pageWindow(query), 'staff', COUNT_CAP);
  }

  /** One request with its latest messages, customer, product and every quote: one statement. */
  async detail(actor: CommParticipant, id: number): Promise<CommOrderDetailResponseDto> {
    const params = new SqlParams();
    const where = this.lookup.whereVisible(id, actor, params);
    const [row] = await this.dataSource.query<CommRow[]>(
      `SELECT o.id, ${this.relationsSql()},
              (SELECT coalesce(json_agg(${this.quoteRows.json('q')} ORDER BY q.version DESC), '[]')
                 FROM comm_quotes q WHERE q.comm_order_id = o.id) AS quotes
         FROM comm_orders o WHERE ${where}`,
      params.values,
    );
    if (!row) throw CommErrors.notFound();
    confirmAccountRead(actor);
    return {
      ...this.toResponse(row, actor.role),
      quotes: row.quotes!.map((quote) => toCommQuoteResponse(this.quoteRows.entity(quote))),
    };
  }

  /** One request shaped for a side (answers of the write endpoints). */
  async present(order: CommOrder, role: ActorRole): Promise<CommOrderResponseDto> {
    const [shaped] = await this.shape([order], role);
    return shaped;
  }

  /**
   * A page of a thread, in one statement with the visibility check (an unknown or someone
   * else's request reads no row: NOT_FOUND). Without before_id/after_id, page 1 is the newest
   * page_size messages; `before_id` scrolls back from a message, `after_id` catches up after
   * one. Each page is oldest-first; `total` is the thread length, the counter on the request.
   */
  async messages(
    actor: CommParticipant,
    query: CommMessagesQueryDto,
  ): Promise<Page<CommMessageResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const params = new SqlParams();
    const where = this.lookup.whereVisible(query.comm_order_id, actor, params);
    let cursor = '';
    let direction = 'DESC';
    let skip = offset;
    if (query.after_id !== undefined) {
      cursor = ` AND m.id > ${params.add(query.after_id)}`;
      direction = 'ASC';
      skip = 0;
    } else if (query.before_id !== undefined) {
      cursor = ` AND m.id < ${params.add(query.before_id)}`;
      skip = 0;
    }
    const limitOffset = `LIMIT ${params.add(limit)} OFFSET ${params.add(skip)}`;
    const [row] = await this.dataSource.query<
      { message_count: number; messages: Record<string, unknown>[] }[]
    >(
      `SELECT o.message_count,
              (SELECT coalesce(json_agg(page.message ORDER BY page.id), '[]') FROM (
                 SELECT m.id, ${this.messageRows.json('m')} AS message FROM comm_messages m
                  WHERE m.comm_order_id = o.id${cursor}
                  ORDER BY m.id ${direction}
                  ${limitOffset}) page) AS messages
         FROM comm_orders o WHERE ${where}`,
      params.values,
    );
    if (!row) throw CommErrors.notFound();
    confirmAccountRead(actor);
    return new Page(
      row.messages.map((message) => toCommMessageResponse(this.messageRows.entity(message))),
      row.message_count,
    );
  }

  /**
   * A page in one statement: the count (exact, or up to `countCap`), the requests, and for each
   * its latest LATEST_MESSAGES messages (a LATERAL ... LIMIT walk of the (comm_order_id, id)
   * index, so a 10,000-message thread costs what a 20-message one does), its customer and its
   * product, built as JSON by PostgreSQL and shaped by the same mappers.
   */
  private async page(
    where: string[],
    params: SqlParams,
    order: string,
    window: { limit: number; offset: number },
    role: ActorRole,
    countCap?: number,
  ): Promise<Page<CommOrderResponseDto>> {
    const condition = where.length ? where.join(' AND ') : 'TRUE';
    const limitOffset = `LIMIT ${params.add(window.limit)} OFFSET ${params.add(window.offset)}`;
    return countedPage<CommRow, CommOrderResponseDto>(
      this.dataSource,
      {
        table: 'comm_orders',
        where: condition,
        // A deferred join: the page's ids first (a deep `current` page skips index entries,
        // not built JSON), then the relations of those rows only; row_number() keeps the page's
        // own order (the staff sort has two keys).
        page: `SELECT ids.position, o.id, ${this.relationsSql()} FROM (
                 SELECT row_number() OVER () AS position, page.id FROM (
                   SELECT o.id FROM comm_orders o WHERE ${condition}
                    ORDER BY ${order} ${limitOffset}) page) ids
                JOIN comm_orders o ON o.id = ids.id`,
        orderBy: 'p.position',
        params: params.values,
        countCap,
      },
      (row) => this.toResponse(row, role),
    );
  }

  private relationsSql(): string {
    return `${this.orderRows.json('o')} AS row,
      (SELECT coalesce(json_agg(latest.message ORDER BY latest.id), '[]') FROM (
         SELECT m.id, ${this.messageRows.json('m')} AS message FROM comm_messages m
          WHERE m.comm_order_id = o.id ORDER BY m.id DESC LIMIT ${LATEST_MESSAGES}) latest) AS messages,
      ${this.users.embeddedUser.sql('o.user_id')} AS customer,
      ${this.catalogue.embeddedGoods.sql('o.archive_id')} AS goods`;
  }

  private toResponse(row: CommRow, role: ActorRole): CommOrderResponseDto {
    return toCommOrderResponse(this.orderRows.entity(row.row!), role, {
      user: this.users.embeddedUser.shape(row.customer),
      goods: this.catalogue.embeddedGoods.shape(row.goods),
      messages: row.messages!.map((message) => this.messageRows.entity(message)),
    });
  }

  /** Relations of requests read elsewhere (answers of the write endpoints). */
  private async shape(orders: CommOrder[], role: ActorRole): Promise<CommOrderResponseDto[]> {
    if (!orders.length) return [];
    const rows = await this.dataSource.query<CommRow[]>(
      `SELECT o.id, ${this.relationsSql()} FROM comm_orders o WHERE o.id = ANY($1::int[])`,
      [orders.map((order) => order.id)],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    // The caller's entity wins over the re-read row (it may come from a just-committed change).
    return orders.map((order) => {
      const row = byId.get(order.id);
      return toCommOrderResponse(order, role, {
        user: this.users.embeddedUser.shape(row?.customer),
        goods: this.catalogue.embeddedGoods.shape(row?.goods),
        messages: (row?.messages ?? []).map((message) => this.messageRows.entity(message)),
      });
    });
  }
}
