import { Injectable } from '@nestjs/common';
import type { Client, Order as PaypalOrder, OrdersController } from '@paypal/paypal-server-sdk';
import { lazyImport } from '../../common/lazy/lazy-import.js';
import { ClientCache } from './client-cache.js';
import {
  fromDecimalAmount,
  GatewayAccount,
  GatewayAck,
  GatewayEvent,
  GatewayPayment,
  GatewayRefundLookup,
  GatewayRefundRequest,
  GatewayRefusal,
  GatewayRefundResult,
  GatewaySettings,
  GatewayStart,
  NotificationRejected,
  PaymentEvidence,
  PaymentGateway,
  QueryOptions,
  refundAnswer,
  StartContext,
  toDecimalAmount,
} from './payment-gateway.js';

/** The SDK, imported on first use (not needed to answer the first request). */
const paypalSdk = lazyImport(() => import('@paypal/paypal-server-sdk'));

/** The SDK where only an answer from it can be at hand (so it has been imported). */
function loadedSdk(): typeof import('@paypal/paypal-server-sdk') {
  const sdk = paypalSdk.loaded();
  if (!sdk) throw new Error('the PayPal SDK is not loaded yet');
  return sdk;
}

/** PayPal's 4xx answers that are not "no" (auth, timeout, conflict, rate): retried. */
const PAYPAL_RETRYABLE_4XX = [401, 408, 409, 429];

function parsedBody(body: unknown): unknown {
  try {
    return typeof body === 'string' ? JSON.parse(body) : {};
  } catch {
    return {};
  }
}

/** A PayPal error as a refusal (final) or as itself (retried). */
function paypalRefusal(error: unknown): unknown {
  const sdk = paypalSdk.loaded(); // an ApiError comes from the loaded SDK only
  if (
    sdk &&
    error instanceof sdk.ApiError &&
    error.statusCode >= 400 &&
    error.statusCode < 500 &&
    !PAYPAL_RETRYABLE_4XX.includes(error.statusCode)
  ) {
    const body = (error.result ?? parsedBody(error.body)) as {
      name?: string;
      details?: { issue?: string }[];
    };
    const code = body.details?.[0]?.issue ?? body.name ?? String(error.statusCode);
    return new GatewayRefusal(`PayPal ${error.statusCode} ${code}`, code);
  }
  return error;
}

