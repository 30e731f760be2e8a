import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { CouponsModule } from '../coupons/coupons.module.js';
import { UsersModule } from '../users/users.module.js';
import { WalletModule } from '../wallet/wallet.module.js';
import { AdminOrderSettingsController } from './controllers/admin-order-settings.controller.js';
import { AdminOrdersController } from './controllers/admin-orders.controller.js';
import { AdminPaySettingsController } from './controllers/admin-pay-settings.controller.js';
import { PaymentNotifyController } from './controllers/payment-notify.controller.js';
import { PaymentReturnController } from './controllers/payment-return.controller.js';
import { OrderAddressController } from './controllers/order-address.controller.js';
import { OrdersController } from './controllers/orders.controller.js';
import { OrderAddress } from './entities/order-address.entity.js';
import { OrderCommission } from './entities/order-commission.entity.js';
import { OrderDetail } from './entities/order-detail.entity.js';
import { OrderHistory } from './entities/order-history.entity.js';
import { OrderRefund } from './entities/order-refund.entity.js';
import { Order } from './entities/order.entity.js';
import { GatewayRefund } from './entities/gateway-refund.entity.js';
import { GatewayTransaction } from './entities/gateway-transaction.entity.js';
import { PaymentGatewaySetting } from './entities/payment-gateway-setting.entity.js';
import { Payment } from './entities/payment.entity.js';
import { AlipayGateway } from './payment/alipay.gateway.js';
import { PAYMENT_GATEWAYS } from './payment/payment-gateway.js';
import type { PaymentGateway } from './payment/payment-gateway.js';
import { PaymentGatewayRegistry } from './payment/payment-gateway.registry.js';
import { PaymentSettingsService } from './payment/payment-settings.service.js';
import { PaypalGateway } from './payment/paypal.gateway.js';
import { StripeGateway } from './payment/stripe.gateway.js';
import { WechatPayGateway } from './payment/wechat-pay.gateway.js';
import { GatewayRefundService } from './services/gateway-refund.service.js';
import { OrderAddressService } from './services/order-address.service.js';
import { OrderExportService } from './services/order-export.service.js';
import { OrderJobsService } from './services/order-jobs.service.js';
import { OrderLifecycleService } from './services/order-lifecycle.service.js';
import { OrderPaymentService } from './services/order-payment.service.js';
import { OrderPlacementService } from './services/order-placement.service.js';
import { OrderPricingService } from './services/order-pricing.service.js';
import { OrderQueryService } from './services/order-query.service.js';
import { OrderAfterSalesService } from './services/order-after-sales.service.js';
import { OrderRefundService } from './services/order-refund.service.js';
import { OrderReservationService } from './services/order-reservation.service.js';
import { OrderSettlementService } from './services/order-settlement.service.js';
import { OrderTransitionService } from './services/order-transition.service.js';
import { OrderLookup } from './services/order.lookup.js';
import { PaymentJobsService } from './services/payment-jobs.service.js';
import { PaymentSettlementService } from './services/payment-settlement.service.js';
import { PaypalReturnService } from './services/paypal-return.service.js';
import { OrderSettingsService } from './services/order-settings.service.js';
import { PaymentCheckService } from './services/payment-check.service.js';
import { OrderMailFacts } from './services/order-mail-facts.service.js';
import { QuoteOrderService } from './services/quote-order.service.js';

/**
 * The payment gateways of this build (docs/payments.md). Each is usable once configured (staff
 * settings or PAY_* variables); an unconfigured one answers -1 ORDER.GATEWAY_NOT_CONFIGURED.
 */
const GATEWAYS = [WechatPayGateway, AlipayGateway, StripeGateway, PaypalGateway];

/**
 * Shop orders: placement, reading, the lifecycle, payments, refunds, jobs and the admin API.
 * Exports QuoteOrderService, the contract of the communication module (accepting a quote
 * places its order inside the accept transaction, and a repeated accept finds that order), and
 * OrderMailFacts, what the notifications module's mails say about an order.
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
      Payment,
      GatewayTransaction,
      GatewayRefund,
      PaymentGatewaySetting,
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
    AdminPaySettingsController,
    PaymentNotifyController,
    PaymentReturnController,
    AdminOrderSettingsController,
  ],
  providers: [
    ...GATEWAYS,
    {
      provide: PAYMENT_GATEWAYS,
      useFactory: (...gateways: PaymentGateway[]) => gateways,
      inject: GATEWAYS,
    },
    PaymentGatewayRegistry,
    PaymentSettingsService,
    GatewayRefundService,
    PaymentSettlementService,
    PaypalReturnService,
    PaymentJobsService,
    OrderLookup,
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
    OrderAfterSalesService,
    OrderExportService,
    OrderJobsService,
    PaymentCheckService,
    OrderSettingsService,
    QuoteOrderService,
    OrderMailFacts,
  ],
  exports: [QuoteOrderService, OrderMailFacts],
})
export class OrdersModule {}
