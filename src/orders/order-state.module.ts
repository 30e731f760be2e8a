import { Module } from '@nestjs/common';
import { PAYMENT_HOOKS } from '../payments/payment-hooks.js';
import { UsersModule } from '../users/users.module.js';
import { WalletModule } from '../wallet/wallet.module.js';
import { OrderPaymentHooks } from './services/order-payment-hooks.service.js';
import { OrderSettlementService } from './services/order-settlement.service.js';
import { OrderTransitionService } from './services/order-transition.service.js';
import { OrderLookup } from './services/order.lookup.js';

/**
 * The part of orders that payments build on: finding and locking an order (OrderLookup), its
 * transitions (OrderTransitionService) and what follows payment (PAYMENT_HOOKS, backed by the
 * settlement). OrdersModule and PaymentsModule both import it, so orders can use payments
 * (paying, checking, refunding) while payments never import OrdersModule: no module cycle.
 */
@Module({
  imports: [UsersModule, WalletModule],
  providers: [
    OrderLookup,
    OrderTransitionService,
    OrderSettlementService,
    OrderPaymentHooks,
    { provide: PAYMENT_HOOKS, useExisting: OrderPaymentHooks },
  ],
  exports: [OrderLookup, OrderTransitionService, OrderSettlementService, PAYMENT_HOOKS],
})
export class OrderStateModule {}
