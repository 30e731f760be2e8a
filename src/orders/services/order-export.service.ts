import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import { AdminOrderListQueryDto } from '../dto/order-action.request.dto.js';
import { OrderTableResponseDto } from '../dto/order-table.response.dto.js';
import { Order } from '../entities/order.entity.js';
import { applyOrderFilter, OrderFilter } from '../order-filter.js';
import { csvHeader, csvRow, tableHeader, tableRow } from '../order-csv.js';
import { OrderErrors } from '../orders.errors.js';
import { OrderQueryService } from './order-query.service.js';

/** Orders read per query while streaming; memory stays flat whatever the export size. */
export const EXPORT_BATCH_SIZE = 500;

/**
 * Most rows the staff panel's JSON export answers in one response (it builds the spreadsheet in
 * the browser from the whole answer); larger exports use the streamed CSV of GET …/export.
 */
export const EXPORT_TABLE_MAX_ROWS = 10_000;

/**
 * The admin export of the filtered order list: keyset pages of EXPORT_BATCH_SIZE orders (id
 * descending, like the list), each with one batched lookup of buyer names. GET streams CSV;
 * the staff panel's POST gets AnqiCMS's `{header, content}` table.
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

  /** AnqiCMS's export answer: column names and one array of cells per order. */
  async exportTable(query: AdminOrderListQueryDto): Promise<OrderTableResponseDto> {
    const filter = await this.query.adminFilter(query);
    const content: (string | number)[][] = [];
    for await (const { orders, buyers } of this.batches(filter)) {
      if (content.length + orders.length > EXPORT_TABLE_MAX_ROWS)
        throw OrderErrors.exportTooLarge(EXPORT_TABLE_MAX_ROWS);
      for (const order of orders) content.push(tableRow(order, buyers.get(order.userId) ?? ''));
    }
    return { header: tableHeader(), content };
  }

  private async *lines(filter: OrderFilter): AsyncGenerator<string> {
    // A BOM so spreadsheet programs read the UTF-8 (Chinese names and addresses) correctly.
    yield csvHeader();
    for await (const { orders, buyers } of this.batches(filter))
      yield orders.map((order) => csvRow(order, buyers.get(order.userId) ?? '')).join('');
  }

  private async *batches(
    filter: OrderFilter,
  ): AsyncGenerator<{ orders: Order[]; buyers: Map<number, string> }> {
    let beforeId: number | undefined;
    for (;;) {
      const query = applyOrderFilter(
        this.dataSource.getRepository(Order).createQueryBuilder('o'),
        filter,
      );
      if (beforeId !== undefined) query.andWhere('o.id < :beforeId', { beforeId });
      const batch = await query.orderBy('o.id', 'DESC').limit(EXPORT_BATCH_SIZE).getMany();
      if (!batch.length) return;
      const users = await this.users.usersByIds(batch.map((order) => order.userId));
      const buyers = new Map([...users].map(([id, user]) => [id, user.user_name]));
      yield { orders: batch, buyers };
      if (batch.length < EXPORT_BATCH_SIZE) return;
      beforeId = batch[batch.length - 1].id;
    }
  }
}
