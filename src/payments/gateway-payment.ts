import { Payment } from './entities/payment.entity.js';
import type { GatewayPayment } from './gateways/payment-gateway.js';

/** The gateway's view of a payment row. */
export function gatewayPaymentOf(payment: Payment, description: string): GatewayPayment {
  return {
    paymentId: payment.paymentId,
    orderId: payment.orderId,
    payWay: payment.payWay,
    amount: payment.amount,
    currency: payment.currency,
    appId: payment.appId,
    merchantId: payment.merchantId,
    description,
    terraceId: payment.terraceId,
    gatewayOrderId: payment.gatewayOrderId,
  };
}
