import { Inject, Injectable } from '@nestjs/common';
import { confirmAccountRead } from '../../common/auth/deferred-account.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { OrderStatus } from '../order-status.js';
import { afterSalesWindowOpen } from '../order-refund-status.js';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import { Page } from '../../common/http/envelope.js';
import { JsonRows } from '../../common/database/json-rows.js';
import { ReadReplicas } from '../../common/database/read-replicas.service.js';
import { SqlParams } from '../../common/database/sql-params.js';
import type { AdminPrincipal, CustomerPrincipal, Principal } from '../../common/auth/principal.js';
import { countedPage, CountedRow } from '../../common/pagination/counted-page.js';
import { COUNT_CAP } from '../../common/pagination/keyset.js';
import { GoodsResponseDto } from '../../catalogue/dto/goods.response.dto.js';
import { pageWindow } from '../../common/pagination/page-query.dto.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import {
  AdminOrderListQueryDto,
  OrderDetailQueryDto,
  OrderListQueryDto,
} from '../dto/order-action.request.dto.js';
import { OrderResponseDto } from '../dto/order.response.dto.js';
import { OrderDetail } from '../entities/order-detail.entity.js';
import { OrderHistory } from '../entities/order-history.entity.js';
import { OrderRefund } from '../entities/order-refund.entity.js';
import { Order } from '../entities/order.entity.js';
import { OrderFilter, orderFilterSql, parseStatusFilter } from '../order-filter.js';
import { countedPageIds } from '../order-page-counts.js';
import {
  toFullOrderResponse,
  toOrderHistoryResponse,
  toOrderRefundResponse,
} from '../order.mapper.js';
import { actorOf } from '../../common/auth/current-actor.js';
import { Actor, ActorRole, CustomerActor, StaffActor } from '../../common/state-machine/actor.js';
import { OrderErrors } from '../orders.errors.js';
import { OrderLookup, OrderRef } from './order.lookup.js';

/** A list or detail row as the one statement returns it (JSON columns already parsed by pg). */
export interface OrderRow extends CountedRow {
  row: Record<string, unknown> | null;
  details: { row: Record<string, unknown>; goods: unknown }[] | null;
  buyer: unknown;
  history?: Record<string, unknown>[];
  refunds?: Record<string, unknown>[];
}

/**
 * Reading orders. A page or an order is ONE statement whatever the page size: the count, the
 * orders, their lines with products and their buyers (JSON built by PostgreSQL, shaped by the
 * same mappers). Staff lists count up to COUNT_CAP and page deep with keyset cursors.
 */
