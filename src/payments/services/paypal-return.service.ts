import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Payment, PaymentStatus } from '../entities/payment.entity.js';
import type { GatewaySettings } from '../gateways/payment-gateway.js';
import { PaypalGateway } from '../gateways/paypal.gateway.js';
import { PaymentSettingsService } from '../payment-settings.service.js';
import { PAYMENT_STATUSES_AWAITING_MONEY } from '../payment-status.js';
import { gatewayPaymentOf } from './order-payment.service.js';
import { PaymentSettlementService } from './payment-settlement.service.js';

export type ReturnStatus = 'paid' | 'pending' | 'cancelled' | 'failed';

/** Where the buyer's browser goes next: a redirect to the configured page, or a plain page. */
export interface ReturnPage {
  status: ReturnStatus;
  orderId: string;
  redirect: string | null;
}

const SETTLED_OK = ['settled', 'duplicate', 'already_paid'];

/**
 * The buyer back from PayPal (`token` = the PayPal order id). `pay` captures the approved order
 * (PayPal-Request-Id = capture-<payment_id>: a reload, or ten racing tabs, capture once) and
 * settles it through the same pipeline as notifications (amount/currency checks, one ledger row
 * per capture). No database transaction is open during a PayPal call. `cancel` changes nothing:
 * the payment stays open (the buyer may pay again; auto-close ends it).
 */
@Injectable()
export class PaypalReturnService {
  private readonly logger = new Logger('PaypalReturn');

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PaymentSettingsService,
    private readonly gateway: PaypalGateway,
    private readonly settlement: PaymentSettlementService,
  ) {}

  async pay(token: string): Promise<ReturnPage> {
    const configured = await this.settings.forGateway('paypal');
    if (!configured?.complete) return this.page(configured?.settings, 'failed', '');
    const payment = await this.find(token, configured.settings);
    if (!payment) return this.page(configured.settings, 'failed', '');
    if (payment.status === PaymentStatus.Paid || payment.status === PaymentStatus.Refunded)
      return this.page(configured.settings, 'paid', payment.orderId);
    let status: ReturnStatus = 'pending';
    try {
      const evidence = await this.gateway.capture(
        configured.settings,
        gatewayPaymentOf(payment, ''),
        token,
      );
      if (evidence) {
        const outcome = await this.settlement.settle('paypal', evidence, 'return');
        status = SETTLED_OK.includes(outcome) ? 'paid' : 'failed';
      }
    } catch (error) {
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
    const payment = await this.openPayment(token);
    return this.page(configured?.settings, 'cancelled', payment?.orderId ?? '');
  }

  /**
   * The payment of a PayPal order: the open one that still records the PayPal order id, else
   * (a reload after settling replaced it with the capture id) the one PayPal names as custom_id.
   */
  private async find(token: string, settings: GatewaySettings): Promise<Payment | null> {
    const open = await this.openPayment(token);
    if (open) return open;
    const paymentId = await this.gateway.paymentIdOf(settings, token).catch(() => '');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(paymentId)) return null;
    return this.dataSource.getRepository(Payment).findOneBy({ gateway: 'paypal', paymentId });
  }

  /** The pending (or later cancelled) PayPal payment still recording this PayPal order id. */
  private openPayment(token: string): Promise<Payment | null> {
    return this.dataSource.getRepository(Payment).findOneBy({
      gateway: 'paypal',
      terraceId: token,
      status: In([...PAYMENT_STATUSES_AWAITING_MONEY]),
    });
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
