import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '../orders/orders.module.js';
import { WalletModule } from '../wallet/wallet.module.js';
import { AdminGatewayRefundsController } from './controllers/admin-gateway-refunds.controller.js';
import { AdminPaySettingsController } from './controllers/admin-pay-settings.controller.js';
import { PaymentNotifyController } from './controllers/payment-notify.controller.js';
import { PaymentReturnController } from './controllers/payment-return.controller.js';
import { GatewayRefund } from './entities/gateway-refund.entity.js';
import { GatewayRefundHistory } from './entities/gateway-refund-history.entity.js';
import { GatewayTransaction } from './entities/gateway-transaction.entity.js';
import { PaymentGatewaySetting } from './entities/payment-gateway-setting.entity.js';
import { Payment } from './entities/payment.entity.js';
import { PaymentHistory } from './entities/payment-history.entity.js';
import { AlipayGateway } from './gateways/alipay.gateway.js';
import { PAYMENT_GATEWAYS } from './gateways/payment-gateway.js';
import type { PaymentGateway } from './gateways/payment-gateway.js';
import { PaymentGatewayRegistry } from './gateways/payment-gateway.registry.js';
import { PaypalGateway } from './gateways/paypal.gateway.js';
import { StripeGateway } from './gateways/stripe.gateway.js';
import { WechatPayGateway } from './gateways/wechat-pay.gateway.js';
import { PaymentSettingsService } from './payment-settings.service.js';
import { ReturnThrottleGuard } from './return-throttle.guard.js';
import { GatewayRefundAdminService } from './services/gateway-refund-admin.service.js';
import { GatewayRefundService } from './services/gateway-refund.service.js';
import { OrderPaymentService } from './services/order-payment.service.js';
import { PaymentCheckService } from './services/payment-check.service.js';
import { PaymentJobsService } from './services/payment-jobs.service.js';
import { IncomingPaymentService } from './services/incoming-payment.service.js';
import { PaypalReturnService } from './services/paypal-return.service.js';
import { PaymentTransitionService } from './services/payment-transition.service.js';

/**
 * The payment gateways of this build (docs/payments.md). Each is usable once configured (staff
 * settings or PAY_* variables); an unconfigured one answers -1 ORDER.GATEWAY_NOT_CONFIGURED.
 */
const GATEWAYS = [WechatPayGateway, AlipayGateway, StripeGateway, PaypalGateway];

/**
 * Payments of shop orders: payments, gateway transactions, gateway refunds, the gateway settings,
 * the four gateways, their notifications and return pages, and the payment jobs. Orders ask it to
 * pay (`OrderPaymentService`), to answer a payment check (`PaymentCheckService`) and to run the
 * payment jobs (`PaymentJobsService`); it uses the orders module's transition, lookup and
 * settlement services when money arrives or leaves.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Payment,
      PaymentHistory,
      GatewayTransaction,
      GatewayRefund,
      GatewayRefundHistory,
      PaymentGatewaySetting,
    ]),
    forwardRef(() => OrdersModule),
    WalletModule,
  ],
  controllers: [
    AdminPaySettingsController,
    AdminGatewayRefundsController,
    PaymentNotifyController,
    PaymentReturnController,
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
    GatewayRefundAdminService,
    IncomingPaymentService,
    PaypalReturnService,
    PaymentJobsService,
    OrderPaymentService,
    PaymentCheckService,
    PaymentTransitionService,
    ReturnThrottleGuard,
  ],
  exports: [
    OrderPaymentService,
    PaymentCheckService,
    PaymentJobsService,
    PaymentTransitionService,
    // After-sales refunds (orders) send each part back through the gateway refund job.
    GatewayRefundService,
  ],
})
export class PaymentsModule {}
