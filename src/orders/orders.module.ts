import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { CouponsModule } from '../coupons/coupons.module.js';
import { UsersModule } from '../users/users.module.js';
import { WalletModule } from '../wallet/wallet.module.js';
import { AdminOrderSettingsController } from './controllers/admin-order-settings.controller.js';
import { AdminOrdersController } from './controllers/admin-orders.controller.js';
import { OrderAddressController } from './controllers/order-address.controller.js';
import { OrdersController } from './controllers/orders.controller.js';
import { OrderAddress } from './entities/order-address.entity.js';
import { OrderCommission } from './entities/order-commission.entity.js';
import { OrderDetail } from './entities/order-detail.entity.js';
import { OrderHistory } from './entities/order-history.entity.js';
import { Order } from './entities/order.entity.js';
import { Payment } from './entities/payment.entity.js';
import { PAYMENT_GATEWAYS } from './payment/payment-gateway.js';
import type { PaymentGateway } from './payment/payment-gateway.js';
import { PaymentGatewayRegistry } from './payment/payment-gateway.registry.js';
import { OrderAddressService } from './services/order-address.service.js';
import { OrderExportService } from './services/order-export.service.js';
import { OrderJobsService } from './services/order-jobs.service.js';
import { OrderLifecycleService } from './services/order-lifecycle.service.js';
import { OrderPaymentService } from './services/order-payment.service.js';
import { OrderPlacementService } from './services/order-placement.service.js';
import { OrderPricingService } from './services/order-pricing.service.js';
import { OrderQueryService } from './services/order-query.service.js';
import { OrderRefundService } from './services/order-refund.service.js';
import { OrderReservationService } from './services/order-reservation.service.js';
import { OrderSettlementService } from './services/order-settlement.service.js';
import { OrderTransitionService } from './services/order-transition.service.js';
import { OrderSettingsService } from './services/order-settings.service.js';
import { PaymentCheckService } from './services/payment-check.service.js';

/**
 * Payment gateways in use. None ship with this build (no network); docs/orders.md explains how
 * to add one (implement PaymentGateway, list it here).
 */
const GATEWAYS: PaymentGateway[] = [];

/**
 * Shop orders: placement, reading, the lifecycle, payments, refunds, jobs and the admin API.
 * Exports OrderPlacementService and OrderQueryService for the communication module (accepting a
 * quote places an order inside the accept transaction).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Order,
      OrderDetail,
      OrderHistory,
      OrderAddress,
      OrderCommission,
      Payment,
    ]),
    UsersModule,
    CatalogueModule,
    CouponsModule,
    WalletModule,
  ],
  controllers: [
    OrdersController,
    OrderAddressController,
    AdminOrdersController,
    AdminOrderSettingsController,
  ],
  providers: [
    { provide: PAYMENT_GATEWAYS, useValue: GATEWAYS },
    PaymentGatewayRegistry,
    OrderTransitionService,
    OrderQueryService,
    OrderAddressService,
    OrderPricingService,
    OrderPlacementService,
    OrderReservationService,
    OrderSettlementService,
    OrderPaymentService,
    OrderLifecycleService,
    OrderRefundService,
    OrderExportService,
    OrderJobsService,
    PaymentCheckService,
    OrderSettingsService,
  ],
  exports: [OrderPlacementService, OrderQueryService],
})
export class OrdersModule {}
