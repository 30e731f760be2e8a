import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Payment, PaymentStatus } from '../entities/payment.entity.js';
import { PaypalGateway, PaypalOrderMismatch } from '../gateways/paypal.gateway.js';
import { PaymentSettingsService } from '../payment-settings.service.js';
import { gatewayPaymentOf } from '../gateway-payment.js';
import { IncomingPaymentService } from './incoming-payment.service.js';

export type ReturnStatus = 'paid' | 'pending' | 'cancelled' | 'failed';

/** Where the buyer's browser goes next: a redirect to the configured page, or a plain page. */
export interface ReturnPage {
  status: ReturnStatus;
  orderId: string;
  redirect: string | null;
}

const SETTLED_OK = ['settled', 'duplicate', 'already_paid'];

/**
 * The buyer back from PayPal (`token` = the PayPal order id). Only the PayPal order recorded for
 * a payment (`payments.gateway_order_id`, written once when the payment started) is ever
 * captured, and only while that payment and its order still wait for the money; a token no
 * payment recorded is answered `failed` without asking PayPal anything. Before capturing, PayPal's
 * copy of the order must name the payment (custom_id), its amount and currency, and our payee
 * when configured (PaypalGateway.capture). The capture carries PayPal-Request-Id =
 * capture-<payment_id> (a reload, or ten racing tabs, capture once) and settles through the same
 * pipeline as notifications. No database transaction is open during a PayPal call. `cancel`
 * changes nothing: the payment stays open (the buyer may pay again; auto-close ends it).
 */
@Injectable()
export class PaypalReturnService {
  private readonly logger = new Logger('PaypalReturn');

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PaymentSettingsService,
    private readonly gateway: PaypalGateway,
    private readonly incoming: IncomingPaymentService,
  ) {}

  async pay(token: string): Promise<ReturnPage> {
    const configured = await this.settings.forGateway('paypal');
    if (!configured?.complete) return this.page(configured?.settings, 'failed', '');
    const payment = await this.find(token);
    if (!payment) {
      this.logger.warn({ msg: 'PayPal return for an order no payment recorded', token });
      return this.page(configured.settings, 'failed', '');
    }
    if (payment.status === PaymentStatus.Paid || payment.status === PaymentStatus.Refunded)
      return this.page(configured.settings, 'paid', payment.orderId);
    if (!(await this.incoming.awaitsMoney(payment))) {
      this.logger.warn({
        msg: 'PayPal return for a payment no longer waiting for money; not captured',
        payment_id: payment.paymentId,
      });
      return this.page(configured.settings, 'cancelled', payment.orderId);
    }
    let status: ReturnStatus = 'pending';
    try {
      const evidence = await this.gateway.capture(
        configured.settings,
        gatewayPaymentOf(payment, ''),
      );
      if (evidence) {
        const outcome = await this.incoming.settle('paypal', evidence, 'return');
        status = SETTLED_OK.includes(outcome) ? 'paid' : 'failed';
      }
    } catch (error) {
      if (error instanceof PaypalOrderMismatch) {
        this.logger.error({
          msg: 'PayPal order does not match its payment; not captured',
          payment_id: payment.paymentId,
          fields: error.fields,
        });
        return this.page(configured.settings, 'failed', payment.orderId);
      }
      // Reconciliation asks PayPal again later; the buyer is told the payment is being checked.
      this.logger.warn({
        msg: 'PayPal capture on return failed; reconciliation will retry',
        payment_id: payment.paymentId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return this.page(configured.settings, status, payment.orderId);
  }

  async cancel(token: string): Promise<ReturnPage> {
    const configured = await this.settings.forGateway('paypal');
    const payment = await this.find(token);
    return this.page(configured?.settings, 'cancelled', payment?.orderId ?? '');
  }

  /** The payment that recorded this PayPal order when it started, in any status. */
  private find(token: string): Promise<Payment | null> {
    return this.dataSource
      .getRepository(Payment)
      .findOneBy({ gateway: 'paypal', gatewayOrderId: token });
  }

  private page(
    settings: Readonly<Record<string, string>> | undefined,
    status: ReturnStatus,
    orderId: string,
  ): ReturnPage {
    const target = settings?.paypal_return_url ?? '';
    if (!target) return { status, orderId, redirect: null };
    const url = new URL(target);
    url.searchParams.set('order_id', orderId);
    url.searchParams.set('status', status);
    return { status, orderId, redirect: url.toString() };
  }
}
