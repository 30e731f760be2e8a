import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { toUnixSeconds } from '../../common/database/column-types.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import { AdminOrderListQueryDto } from '../dto/order-action.request.dto.js';
import { Order } from '../entities/order.entity.js';
import { applyOrderFilter, OrderFilter } from '../order-filter.js';
import { statusName } from '../order-status.js';
import { OrderQueryService } from './order-query.service.js';

/** Orders read per query while streaming; memory stays flat whatever the export size. */
export const EXPORT_BATCH_SIZE = 500;

const COLUMNS: [string, (order: Order, buyer: string) => string | number][] = [
  ['order_id', (o) => o.orderId],
  ['created_time', (o) => new Date(o.createdTime).toISOString()],
  ['user_id', (o) => o.userId],
  ['user_name', (_o, buyer) => buyer],
  ['type', (o) => o.type],
  ['status', (o) => o.status],
  ['status_name', (o) => statusName(o.status)],
  ['refund_status', (o) => o.refundStatus],
  ['origin_amount_fen', (o) => o.originAmount],
  ['discount_amount_fen', (o) => o.discountAmount],
  ['amount_fen', (o) => o.amount],
  ['payment_id', (o) => o.paymentId],
  ['paid_time', (o) => toUnixSeconds(o.paidTime)],
  ['seller_id', (o) => o.sellerId],
  ['seller_amount_fen', (o) => o.sellerAmount],
  ['share_user_id', (o) => o.shareUserId],
  ['share_amount_fen', (o) => o.shareAmount],
  ['share_parent_user_id', (o) => o.shareParentUserId],
  ['share_parent_amount_fen', (o) => o.shareParentAmount],
  ['express_company', (o) => o.expressCompany],
  ['tracking_number', (o) => o.trackingNumber],
  ['recipient', (o) => (o.address ? `${o.address.name} ${o.address.phone}` : '')],
  [
    'address',
    (o) =>
      o.address
        ? [o.address.province, o.address.city, o.address.country, o.address.address_info]
            .filter(Boolean)
            .join(' ')
        : '',
  ],
  ['remark', (o) => o.remark],
];

/**
 * A CSV cell: quoted when needed, and defused when it starts like a spreadsheet formula
 * (user-typed remarks and addresses end up here).
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The admin CSV export of the filtered order list, streamed: keyset pages of EXPORT_BATCH_SIZE
 * orders (id descending, like the list), each with one batched lookup of buyer names.
 */
@Injectable()
export class OrderExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly query: OrderQueryService,
    private readonly users: UserDirectoryService,
  ) {}

  async exportCsv(query: AdminOrderListQueryDto): Promise<Readable> {
    const filter = await this.query.adminFilter(query);
    return Readable.from(this.lines(filter), { objectMode: false });
  }

  private async *lines(filter: OrderFilter): AsyncGenerator<string> {
    // A BOM so spreadsheet programs read the UTF-8 (Chinese names and addresses) correctly.
    yield '\uFEFF' + COLUMNS.map(([name]) => name).join(',') + '\r\n';
    let beforeId: number | undefined;
    for (;;) {
      const query = applyOrderFilter(
        this.dataSource.getRepository(Order).createQueryBuilder('o'),
        filter,
      );
      if (beforeId !== undefined) query.andWhere('o.id < :beforeId', { beforeId });
      const batch = await query.orderBy('o.id', 'DESC').limit(EXPORT_BATCH_SIZE).getMany();
      if (!batch.length) return;
      const buyers = await this.users.usersByIds(batch.map((order) => order.userId));
      yield batch
        .map(
          (order) =>
            COLUMNS.map(([, cell]) =>
              csvCell(cell(order, buyers.get(order.userId)?.user_name ?? '')),
            ).join(',') + '\r\n',
        )
        .join('');
      if (batch.length < EXPORT_BATCH_SIZE) return;
      beforeId = batch[batch.length - 1].id;
    }
  }
}
