import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { JsonRows } from '../../common/database/json-rows.js';
import { ReadReplicas } from '../../common/database/read-replicas.service.js';
import { SqlParams } from '../../common/database/sql-params.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import { AdminOrderListQueryDto } from '../dto/order-action.request.dto.js';
import { OrderTableResponseDto } from '../dto/order-table.response.dto.js';
import { Order } from '../entities/order.entity.js';
import { OrderFilter, orderFilterSql } from '../order-filter.js';
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
  private readonly orderRows: JsonRows<Order>;

  constructor(
    dataSource: DataSource,
    private readonly reads: ReadReplicas,
    private readonly query: OrderQueryService,
    private readonly users: UserDirectoryService,
  ) {
    this.orderRows = new JsonRows(dataSource, Order);
  }

  /**
   * Everything that can fail on bad input (the filter, the first query) runs before the stream
   * is returned, so an error is still an envelope instead of a response cut after its headers.
   */
  async exportCsv(admin: AdminPrincipal, query: AdminOrderListQueryDto): Promise<Readable> {
    const filter = await this.query.adminFilter(query);
    const first = await this.batch(admin, filter, undefined);
    return Readable.from(this.lines(admin, filter, first), { objectMode: false });
  }

  /** AnqiCMS's export answer: column names and one array of cells per order. */
  async exportTable(
    admin: AdminPrincipal,
    query: AdminOrderListQueryDto,
  ): Promise<OrderTableResponseDto> {
    const filter = await this.query.adminFilter(query);
    const content: (string | number)[][] = [];
    for await (const { orders, buyers } of this.batches(
      admin,
      filter,
      await this.batch(admin, filter, undefined),
    )) {
      if (content.length + orders.length > EXPORT_TABLE_MAX_ROWS)
        throw OrderErrors.exportTooLarge(EXPORT_TABLE_MAX_ROWS);
      for (const order of orders) content.push(tableRow(order, buyers.get(order.userId) ?? ''));
    }
    return { header: tableHeader(), content };
  }

  private async *lines(
    admin: AdminPrincipal,
    filter: OrderFilter,
    first: ExportBatch,
  ): AsyncGenerator<string> {
    // A BOM so spreadsheet programs read the UTF-8 (Chinese names and addresses) correctly.
    yield csvHeader();
    for await (const { orders, buyers } of this.batches(admin, filter, first))
      yield orders.map((order) => csvRow(order, buyers.get(order.userId) ?? '')).join('');
  }

  /** The keyset pages from `first` on (the first is read by the caller, before any byte is sent). */
  private async *batches(
    admin: AdminPrincipal,
    filter: OrderFilter,
    first: ExportBatch,
  ): AsyncGenerator<ExportBatch> {
    let batch = first;
    for (;;) {
      if (batch.orders.length) yield batch;
      if (batch.nextBeforeId === undefined) return;
      batch = await this.batch(admin, filter, batch.nextBeforeId);
    }
  }

  /** Each keyset page on a replica when one has the staff member's own writes (ReadReplicas). */
  private async batch(
    admin: AdminPrincipal,
    filter: OrderFilter,
    beforeId: number | undefined,
  ): Promise<ExportBatch> {
    const orders = await this.reads.read(admin, async (manager) => {
      // The lists' own filter (orderFilterSql), so the export matches what the list showed.
      const params = new SqlParams();
      const where = [orderFilterSql(filter, params)];
      if (beforeId !== undefined) where.push(`o.id < ${params.add(beforeId)}`);
      const rows = await manager.query<Record<string, unknown>[]>(
        `SELECT ${this.orderRows.columns()} FROM orders o WHERE ${where.join(' AND ')}
          ORDER BY o.id DESC LIMIT ${params.add(EXPORT_BATCH_SIZE)}`,
        params.values,
      );
      return rows.map((row) => this.orderRows.entity(row));
    });
    const users = await this.users.usersByIds(orders.map((order) => order.userId));
    return {
      orders,
      buyers: new Map([...users].map(([id, user]) => [id, user.user_name])),
      nextBeforeId: orders.length < EXPORT_BATCH_SIZE ? undefined : orders[orders.length - 1].id,
    };
  }
}

/** One keyset page of orders with their buyers' names, and where the next starts (undefined = done). */
interface ExportBatch {
  orders: Order[];
  buyers: Map<number, string>;
  nextBeforeId: number | undefined;
}
