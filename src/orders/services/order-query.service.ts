import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import { Page } from '../../common/http/envelope.js';
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
import { Order } from '../entities/order.entity.js';
import { applyOrderFilter, OrderFilter, parseStatusFilter } from '../order-filter.js';
import { toFullOrderResponse, toOrderHistoryResponse } from '../order.mapper.js';
import { ActorKind } from '../order-status.js';
import { OrderErrors } from '../orders.errors.js';

/**
 * Reading orders. A page costs a constant number of queries whatever its size: the page of
 * orders (and its count), then one query each for their lines, their products and their buyers.
 */
@Injectable()
export class OrderQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly users: UserDirectoryService,
  ) {}

  async listForBuyer(buyerId: number, query: OrderListQueryDto): Promise<Page<OrderResponseDto>> {
    return this.list({ buyerId, status: parseStatusFilter(query.status) }, query, 'customer');
  }

  async listForAdmin(query: AdminOrderListQueryDto): Promise<Page<OrderResponseDto>> {
    return this.list(await this.adminFilter(query), query, 'admin');
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

  async detailForBuyer(buyerId: number, query: OrderDetailQueryDto): Promise<OrderResponseDto> {
    return this.detail({ ...this.locate(query), buyerId }, 'customer');
  }

  /** Staff also see the inviter and the inviter's inviter who earn on the order (as AnqiCMS). */
  async detailForAdmin(query: OrderDetailQueryDto): Promise<OrderResponseDto> {
    const order = await this.detail(this.locate(query), 'admin');
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
   * See `summary` for its shape.
   */
  async findByCommOrderId(
    manager: EntityManager,
    commOrderId: number,
  ): Promise<OrderResponseDto | null> {
    const order = await manager.getRepository(Order).findOneBy({ commOrderId });
    return order ? this.withLines(manager, order, 'customer') : null;
  }

  /**
   * An order read through `manager` (inside the caller's transaction): the order object of the
   * accept spec plus its lines, with `details[].goods` null and no `user`. Those two would be
   * read through other pool connections while the caller holds row locks, which under load can
   * exhaust the pool; GET /api/order/detail gives them after the commit.
   */
  async summary(manager: EntityManager, id: number, viewer: ActorKind): Promise<OrderResponseDto> {
    const order = await manager.getRepository(Order).findOneBy({ id });
    if (!order) throw OrderErrors.notFound();
    return this.withLines(manager, order, viewer);
  }

  private async withLines(
    manager: EntityManager,
    order: Order,
    viewer: ActorKind,
  ): Promise<OrderResponseDto> {
    const details = await manager
      .getRepository(OrderDetail)
      .find({ where: { orderId: order.orderId }, order: { id: 'ASC' } });
    return toFullOrderResponse(order, viewer, details, new Map(), undefined);
  }

  /**
   * One order with lines, buyer, address and history. Outside any transaction (after the change
   * committed): the nested lookups take their own connections.
   */
  async detail(
    locator: { id?: number; orderId?: string; buyerId?: number },
    viewer: ActorKind,
  ): Promise<OrderResponseDto> {
    const manager = this.dataSource.manager;
    const where = {
      ...(locator.id !== undefined ? { id: locator.id } : { orderId: locator.orderId }),
      ...(locator.buyerId !== undefined ? { userId: locator.buyerId } : {}),
    };
    const order = await manager.getRepository(Order).findOneBy(where);
    if (!order) throw OrderErrors.notFound();
    const [shaped] = await this.shape(manager, [order], viewer);
    const history = await manager
      .getRepository(OrderHistory)
      .find({ where: { orderId: order.orderId }, order: { id: 'ASC' } });
    return {
      ...shaped,
      order_address: order.address,
      history: history.map(toOrderHistoryResponse),
    };
  }

  private locate(query: OrderDetailQueryDto): { id?: number; orderId?: string } {
    return query.id !== undefined ? { id: query.id } : { orderId: query.order_id };
  }

  private async list(
    filter: OrderFilter,
    query: OrderListQueryDto,
    viewer: ActorKind,
  ): Promise<Page<OrderResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const manager = this.dataSource.manager;
    const [orders, total] = await applyOrderFilter(
      manager.getRepository(Order).createQueryBuilder('o'),
      filter,
    )
      .orderBy('o.id', 'DESC')
      .limit(limit)
      .offset(offset)
      .getManyAndCount();
    return new Page(await this.shape(manager, orders, viewer), total);
  }

  /** Adds lines, products and buyers to a set of orders: three queries for any number of orders. */
  private async shape(
    manager: EntityManager,
    orders: Order[],
    viewer: ActorKind,
  ): Promise<OrderResponseDto[]> {
    if (!orders.length) return [];
    const details = await manager.getRepository(OrderDetail).find({
      where: { orderId: In(orders.map((order) => order.orderId)) },
      order: { id: 'ASC' },
    });
    // vip lines carry a group id in goods_id: no product to look up.
    const vipOrders = new Set(orders.filter((o) => o.type === 'vip').map((o) => o.orderId));
    const goodsIds = details
      .filter((detail) => !vipOrders.has(detail.orderId))
      .map((detail) => detail.goodsId);
    const [goods, buyers] = await Promise.all([
      this.catalogue.goodsByIds(goodsIds),
      this.users.usersByIds(orders.map((order) => order.userId)),
    ]);
    const linesByOrder = new Map<string, OrderDetail[]>();
    for (const detail of details) {
      const lines = linesByOrder.get(detail.orderId) ?? [];
      lines.push(detail);
      linesByOrder.set(detail.orderId, lines);
    }
    return orders.map((order) =>
      toFullOrderResponse(
        order,
        viewer,
        linesByOrder.get(order.orderId) ?? [],
        goods,
        buyers.get(order.userId),
      ),
    );
  }
}