@Injectable()
export class OrderQueryService {
  private readonly orderRows: JsonRows<Order>;
  private readonly detailRows: JsonRows<OrderDetail>;
  private readonly historyRows: JsonRows<OrderHistory>;
  private readonly refundRows: JsonRows<OrderRefund>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly users: UserDirectoryService,
    private readonly orders: OrderLookup,
    private readonly reads: ReadReplicas,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.orderRows = new JsonRows(dataSource, Order);
    this.detailRows = new JsonRows(dataSource, OrderDetail);
    this.historyRows = new JsonRows(dataSource, OrderHistory);
    this.refundRows = new JsonRows(dataSource, OrderRefund);
  }

  /** On a replica when one has the buyer's own writes (ReadReplicas), else the primary. */
  async listForBuyer(
    me: CustomerPrincipal,
    query: OrderListQueryDto,
  ): Promise<Page<OrderResponseDto>> {
    const filter = {
      ...this.orders.listScope(actorOf(me)),
      status: parseStatusFilter(query.status),
    };
    return this.list(filter, query, 'customer', me);
  }

  /** On a replica when one has the staff member's own writes (ReadReplicas), else the primary. */
  async listForAdmin(
    admin: AdminPrincipal,
    query: AdminOrderListQueryDto,
  ): Promise<Page<OrderResponseDto>> {
    return this.list(await this.adminFilter(query), query, 'staff', admin, COUNT_CAP);
  }

  /** The admin filters, with a user-name search resolved to buyer ids (UsersModule owns users). */
  async adminFilter(query: Omit<AdminOrderListQueryDto, 'current' | 'page_size' | 'pageSize'>) {
    const filter: OrderFilter = {
      status: parseStatusFilter(query.status),
      buyerId: query.user_id,
      orderId: query.order_id || undefined,
      createdFrom: query.start_time ? new Date(query.start_time * 1000) : undefined,
      createdBefore: query.end_time ? new Date(query.end_time * 1000) : undefined,
    };
    const userName = query.user_name || query['user.user_name'];
    if (userName) filter.buyerIds = await this.users.userIdsByName(userName);
    return filter;
  }

  async detailForBuyer(
    buyer: CustomerActor,
    query: OrderDetailQueryDto,
  ): Promise<OrderResponseDto> {
    return this.detail(this.locate(query), 'customer', buyer);
  }

  /** Staff also see the inviter and the inviter's inviter who earn on the order (as AnqiCMS). */
  async detailForAdmin(staff: StaffActor, query: OrderDetailQueryDto): Promise<OrderResponseDto> {
    const order = await this.detail(this.locate(query), 'staff', staff);
    const referrerIds = [order.share_user_id, order.share_parent_user_id].filter((id) => id > 0);
    if (!referrerIds.length) return order;
    const referrers = await this.users.usersByIds(referrerIds);
    return {
      ...order,
      share_user: referrers.get(order.share_user_id),
      parent_user: referrers.get(order.share_parent_user_id),
    };
  }

  /**
   * The order settling a communication order, read in the caller's transaction; null if none.
   * The order object of the accept spec plus its lines, with `details[].goods` null and no
   * `user`: those would be read through other pool connections while the caller holds row
   * locks, which under load can exhaust the pool; GET /api/order/detail gives them.
   */
  async findByCommOrderId(
    manager: EntityManager,
    commOrderId: number,
  ): Promise<OrderResponseDto | null> {
    const order = await manager.getRepository(Order).findOneBy({ commOrderId });
    return order ? this.withLines(manager, order, 'customer') : null;
  }

  private async withLines(
    manager: EntityManager,
    order: Order,
    viewer: ActorRole,
  ): Promise<OrderResponseDto> {
    const details = await manager
      .getRepository(OrderDetail)
      .find({ where: { orderId: order.orderId }, order: { id: 'ASC' } });
    return toFullOrderResponse(order, viewer, details, new Map(), undefined);
  }

  /**
   * One order with lines, products, buyer, address and history, in one statement. Outside any
   * transaction (after the change committed). `reader` is who must be able to reach it, always
   * stated: the caller of a read, or SYSTEM_ACTOR for the answer of a change the actor already
   * made through OrderLookup (the order is theirs; no second scope check).
   */
  async detail(ref: OrderRef, viewer: ActorRole, reader: Actor): Promise<OrderResponseDto> {
    const params = new SqlParams();
    const where = this.orders.whereVisible(ref, reader, params);
    const [row] = await this.dataSource.query<OrderRow[]>(
      `SELECT o.id, ${this.relationsSql()},
              (SELECT coalesce(json_agg(${this.historyRows.json('h')} ORDER BY h.id), '[]')
                 FROM order_history h WHERE h.order_id = o.order_id) AS history,
              (SELECT coalesce(json_agg(${this.refundRows.json('r')} ORDER BY r.id), '[]')
                 FROM order_refunds r WHERE r.order_id = o.order_id) AS refunds
         FROM orders o WHERE ${where}`,
      params.values,
    );
    if (!row) throw OrderErrors.notFound();
    confirmAccountRead(reader);
    return this.toDetail(row, viewer);
  }

  /**
   * The SELECT list of a statement that writes a new order in its WITH steps, giving the order
   * as `detail` reads it (same columns, same shaping by `written`), so the answer costs no read
   * of its own: `steps` names the steps returning the new order, its lines and its history rows,
   * and `goodsSql` gives a line's product as that statement leaves it (its stock taken).
   */
  writtenSql(
    steps: { order: string; lines: string; history: string },
    goodsSql: (idSql: string) => string,
  ): string {
    return `(SELECT ${this.orderRows.json('o')} FROM ${steps.order} o) AS row,
      (SELECT coalesce(json_agg(json_build_object('row', ${this.detailRows.json('d')},
                'goods', CASE WHEN o.type = 'vip' THEN NULL ELSE ${goodsSql('d.goods_id')} END)
                ORDER BY d.id), '[]')
         FROM ${steps.lines} d, ${steps.order} o) AS details,
      (SELECT ${this.users.embeddedUser.sql('o.user_id')} FROM ${steps.order} o) AS buyer,
      (SELECT coalesce(json_agg(${this.historyRows.json('h')} ORDER BY h.id), '[]')
         FROM ${steps.history} h) AS history,
      '[]'::json AS refunds`;
  }

  /**
   * A row of writtenSql (null when the statement wrote no order): the customer's full answer
   * (as `detail` gives it) and its summary in findByCommOrderId's shape (the accept spec's).
   */
  written(row: OrderRow): { detail: OrderResponseDto; summary: OrderResponseDto } | null {
    if (!row.row) return null;
    const order = this.orderRows.entity(row.row);
    const lines = row.details!.map((line) => this.detailRows.entity(line.row));
    return {
      detail: this.toDetail(row, 'customer'),
      summary: toFullOrderResponse(order, 'customer', lines, new Map(), undefined),
    };
  }

  private toDetail(row: OrderRow, viewer: ActorRole): OrderResponseDto {
    const shaped = this.toResponse(row, viewer);
    return {
      ...shaped,
      order_address: this.orderRows.entity(row.row!).address,
      history: row.history!.map((h) => toOrderHistoryResponse(this.historyRows.entity(h))),
      refunds: row.refunds!.map((r) => toOrderRefundResponse(this.refundRows.entity(r))),
    };
  }

  private locate(query: OrderDetailQueryDto): OrderRef {
    return query.id !== undefined ? { id: query.id } : { orderId: query.order_id };
  }

  /**
   * A page in one statement: the count (exact, or up to `countCap`), the page, and for each order
   * its lines with their products and its buyer, built as JSON by PostgreSQL for the page's rows
   * only. A keyset cursor (before_id/after_id) replaces OFFSET; a deep `current` page (the AnqiCMS
   * staff panel's) skips whole blocks by their counters where the filter allows
   * (countedPageIds), and builds nothing for the rows it skips.
   */
  private async list(
    filter: OrderFilter,
    query: OrderListQueryDto,
    viewer: ActorRole,
    caller: Principal,
    countCap?: number,
  ): Promise<Page<OrderResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const params = new SqlParams();
    const where = orderFilterSql(filter, params);
    let pageWhere = where;
    let direction = 'DESC';
    let skip = offset;
    if (query.before_id !== undefined) {
      pageWhere += ` AND o.id < ${params.add(query.before_id)}`;
      skip = 0;
    } else if (query.after_id !== undefined) {
      pageWhere += ` AND o.id > ${params.add(query.after_id)}`;
      direction = 'ASC';
      skip = 0;
    }
    const pageIds =
      countedPageIds(filter, pageWhere, skip, limit, params) ??
      `SELECT o.id FROM orders o WHERE ${pageWhere} ORDER BY o.id ${direction}
        LIMIT ${params.add(limit)} OFFSET ${params.add(skip)}`;
    return this.reads.read(caller, (manager) =>
      countedPage<OrderRow, OrderResponseDto>(
        manager,
        {
          table: 'orders',
          where,
          // A deferred join: the page's ids first, then the JSON of those rows only. A deep
          // `current` page finds its ids from the per-block counters (order-page-counts.ts)
          // where they know the filter, else it walks the skipped index entries.
          page: `SELECT o.id, ${this.relationsSql()} FROM (${pageIds}) ids
                  JOIN orders o ON o.id = ids.id`,
          orderBy: 'p.id DESC',
          params: params.values,
          countCap,
        },
        (row) => this.toResponse(row, viewer),
      ),
    );
  }

  /** The columns of a list or detail row: the order, its lines with products, its buyer. */
  private relationsSql(): string {
    const goods = this.catalogue.embeddedGoods.sql('d.goods_id');
    // vip lines carry a group id in goods_id: no product to look up.
    return `${this.orderRows.json('o')} AS row,
      (SELECT coalesce(json_agg(json_build_object('row', ${this.detailRows.json('d')},
                'goods', CASE WHEN o.type = 'vip' THEN NULL ELSE ${goods} END) ORDER BY d.id), '[]')
         FROM order_details d WHERE d.order_id = o.order_id) AS details,
      ${this.users.embeddedUser.sql('o.user_id')} AS buyer`;
  }

  private toResponse(row: OrderRow, viewer: ActorRole): OrderResponseDto {
    const goods = new Map<number, GoodsResponseDto>();
    for (const line of row.details!) {
      const shaped = this.catalogue.embeddedGoods.shape(line.goods);
      if (shaped) goods.set(shaped.id, shaped);
    }
    const order = this.orderRows.entity(row.row!);
    const shaped = toFullOrderResponse(
      order,
      viewer,
      row.details!.map((line) => this.detailRows.entity(line.row)),
      goods,
      this.users.embeddedUser.shape(row.buyer),
    );
    // The transition table cannot know the clock: past the after-sales window a buyer's
    // `apply_refund` on a finished order is refused (ORDER.REFUND_WINDOW_CLOSED), so not offered.
    if (
      viewer === 'customer' &&
      order.status === OrderStatus.Finished &&
      !afterSalesWindowOpen(order.finishedTime, this.config.orderRefundWindowDays, new Date())
    )
      shaped.allowed_actions = shaped.allowed_actions.filter((a) => a !== 'apply_refund');
    return shaped;
  }
}
