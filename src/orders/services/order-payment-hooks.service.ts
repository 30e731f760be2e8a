import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Payment } from '../../payments/entities/payment.entity.js';
import type { PaymentHooks } from '../../payments/payment-hooks.js';
import { Order } from '../entities/order.entity.js';
import { OrderSettlementService } from './order-settlement.service.js';

/**
 * The orders side of the payments contract (PAYMENT_HOOKS): what an order does when its payment
 * enters `paid` — pending commissions, a vip order finished (OrderSettlementService.afterPaid).
 */
@Injectable()
export class OrderPaymentHooks implements PaymentHooks {
  constructor(private readonly settlement: OrderSettlementService) {}

  async afterPaid(manager: EntityManager, payment: Payment, now: Date): Promise<number> {
    const order = await manager.getRepository(Order).findOneByOrFail({ orderId: payment.orderId });
    return (await this.settlement.afterPaid(manager, order, now)).status;
  }
}
