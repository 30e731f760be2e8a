import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { lazyImport } from '../../common/lazy/lazy-import.js';
import { ClientCache } from './client-cache.js';
import {
  GatewayAccount,
  GatewayAck,
  GatewayEvent,
  GatewayPayment,
  GatewayRefundLookup,
  GatewayRefundRequest,
  GatewayRefusal,
  clampExpiry,
  fromGatewayUnits,
  toGatewayUnits,
  GatewayRefundResult,
  GatewaySettings,
  GatewayStart,
  headerOf,
  NotificationRejected,
  PaymentEvidence,
  PaymentGateway,
  RawNotification,
  refundAnswer,
  StartContext,
} from './payment-gateway.js';

const PAID_EVENTS = ['checkout.session.completed', 'checkout.session.async_payment_succeeded'];
const REFUND_EVENTS = ['refund.updated', 'refund.failed'];

/**
 * Stripe on the official `stripe` SDK: `stripe` answers a Checkout Session URL as `jump_url`
 * (created with an idempotency key per payment, so a reused payment gets the same session);
 * the webhook is verified with the endpoint's signing secret over the raw body
 * (`webhooks.constructEvent`); refunds carry `out_refund_no` as Stripe's idempotency key.
 * Stripe has no app/merchant ids in a session: the payment records '' for both.
 */
/** An amount in Stripe's units of the currency (ISK and UGX: hundredths, see GATEWAY_DECIMALS). */
const stripeUnits = (minor: number, currency: string): number =>
  toGatewayUnits(minor, currency, 'stripe');

/** The SDK, imported on first use (not needed to answer the first request). */
const stripeSdk = lazyImport(() => import('stripe'));

/** Stripe's 4xx answers that mean "no" (not rate limits, conflicts or lock timeouts). */
const STRIPE_REFUSALS = [400, 402, 403, 404];

/** A Stripe error as a refusal (final) or as itself (retried). */
function stripeRefusal(error: unknown): unknown {
  const sdk = stripeSdk.loaded()?.default; // a StripeError comes from the loaded SDK only
  if (
    sdk &&
    error instanceof sdk.errors.StripeError &&
    STRIPE_REFUSALS.includes(error.statusCode ?? 0)
  )
    return new GatewayRefusal(
      `Stripe ${error.statusCode} ${error.code ?? error.type}: ${error.message}`,
      error.code ?? error.type,
    );
  return error;
}

