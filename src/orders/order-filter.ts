import { SelectQueryBuilder } from 'typeorm';
import { Order } from './entities/order.entity.js';
import { isOrderStatus, OrderStatus, STATUS_FILTERS } from './order-status.js';

/** Filters of the order lists and the CSV export, resolved to column values. */
export interface OrderFilter {
  buyerId?: number;
  /** Buyer ids from a user-name search; an empty array matches nothing. */
  buyerIds?: number[];
  status?: OrderStatus;
  orderId?: string;
  createdFrom?: Date;
  createdBefore?: Date;
}

/** `status` query value: '' = all, a name of STATUS_FILTERS, or a status number. */
export function parseStatusFilter(value: string | undefined): OrderStatus | undefined {
  if (value === undefined || value === '') return undefined;
  if (value in STATUS_FILTERS) return STATUS_FILTERS[value];
  const numeric = Number(value);
  return isOrderStatus(numeric) ? numeric : undefined;
}

/** Adds the filter to a query on `orders` aliased `o` (every filter has an index). */
export function applyOrderFilter(
  query: SelectQueryBuilder<Order>,
  filter: OrderFilter,
): SelectQueryBuilder<Order> {
  if (filter.buyerId !== undefined) query.andWhere('o.user_id = :buyerId', filter);
  if (filter.buyerIds !== undefined)
    query.andWhere('o.user_id = ANY(:buyerIds)', { buyerIds: filter.buyerIds });
  if (filter.status !== undefined) query.andWhere('o.status = :status', filter);
  if (filter.orderId !== undefined) query.andWhere('o.order_id = :orderId', filter);
  if (filter.createdFrom !== undefined) query.andWhere('o.created_time >= :createdFrom', filter);
  if (filter.createdBefore !== undefined) query.andWhere('o.created_time < :createdBefore', filter);
  return query;
}