/** PayPal's copy of an order is not the payment's: nothing was captured. */
export class PaypalOrderMismatch extends Error {
  constructor(readonly fields: string[]) {
    super(`the PayPal order does not match the payment (${fields.join(', ')})`);
  }
}

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
    return {
      currency: settings.paypal_currency,
      appId: '',
      merchantId: settings.paypal_merchant_id ?? '',
    };
  }

  async start(
    settings: GatewaySettings,
    payment: GatewayPayment,
    context: StartContext,
  ): Promise<GatewayStart> {
    const { CheckoutPaymentIntent, OrderApplicationContextUserAction } = await paypalSdk();
    const { result } = await (
      await this.orders(settings)
    ).createOrder({
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
              value: toDecimalAmount(payment.amount, payment.currency, 'paypal'),
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
    return { fields: { jump_url: approve.href }, gatewayOrderId: result.id };
  }

  /**
   * PayPal has no call to close an order that was not captured: a cancelled payment's order is
   * never captured here (the return and reconciliation check that the payment still waits), and
   * PayPal lets it lapse.
   */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** No webhook in this build: anything posted is refused (the return and reconciliation settle). */
  parseNotification(): Promise<GatewayEvent | null> {
    return Promise.reject(
      new NotificationRejected('PayPal webhooks are not handled by this build'),
    );
  }

  acknowledge(ok: boolean): GatewayAck {
    return { status: ok ? 200 : 400, contentType: 'text/plain', body: ok ? 'ok' : 'fail' };
  }

  /**
   * Captures the PayPal order recorded for this payment (never another id), after checking on
   * PayPal's own copy of it that it names this payment (custom_id), its amount and currency and,
   * when `paypal_merchant_id` is set, our account as payee: a mismatch throws
   * PaypalOrderMismatch and nothing is captured. The capture carries the payment's request id;
   * an order PayPal already captured is read back instead.
   */
  async capture(settings: GatewaySettings, payment: GatewayPayment) {
    if (!payment.gatewayOrderId) return null;
    const { ApiError, OrderStatus } = await paypalSdk();
    const { result: order } = await (
      await this.orders(settings)
    ).getOrder({ id: payment.gatewayOrderId });
    const wrong = this.mismatches(order, payment);
    if (wrong.length) throw new PaypalOrderMismatch(wrong);
    if (order.status === OrderStatus.Completed) return this.evidence(order, payment);
    if (order.status !== OrderStatus.Approved) return null;
    try {
      const { result } = await (
        await this.orders(settings)
      ).captureOrder({
        id: payment.gatewayOrderId,
        paypalRequestId: captureRequestId(payment.paymentId),
        prefer: 'return=representation',
      });
      return this.evidence(result, payment);
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 422) {
        const { result } = await (
          await this.orders(settings)
        ).getOrder({ id: payment.gatewayOrderId });
        return this.evidence(result, payment);
      }
      throw error;
    }
  }

  async query(
    settings: GatewaySettings,
    payment: GatewayPayment,
    options: QueryOptions,
  ): Promise<PaymentEvidence | null> {
    if (!payment.gatewayOrderId) return null;
    if (options.mayCapture) return this.capture(settings, payment);
    // Only read: money already captured is reported; an approved order is left to lapse.
    const { result } = await (await this.orders(settings)).getOrder({ id: payment.gatewayOrderId });
    return this.evidence(result, payment);
  }

  /** What in PayPal's copy of the order is not this payment's (empty: it is ours). */
  private mismatches(order: PaypalOrder, payment: GatewayPayment): string[] {
    const unit = order.purchaseUnits?.[0];
    const wrong: string[] = [];
    if (order.id !== payment.gatewayOrderId) wrong.push('id');
    if ((unit?.customId ?? '') !== payment.paymentId) wrong.push('custom_id');
    const currency = (unit?.amount?.currencyCode ?? '').toUpperCase();
    if (currency !== payment.currency) wrong.push('currency');
    else if (fromDecimalAmount(unit?.amount?.value ?? '', currency, 'paypal') !== payment.amount)
      wrong.push('amount');
    if (payment.merchantId !== '' && unit?.payee?.merchantId !== payment.merchantId)
      wrong.push('payee');
    return wrong;
  }

  async refund(
    settings: GatewaySettings,
    refund: GatewayRefundRequest,
  ): Promise<GatewayRefundResult> {
    try {
      const { result } = await new (await paypalSdk()).PaymentsController(
        await this.client(settings),
      ).refundCapturedPayment({
        captureId: refund.terraceId,
        paypalRequestId: refund.outRefundNo,
        prefer: 'return=representation',
        body: {
          amount: {
            currencyCode: refund.currency,
            value: toDecimalAmount(refund.amount, refund.currency, 'paypal'),
          },
          invoiceId: refund.outRefundNo,
          noteToPayer: refund.reason.slice(0, 255) || undefined,
        },
      });
      return this.refundResult(result);
    } catch (error) {
      throw paypalRefusal(error);
    }
  }

  /** GET /v2/payments/refunds/{id}: the refund PayPal accepted, never created again. */
  async queryRefund(
    settings: GatewaySettings,
    refund: GatewayRefundLookup,
  ): Promise<GatewayRefundResult | null> {
    if (!refund.gatewayRefundId) return null;
    try {
      const { result } = await new (await paypalSdk()).PaymentsController(
        await this.client(settings),
      ).getRefund({
        refundId: refund.gatewayRefundId,
      });
      return this.refundResult(result);
    } catch (error) {
      throw paypalRefusal(error);
    }
  }

  private refundResult(result: { status?: string; id?: string }): GatewayRefundResult {
    const { RefundStatus } = loadedSdk();
    return refundAnswer(result.status ?? '', result.id ?? '', {
      succeeded: RefundStatus.Completed,
      failed: [RefundStatus.Failed, RefundStatus.Cancelled],
    });
  }

  /** A completed capture of this payment's purchase unit, or null (not paid, or still pending). */
  private evidence(order: PaypalOrder, payment: GatewayPayment): PaymentEvidence | null {
    const { CaptureStatus } = loadedSdk();
    const unit = order.purchaseUnits?.[0];
    const capture = unit?.payments?.captures?.find((c) => c.status === CaptureStatus.Completed);
    if (!capture?.id) return null;
    const currency = (capture.amount?.currencyCode ?? '').toUpperCase();
    return {
      kind: 'payment',
      // The payment the capture names (custom_id); our own when PayPal echoes none.
      paymentId: capture.customId || unit?.customId || payment.paymentId,
      transactionId: capture.id,
      amount: fromDecimalAmount(capture.amount?.value ?? '', currency, 'paypal'),
      currency,
      appId: '',
      // The payee PayPal names; compared with the payment's only when one was configured.
      merchantId: payment.merchantId === '' ? '' : (unit?.payee?.merchantId ?? ''),
    };
  }

  private async orders(settings: GatewaySettings): Promise<OrdersController> {
    const { OrdersController } = await paypalSdk();
    return new OrdersController(await this.client(settings));
  }

  private readonly clients = new ClientCache<Client>();

  /** One client (and so one OAuth token, refreshed when it expires) per PayPal app. */
  private async client(settings: GatewaySettings): Promise<Client> {
    const { Client, Environment } = await paypalSdk();
    return this.clients.get(
      [settings.paypal_client_id, settings.paypal_client_secret, settings.paypal_sandbox],
      () =>
        new Client({
          clientCredentialsAuthCredentials: {
            oAuthClientId: settings.paypal_client_id,
            oAuthClientSecret: settings.paypal_client_secret,
          },
          environment:
            settings.paypal_sandbox === 'true' ? Environment.Sandbox : Environment.Production,
          timeout: 10_000,
        }),
    );
  }
}
