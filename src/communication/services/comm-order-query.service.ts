import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import { Page } from '../../common/http/envelope.js';
import { pageWindow } from '../../common/pagination/page-query.dto.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import type { CommActor } from '../comm-actor.js';
import { CommSide } from '../comm-order-status.js';
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
import { StaffCommOrderListQueryDto } from '../dto/staff-comm.request.dto.js';
import { CommMessage } from '../entities/comm-message.entity.js';
import { CommOrder } from '../entities/comm-order.entity.js';
import { CommQuote } from '../entities/comm-quote.entity.js';

/** How many of the latest messages each request carries in lists and detail. */
export const LATEST_MESSAGES = 20;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Reads of communication orders, shaped for one side. Every list is a constant number of
 * queries whatever the page size or thread length: the page (LIMIT/OFFSET on comm_orders only),
 * its count, the latest messages of all its requests in one LATERAL query (an index range scan of
 * at most LATEST_MESSAGES rows per request), the users and the products: one IN query each.
 * Counts come from counters kept on the request row, never from counting threads.
 */
@Injectable()
export class CommOrderQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserDirectoryService,
    private readonly catalogue: CatalogueService,
  ) {}

  async listForCustomer(
    userId: number,
    query: CommOrderListQueryDto,
  ): Promise<Page<CommOrderResponseDto>> {
    const page = pageWindow(query);
    const builder = this.orders().where('o.user_id = :userId', { userId }).orderBy('o.id', 'DESC');
    if (query.status !== undefined)
      builder.andWhere('o.status = :status', { status: query.status });
    return this.page(builder, page, 'customer');
  }

  async listForStaff(query: StaffCommOrderListQueryDto): Promise<Page<CommOrderResponseDto>> {
    const page = pageWindow(query);
    const builder = this.orders();
    if (query.status !== undefined)
      builder.andWhere('o.status = :status', { status: query.status });
    if (query.archive_id !== undefined)
      builder.andWhere('o.archive_id = :archiveId', { archiveId: query.archive_id });
    if (query.unread === 1) builder.andWhere('o.staff_unread_count > 0');
    if (query.keyword !== undefined) {
      builder.andWhere(
        '(o.title ILIKE :keyword OR o.content ILIKE :keyword OR o.phone LIKE :keyword)',
        { keyword: likePattern(query.keyword) },
      );
    }
    if (query.user !== undefined) {
      const userIds = /^\d{1,9}$/.test(query.user)
        ? [Number(query.user)]
        : await this.users.searchUserIds(query.user);
      if (!userIds.length) return new Page([], 0);
      builder.andWhere('o.user_id IN (:...userIds)', { userIds });
    }
    if ((query.sort ?? 'waiting') === 'waiting') {
      // Longest-waiting customers first; requests nobody waits on after them, newest first.
      builder.orderBy('o.waiting_since', 'ASC', 'NULLS LAST').addOrderBy('o.id', 'DESC');
    } else {
      builder.orderBy('o.id', 'DESC');
    }
    return this.page(builder, page, 'staff');
  }

  async detail(actor: CommActor, id: number): Promise<CommOrderDetailResponseDto> {
    const order = await this.findVisible(this.dataSource.manager, actor, id);
    const [shaped] = await this.shape([order], actor.side);
    const quotes = await this.dataSource.getRepository(CommQuote).find({
      where: { commOrderId: order.id },
      order: { version: 'DESC' },
    });
    return { ...shaped, quotes: quotes.map(toCommQuoteResponse) };
  }

  /** One request shaped for a side (answers of the write endpoints). */
  async present(order: CommOrder, side: CommSide): Promise<CommOrderResponseDto> {
    const [shaped] = await this.shape([order], side);
    return shaped;
  }

  /**
   * A page of a thread. Without before_id/after_id, page 1 is the newest page_size messages;
   * `before_id` scrolls back from a message, `after_id` catches up after one. Each page is
   * oldest-first; `total` is the thread length.
   */
  async messages(
    actor: CommActor,
    query: CommMessagesQueryDto,
  ): Promise<Page<CommMessageResponseDto>> {
    const order = await this.findVisible(this.dataSource.manager, actor, query.comm_order_id);
    const { limit, offset } = pageWindow(query);
    const builder = this.dataSource
      .getRepository(CommMessage)
      .createQueryBuilder('m')
      .where('m.comm_order_id = :id', { id: order.id })
      .limit(limit);
    if (query.after_id !== undefined) {
      builder.andWhere('m.id > :after', { after: query.after_id }).orderBy('m.id', 'ASC');
      const rows = await builder.getMany();
      return new Page(rows.map(toCommMessageResponse), order.messageCount);
    }
    if (query.before_id !== undefined) {
      builder.andWhere('m.id < :before', { before: query.before_id });
    } else {
      builder.offset(offset);
    }
    const rows = await builder.orderBy('m.id', 'DESC').getMany();
    return new Page(rows.reverse().map(toCommMessageResponse), order.messageCount);
  }

  async findVisible(manager: EntityManager, actor: CommActor, id: number): Promise<CommOrder> {
    const where = actor.side === 'customer' ? { id, userId: actor.id } : { id };
    const order = await manager.getRepository(CommOrder).findOneBy(where);
    if (!order) throw CommErrors.notFound();
    return order;
  }

  private orders(): SelectQueryBuilder<CommOrder> {
    return this.dataSource.getRepository(CommOrder).createQueryBuilder('o');
  }

  private async page(
    builder: SelectQueryBuilder<CommOrder>,
    window: { limit: number; offset: number },
    side: CommSide,
  ): Promise<Page<CommOrderResponseDto>> {
    const [rows, total] = await Promise.all([
      builder.clone().limit(window.limit).offset(window.offset).getMany(),
      builder.clone().orderBy().getCount(),
    ]);
    return new Page(await this.shape(rows, side), total);
  }

  /** Relations of a page: three queries, whatever the page size and thread lengths. */
  private async shape(orders: CommOrder[], side: CommSide): Promise<CommOrderResponseDto[]> {
    if (!orders.length) return [];
    const ids = orders.map((o) => o.id);
    const [messages, users, goods] = await Promise.all([
      this.latestMessages(ids),
      this.users.usersByIds(orders.map((o) => o.userId)),
      this.catalogue.goodsByIds(orders.map((o) => o.archiveId)),
    ]);
    const byOrder = new Map<number, CommMessage[]>();
    for (const message of messages) {
      const list = byOrder.get(message.commOrderId) ?? [];
      list.push(message);
      byOrder.set(message.commOrderId, list);
    }
    return orders.map((order) =>
      toCommOrderResponse(order, side, {
        user: users.get(order.userId),
        goods: goods.get(order.archiveId),
        messages: byOrder.get(order.id) ?? [],
      }),
    );
  }

  /**
   * The latest LATEST_MESSAGES messages of each request, oldest first. LATERAL + LIMIT walks the
   * (comm_order_id, id) index backwards and stops: a 10,000-message thread costs what a
   * 20-message one does (a ROW_NUMBER() window would still read every message of the thread).
   */
  private latestMessages(commOrderIds: number[]): Promise<CommMessage[]> {
    return this.dataSource
      .getRepository(CommMessage)
      .createQueryBuilder('m')
      .where(
        `m.id IN (SELECT latest.id FROM unnest(CAST(:ids AS int[])) AS page(id)
           CROSS JOIN LATERAL (SELECT x.id FROM comm_messages x WHERE x.comm_order_id = page.id
                               ORDER BY x.id DESC LIMIT ${LATEST_MESSAGES}) AS latest)`,
        { ids: commOrderIds },
      )
      .orderBy('m.comm_order_id', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
  }
}
