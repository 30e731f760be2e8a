import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Payment, PaymentStatus } from './entities/payment.entity.js';

/**
 * The columns of a pending payment being cancelled (another way of paying chosen, the order
 * cancelled, closed or paid another way): cancelled, and — for a gateway payment — due to be
 * closed at the gateway (`close_time` = now): the payment jobs ask the gateway after commit, so
 * the buyer can no longer pay an order that no longer waits (docs/payments.md).
 */
export const CANCEL_PENDING_PAYMENT: QueryDeepPartialEntity<Payment> = {
  status: PaymentStatus.Cancelled,
  closeTime: () => `CASE WHEN "gateway" <> '' THEN now() ELSE NULL END`,
};
