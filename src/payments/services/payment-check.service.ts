import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { WithMessage } from '../../common/http/envelope.js';
import { OrderNumberRequestDto } from '../../orders/dto/order-action.request.dto.js';
import { PaymentCheckResponseDto } from '../dto/payment.response.dto.js';
import { OrderStatus } from '../../orders/order-status.js';
import { OrderErrors } from '../../orders/orders.errors.js';
import { OrderLookup } from '../../orders/services/order.lookup.js';
import type { CustomerActor } from '../../common/state-machine/actor.js';
import { SqlParams } from '../../common/database/sql-params.js';

interface PaidRow {
  status: OrderStatus;
  paid: boolean;
}

/**
 * GET /api/payment/check with AnqiCMS's meaning: `code 0` only once the order is paid; while it
 * is unpaid the request waits up to PAYMENT_CHECK_WAIT_SECONDS for the payment to land, then
 * answers `-1` "Unpaid" (the client asks again).
 *
 * Waiting holds no database connection: every PAYMENT_CHECK_INTERVAL_MS it re-reads the order row
 * with one indexed SELECT on a pooled connection that goes straight back to the pool, and sleeps
 * on a timer in between. Because the answer comes from the row, a payment committed by any
 * instance (buyer's balance, staff confirmation, a gateway notification) is seen at the next
 * read; nothing is shared in memory between instances. The wait ends early when the client goes
 * away or the server shuts down.
 */
@Injectable()
export class PaymentCheckService implements BeforeApplicationShutdown {
  private readonly shuttingDown = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderLookup,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(
    buyer: CustomerActor,
    input: OrderNumberRequestDto,
    clientGone?: AbortSignal,
  ): Promise<WithMessage<PaymentCheckResponseDto>> {
    const waitMs = this.config.paymentCheckWaitSeconds * 1000;
    const deadline = Date.now() + waitMs;
    const stop = AbortSignal.any(
      clientGone ? [this.shuttingDown.signal, clientGone] : [this.shuttingDown.signal],
    );
    for (;;) {
      const row = await this.read(buyer, input.order_id);
      if (!row) throw OrderErrors.notFound();
      if (row.paid) {
        const answer = { order_id: input.order_id, paid: true, status: row.status };
        return new WithMessage(answer, 'Payment successful');
      }
      if (row.status !== OrderStatus.Waiting) throw OrderErrors.unpaid(row.status, 'closed');
      const left = deadline - Date.now();
      if (left <= 0 || stop.aborted) throw OrderErrors.unpaid(row.status, 'timeout');
      await sleep(Math.min(this.config.paymentCheckIntervalMs, left), undefined, {
        signal: stop,
      }).catch(() => undefined);
    }
  }

  /** Ends every wait at once (each answers after one last read), so shutdown is not held up. */
  beforeApplicationShutdown(): void {
    this.shuttingDown.abort();
  }

  /** One plain indexed statement: the connection is back in the pool as soon as it answers. */
  private async read(buyer: CustomerActor, orderId: string): Promise<PaidRow | undefined> {
    const params = new SqlParams();
    const where = this.orders.whereVisible({ orderId }, buyer, params);
    const rows = await this.dataSource.query<PaidRow[]>(
      `SELECT o.status, o.paid_time IS NOT NULL AS paid FROM orders o WHERE ${where}`,
      params.values,
    );
    return rows[0];
  }
}
