import type { EntityManager } from 'typeorm';
import type { Payment } from './entities/payment.entity.js';

/**
 * What payments ask of orders when money arrives (the narrow contract from payments to orders;
 * OrdersModule provides it under PAYMENT_HOOKS). PaymentTransitionService calls `afterPaid` in
 * the transaction of every move into `paid`, whatever the way of paying, so no pay path can
 * forget it. The order has taken its `pay` transition (and is locked) before.
 */
export interface PaymentHooks {
  /** Commissions pending, a vip order finished...; answers the order's status afterwards. */
  afterPaid(manager: EntityManager, payment: Payment, now: Date): Promise<number>;
}

export const PAYMENT_HOOKS = Symbol('PAYMENT_HOOKS');
