import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import { AdminOrderListQueryDto } from '../dto/order-action.request.dto.js';
import { Order } from '../entities/order.entity.js';
import { applyOrderFilter, OrderFilter } from '../order-filter.js';
import { csvHeader, csvRow } from '../order-csv.js';
import { OrderQueryService } from './order-query.service.js';

/** Orders read per query while streaming; memory stays flat whatever the export size. */
export const EXPORT_BATCH_SIZE = 500;

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
    yield csvHeader();
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
      yield batch.map((order) => csvRow(order, buyers.get(order.userId)?.user_name ?? '')).join('');
      if (batch.length < EXPORT_BATCH_SIZE) return;
      beforeId = batch[batch.length - 1].id;
    }
  }
}
