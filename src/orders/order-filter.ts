import type { SqlParams } from '../common/database/sql-params.js';
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

/**
 * The filter as a WHERE clause on `orders` aliased `o`, its values appended to `params` (the
 * lists and the export read with it). Every filter has an index: see the orders migrations.
 */
export function orderFilterSql(filter: OrderFilter, params: SqlParams): string {
  const value = (v: unknown) => params.add(v);
  const where: string[] = [];
  if (filter.buyerId !== undefined) where.push(`o.user_id = ${value(filter.buyerId)}`);
  if (filter.buyerIds !== undefined)
    where.push(`o.user_id = ANY(${value(filter.buyerIds)}::int[])`);
  if (filter.status !== undefined) where.push(`o.status = ${value(filter.status)}`);
  if (filter.orderId !== undefined) where.push(`o.order_id = ${value(filter.orderId)}`);
  if (filter.createdFrom !== undefined)
    where.push(`o.created_time >= ${value(filter.createdFrom)}`);
  if (filter.createdBefore !== undefined)
    where.push(`o.created_time < ${value(filter.createdBefore)}`);
  return where.length ? where.join(' AND ') : 'TRUE';
}
