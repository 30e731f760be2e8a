import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { CouponsModule } from '../coupons/coupons.module.js';
import { UsersModule } from '../users/users.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { WalletModule } from '../wallet/wallet.module.js';
import { AdminOrderSettingsController } from './controllers/admin-order-settings.controller.js';
import { AdminOrdersController } from './controllers/admin-orders.controller.js';
import { OrderAddressController } from './controllers/order-address.controller.js';
import { OrdersController } from './controllers/orders.controller.js';
import { OrderAddress } from './entities/order-address.entity.js';
import { OrderCommission } from './entities/order-commission.entity.js';
import { OrderDetail } from './entities/order-detail.entity.js';
import { OrderHistory } from './entities/order-history.entity.js';
import { OrderRefund } from './entities/order-refund.entity.js';
import { Order } from './entities/order.entity.js';
import { OrderAddressService } from './services/order-address.service.js';
import { OrderExportService } from './services/order-export.service.js';
import { OrderJobsService } from './services/order-jobs.service.js';
import { OrderLifecycleService } from './services/order-lifecycle.service.js';
import { OrderPlacementService } from './services/order-placement.service.js';
import { OrderPricingService } from './services/order-pricing.service.js';
import { OrderQueryService } from './services/order-query.service.js';
import { OrderAfterSalesService } from './services/order-after-sales.service.js';
import { OrderRefundService } from './services/order-refund.service.js';
import { OrderReservationService } from './services/order-reservation.service.js';
import { OrderSettingsService } from './services/order-settings.service.js';
import { OrderMailFacts } from './services/order-mail-facts.service.js';
import { QuoteOrderService } from './services/quote-order.service.js';
import { OrderStateModule } from './order-state.module.js';

/**
 * Shop orders: placement, reading, the lifecycle, refunds, jobs and the admin API (payments are
 * the PaymentsModule's).
 * Exports QuoteOrderService, the contract of the communication module (accepting a quote
 * places its order inside the accept transaction, and a repeated accept finds that order), and
 * OrderMailFacts, what the notifications module's mails say about an order. What payments need of
 * orders (lookup, transitions, payment hooks) is OrderStateModule, imported by both.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Order,
      OrderDetail,
      OrderHistory,
      OrderAddress,
      OrderCommission,
      OrderRefund,
    ]),
    UsersModule,
    CatalogueModule,
    CouponsModule,
    WalletModule,
    OrderStateModule,
    PaymentsModule,
  ],
  controllers: [
    OrdersController,
    OrderAddressController,
    AdminOrdersController,
    AdminOrderSettingsController,
  ],
  providers: [
    OrderQueryService,
    OrderAddressService,
    OrderPricingService,
    OrderPlacementService,
    OrderReservationService,
    OrderLifecycleService,
    OrderRefundService,
    OrderAfterSalesService,
    OrderExportService,
    OrderJobsService,
    OrderSettingsService,
    QuoteOrderService,
    OrderMailFacts,
  ],
  exports: [QuoteOrderService, OrderMailFacts],
})
export class OrdersModule {}
