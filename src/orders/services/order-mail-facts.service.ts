import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderRefund } from '../entities/order-refund.entity.js';
import { Order } from '../entities/order.entity.js';

/** A shop order as a mail tells about it. */
export interface OrderForMail {
  /** The order's number (orders.order_id), as customers see it. */
  orderNo: string;
  userId: number;
  /** Fen. */
  amount: number;
  /**
   * Fen of the order's latest refund (request or decision; after-sales refunds may be parts of
   * the order), or `amount` when it has none. What refund mails name.
   */
  refundAmount: number;
  expressCompany: string;
  trackingNumber: string;
}

/**
 * The orders module's read-only contract with the notifications module: what a mail about an
 * order says (shipping and amounts), rendered at send time.
 */
@Injectable()
export class OrderMailFacts {
  constructor(private readonly dataSource: DataSource) {}

  async byNumber(orderNo: string): Promise<OrderForMail | undefined> {
    const row = await this.dataSource.getRepository(Order).findOne({
      where: { orderId: orderNo },
      select: {
        orderId: true,
        userId: true,
        amount: true,
        expressCompany: true,
        trackingNumber: true,
      },
    });
    if (!row) return undefined;
    const latest = await this.dataSource.getRepository(OrderRefund).findOne({
      where: { orderId: orderNo },
      select: { id: true, amount: true },
      order: { id: 'DESC' },
    });
    return {
      orderNo: row.orderId,
      userId: row.userId,
      amount: row.amount,
      refundAmount: latest?.amount ?? row.amount,
      expressCompany: row.expressCompany,
      trackingNumber: row.trackingNumber,
    };
  }
}
