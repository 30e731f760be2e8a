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

  /**
   * Everything that can fail on bad input (the filter, the first query) runs before the stream
   * is returned, so an error is still an envelope instead of a response cut after its headers.
   */
  async exportCsv(query: AdminOrderListQueryDto): Promise<Readable> {
    const filter = await this.query.adminFilter(query);
    const first = await this.batch(filter, undefined);
    return Readable.from(this.lines(filter, first), { objectMode: false });
  }

  /** One keyset page as CSV text, and where the next one starts (undefined = done). */
  private async batch(filter: OrderFilter, beforeId: number | undefined): Promise<CsvBatch> {
    const query = applyOrderFilter(
      this.dataSource.getRepository(Order).createQueryBuilder('o'),
      filter,
    );
    if (beforeId !== undefined) query.andWhere('o.id < :beforeId', { beforeId });
    const orders = await query.orderBy('o.id', 'DESC').limit(EXPORT_BATCH_SIZE).getMany();
    const buyers = await this.users.usersByIds(orders.map((order) => order.userId));
    return {
      text: orders
        .map((order) => csvRow(order, buyers.get(order.userId)?.user_name ?? ''))
        .join(''),
      nextBeforeId: orders.length < EXPORT_BATCH_SIZE ? undefined : orders[orders.length - 1].id,
    };
  }

  private async *lines(filter: OrderFilter, first: CsvBatch): AsyncGenerator<string> {
    // A BOM so spreadsheet programs read the UTF-8 (Chinese names and addresses) correctly.
    yield csvHeader();
    let batch = first;
    for (;;) {
      if (batch.text) yield batch.text;
      if (batch.nextBeforeId === undefined) return;
      batch = await this.batch(filter, batch.nextBeforeId);
    }
  }
}

interface CsvBatch {
  text: string;
  nextBeforeId: number | undefined;
}
