import { Injectable } from '@nestjs/common';
import {
  ApiError,
  CaptureStatus,
  CheckoutPaymentIntent,
  Client,
  Environment,
  Order as PaypalOrder,
  OrderApplicationContextUserAction,
  OrdersController,
  OrderStatus,
  PaymentsController,
  RefundStatus,
} from '@paypal/paypal-server-sdk';
import {
  fromDecimalAmount,
  GatewayAccount,
  GatewayAck,
  GatewayEvent,
  GatewayPayment,
  GatewayRefundRequest,
  GatewayRefundResult,
  GatewaySettings,
  GatewayStart,
  NotificationRejected,
  PaymentEvidence,
  PaymentGateway,
  refundAnswer,
  StartContext,
  toDecimalAmount,
} from './payment-gateway.js';

/** The PayPal-Request-Id of a payment's capture: the same on every try, so PayPal captures once. */
export const captureRequestId = (paymentId: string) => `capture-${paymentId}`;

/**
 * PayPal Checkout (Orders v2) on the official `@paypal/paypal-server-sdk` (OAuth2 client
 * credentials handled by the SDK). `paypal` creates an order with intent CAPTURE and answers its
 * approve link as `jump_url` (as AnqiCMS); PayPal sends the buyer back to /return/paypal/pay with
 * `token` = the PayPal order id, which is then captured (PaypalReturnService). Every call carries
 * a PayPal-Request-Id derived from the payment (create, capture) or `out_refund_no` (refund), so a
 * retry never opens, captures or refunds twice. There is no webhook in this build: the return and
 * reconciliation (which captures an approved order the buyer never came back from) settle.
 */
@Injectable()
export class PaypalGateway implements PaymentGateway {
  readonly name = 'paypal' as const;
  readonly payWays = ['paypal'] as const;
  readonly title = 'PayPal';

  account(settings: GatewaySettings): GatewayAccount {
    return { currency: settings.paypal_currency, appId: '', merchantId: '' };
  }

  async start(
    settings: GatewaySettings,
    payment: GatewayPayment,
    context: StartContext,
  ): Promise<GatewayStart> {
    const { result } = await this.orders(settings).createOrder({
      paypalRequestId: `order-${payment.paymentId}`,
      prefer: 'return=representation',
      body: {
        intent: CheckoutPaymentIntent.Capture,
        purchaseUnits: [
          {
            referenceId: payment.orderId,
            customId: payment.paymentId,
            invoiceId: payment.paymentId,
            description: (payment.description || payment.orderId).slice(0, 127),
            amount: {
              currencyCode: payment.currency,
              value: toDecimalAmount(payment.amount, payment.currency),
            },
          },
        ],
        applicationContext: {
          userAction: OrderApplicationContextUserAction.PayNow,
          returnUrl: `${context.baseUrl}/return/paypal/pay`,
          cancelUrl: `${context.baseUrl}/return/paypal/cancel`,
        },
      },
    });
    const approve = result.links?.find((link) => ['approve', 'payer-action'].includes(link.rel));
    if (!result.id || !approve) throw new Error('PayPal answered no approve link');
    return { fields: { jump_url: approve.href }, terraceId: result.id };
  }

  /** No webhook in this build: anything posted is refused (the return and reconciliation settle). */
  parseNotification(): GatewayEvent | null {
    throw new NotificationRejected('PayPal webhooks are not handled by this build');
  }

  acknowledge(ok: boolean): GatewayAck {
    return { status: ok ? 200 : 400, contentType: 'text/plain', body: ok ? 'ok' : 'fail' };
  }

  /**
   * Captures an approved order (the buyer's return, or reconciliation) with the payment's
   * capture request id, and reads the evidence from PayPal's answer. An order PayPal already
   * captured (422 ORDER_ALREADY_CAPTURED) is read back instead.
   */
  async capture(settings: GatewaySettings, payment: GatewayPayment, paypalOrderId: string) {
    try {
      const { result } = await this.orders(settings).captureOrder({
        id: paypalOrderId,
        paypalRequestId: captureRequestId(payment.paymentId),
        prefer: 'return=representation',
      });
      return this.evidence(result, payment);
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 422) {
        const { result } = await this.orders(settings).getOrder({ id: paypalOrderId });
        return this.evidence(result, payment);
      }
      throw error;
    }
  }

  /** The payment a PayPal order was opened for (its custom_id), '' when PayPal knows none. */
  async paymentIdOf(settings: GatewaySettings, paypalOrderId: string): Promise<string> {
    const { result } = await this.orders(settings).getOrder({ id: paypalOrderId });
    return result.purchaseUnits?.[0]?.customId ?? '';
  }

  async query(settings: GatewaySettings, payment: GatewayPayment): Promise<PaymentEvidence | null> {
    if (!payment.terraceId) return null;
    const { result } = await this.orders(settings).getOrder({ id: payment.terraceId });
    if (result.status === OrderStatus.Approved)
      return this.capture(settings, payment, payment.terraceId);
    return this.evidence(result, payment);
  }

  async refund(
    settings: GatewaySettings,
    refund: GatewayRefundRequest,
  ): Promise<GatewayRefundResult> {
    const { result } = await new PaymentsController(this.client(settings)).refundCapturedPayment({
      captureId: refund.terraceId,
      paypalRequestId: refund.outRefundNo,
      prefer: 'return=representation',
      body: {
        amount: {
          currencyCode: refund.currency,
          value: toDecimalAmount(refund.amount, refund.currency),
        },
        invoiceId: refund.outRefundNo,
        noteToPayer: refund.reason.slice(0, 255) || undefined,
      },
    });
    return refundAnswer(result.status ?? '', result.id ?? '', {
      succeeded: RefundStatus.Completed,
      failed: [RefundStatus.Failed, RefundStatus.Cancelled],
    });
  }

  /** A completed capture of this payment's purchase unit, or null (not paid, or still pending). */
  private evidence(order: PaypalOrder, payment: GatewayPayment): PaymentEvidence | null {
    const unit = order.purchaseUnits?.[0];
    const capture = unit?.payments?.captures?.find((c) => c.status === CaptureStatus.Completed);
    if (!capture?.id) return null;
    const currency = (capture.amount?.currencyCode ?? '').toUpperCase();
    return {
      kind: 'payment',
      // The payment the capture names (custom_id); our own when PayPal echoes none.
      paymentId: capture.customId || unit?.customId || payment.paymentId,
      transactionId: capture.id,
      amount: fromDecimalAmount(capture.amount?.value ?? '', currency),
      currency,
      appId: '',
      merchantId: '',
    };
  }

  private orders(settings: GatewaySettings): OrdersController {
    return new OrdersController(this.client(settings));
  }

  private client(settings: GatewaySettings): Client {
    return new Client({
      clientCredentialsAuthCredentials: {
        oAuthClientId: settings.paypal_client_id,
        oAuthClientSecret: settings.paypal_client_secret,
      },
      environment:
        settings.paypal_sandbox === 'true' ? Environment.Sandbox : Environment.Production,
      timeout: 10_000,
    });
  }
}