@Injectable()
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe' as const;
  readonly payWays = ['stripe'] as const;
  readonly title = 'Stripe';

  account(settings: GatewaySettings): GatewayAccount {
    return { currency: settings.stripe_currency, appId: '', merchantId: '' };
  }

  async start(
    settings: GatewaySettings,
    payment: GatewayPayment,
    context: StartContext,
  ): Promise<GatewayStart> {
    const session = await (
      await this.client(settings)
    ).checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: payment.paymentId,
        metadata: { payment_id: payment.paymentId, order_id: payment.orderId },
        payment_intent_data: { metadata: { payment_id: payment.paymentId } },
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: payment.currency.toLowerCase(),
              unit_amount: stripeUnits(payment.amount, payment.currency),
              product_data: { name: payment.description.slice(0, 250) || payment.orderId },
            },
          },
        ],
        success_url: context.returnUrl,
        cancel_url: context.returnUrl,
        // Stripe takes 30 min .. 24 h from now.
        expires_at: Math.floor(
          clampExpiry(context.expiresAt, 31 * 60_000, 23 * 3_600_000 + 59 * 60_000).getTime() /
            1000,
        ),
      },
      { idempotencyKey: `checkout-${payment.paymentId}` },
    );
    return { fields: { jump_url: session.url ?? '' }, gatewayOrderId: session.id };
  }

  async parseNotification(
    settings: GatewaySettings,
    request: RawNotification,
  ): Promise<GatewayEvent | null> {
    let event: Stripe.Event;
    try {
      event = (await this.client(settings)).webhooks.constructEvent(
        request.rawBody,
        headerOf(request, 'stripe-signature'),
        settings.stripe_webhook_secret,
      );
    } catch (error) {
      throw new NotificationRejected(error instanceof Error ? error.message : String(error));
    }
    if (PAID_EVENTS.includes(event.type)) {
      return this.evidence(event.data.object as Stripe.Checkout.Session);
    }
    if (REFUND_EVENTS.includes(event.type)) {
      const refund = event.data.object as Stripe.Refund;
      if (!['succeeded', 'failed', 'canceled'].includes(refund.status ?? '')) return null;
      return {
        kind: 'refund',
        outRefundNo: refund.metadata?.out_refund_no ?? '',
        refundId: refund.id,
        succeeded: refund.status === 'succeeded',
      };
    }
    return null;
  }

  /** Expires the Checkout Session; one already expired or complete needs nothing. */
  async close(settings: GatewaySettings, payment: GatewayPayment): Promise<void> {
    if (!payment.gatewayOrderId.startsWith('cs_')) return;
    try {
      await (await this.client(settings)).checkout.sessions.expire(payment.gatewayOrderId);
    } catch (error) {
      if (stripeRefusal(error) instanceof GatewayRefusal) return;
      throw error;
    }
  }

  acknowledge(ok: boolean): GatewayAck {
    return ok
      ? { status: 200, contentType: 'application/json', body: '{"received":true}' }
      : { status: 400, contentType: 'application/json', body: '{"received":false}' };
  }

  async query(settings: GatewaySettings, payment: GatewayPayment): Promise<PaymentEvidence | null> {
    if (!payment.gatewayOrderId.startsWith('cs_')) return null;
    const session = await (
      await this.client(settings)
    ).checkout.sessions.retrieve(payment.gatewayOrderId);
    return this.evidence(session);
  }

  async refund(
    settings: GatewaySettings,
    refund: GatewayRefundRequest,
  ): Promise<GatewayRefundResult> {
    let answer: Stripe.Refund;
    try {
      answer = await (
        await this.client(settings)
      ).refunds.create(
        {
          payment_intent: refund.terraceId,
          amount: stripeUnits(refund.amount, refund.currency),
          metadata: { out_refund_no: refund.outRefundNo, payment_id: refund.paymentId },
        },
        { idempotencyKey: refund.outRefundNo },
      );
    } catch (error) {
      throw stripeRefusal(error);
    }
    return this.refundResult(answer);
  }

  /** The refund Stripe accepted (by its id): never created again. */
  async queryRefund(
    settings: GatewaySettings,
    refund: GatewayRefundLookup,
  ): Promise<GatewayRefundResult | null> {
    if (!refund.gatewayRefundId.startsWith('re_')) return null;
    try {
      return this.refundResult(
        await (await this.client(settings)).refunds.retrieve(refund.gatewayRefundId),
      );
    } catch (error) {
      throw stripeRefusal(error);
    }
  }

  private refundResult(answer: Stripe.Refund): GatewayRefundResult {
    return refundAnswer(answer.status ?? '', answer.id, {
      succeeded: 'succeeded',
      failed: ['failed', 'canceled'],
    });
  }

  private evidence(session: Stripe.Checkout.Session): PaymentEvidence | null {
    if (session.payment_status !== 'paid') return null;
    const intent = session.payment_intent;
    return {
      kind: 'payment',
      paymentId: session.client_reference_id ?? '',
      transactionId: typeof intent === 'string' ? intent : (intent?.id ?? session.id),
      amount: fromGatewayUnits(session.amount_total ?? NaN, session.currency ?? '', 'stripe'),
      currency: (session.currency ?? '').toUpperCase(),
      appId: '',
      merchantId: '',
    };
  }

  private readonly clients = new ClientCache<Stripe>();

  /** One Stripe client per secret key. */
  private async client(settings: GatewaySettings): Promise<Stripe> {
    const { default: Stripe } = await stripeSdk();
    return this.clients.get(
      [settings.stripe_secret_key],
      () => new Stripe(settings.stripe_secret_key, { maxNetworkRetries: 0, timeout: 10_000 }),
    );
  }
}
