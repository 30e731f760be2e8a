import { Injectable } from '@nestjs/common';
import type { AlipaySdk } from 'alipay-sdk';
import { lazyImport } from '../../common/lazy/lazy-import.js';
import { ClientCache } from './client-cache.js';
import {
  fromDecimalAmount,
  GatewayAccount,
  GatewayAck,
  GatewayEvent,
  GatewayPayment,
  GatewayRefundRequest,
  GatewayRefusal,
  clampExpiry,
  GatewayRefundResult,
  GatewaySettings,
  GatewayStart,
  NotificationRejected,
  PaymentEvidence,
  PaymentGateway,
  RawNotification,
  StartContext,
  toDecimalAmount,
} from './payment-gateway.js';
import { pemOf } from '../payment-settings.service.js';

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';
export const ALIPAY_SANDBOX_GATEWAY = 'https://openapi-sandbox.dl.alipaydev.com/gateway.do';

const PAID_STATES = ['TRADE_SUCCESS', 'TRADE_FINISHED'];
/** The only currency of Alipay's page and wap pay (total_amount is in yuan). */
const ALIPAY_CURRENCY = 'CNY';

/**
 * Alipay on the official `alipay-sdk`: `alipay` (PC page pay, as AnqiCMS) and `alipay_wap`
 * (mobile page pay) answer the signed page URL as `jump_url`; notifications are verified RSA2
 * with the Alipay public key (checkNotifySignV2); queries and refunds verify Alipay's signature on
 * the answer (validateSign). Public-key mode (AnqiCMS's certificate mode is not supported).
 */
/** The SDK, imported on first use (not needed to answer the first request). */
const alipaySdk = lazyImport(() => import('alipay-sdk'));

@Injectable()
export class AlipayGateway implements PaymentGateway {
  readonly name = 'alipay' as const;
  readonly payWays = ['alipay', 'alipay_wap'] as const;
  readonly title = 'Alipay';

  account(settings: GatewaySettings): GatewayAccount {
    return {
      currency: settings.alipay_currency,
      appId: settings.alipay_app_id,
      merchantId: settings.alipay_seller_id ?? '',
    };
  }

  async start(
    settings: GatewaySettings,
    payment: GatewayPayment,
    context: StartContext,
  ): Promise<GatewayStart> {
    if (payment.currency !== ALIPAY_CURRENCY)
      throw new Error(`Alipay charges in CNY only, not ${payment.currency}`);
    const wap = payment.payWay === 'alipay_wap';
    const url = (await this.sdk(settings)).pageExecute(
      wap ? 'alipay.trade.wap.pay' : 'alipay.trade.page.pay',
      'GET',
      {
        bizContent: {
          out_trade_no: payment.paymentId,
          total_amount: toDecimalAmount(payment.amount, payment.currency),
          subject: payment.description.slice(0, 256) || payment.orderId,
          product_code: wap ? 'QUICK_WAP_WAY' : 'FAST_INSTANT_TRADE_PAY',
          // Relative minutes (1m..15d): no time-zone question.
          timeout_express: `${Math.ceil(
            (clampExpiry(context.expiresAt, 60_000, 15 * 24 * 3_600_000).getTime() - Date.now()) /
              60_000,
          )}m`,
        },
        notifyUrl: `${context.baseUrl}/notify/alipay/pay`,
        returnUrl: context.returnUrl,
      },
    );
    return { fields: { jump_url: url } };
  }

  async parseNotification(
    settings: GatewaySettings,
    request: RawNotification,
  ): Promise<GatewayEvent | null> {
    const form = Object.fromEntries(new URLSearchParams(request.rawBody));
    if (!form.sign) throw new NotificationRejected('no sign');
    if (!(await this.verified(settings, form)))
      throw new NotificationRejected('RSA2 signature does not verify');
    if (!PAID_STATES.includes(form.trade_status ?? '')) return null;
    return this.evidence(settings, {
      outTradeNo: form.out_trade_no,
      tradeNo: form.trade_no,
      totalAmount: form.total_amount,
      appId: form.app_id,
      sellerId: form.seller_id,
    });
  }

  private async verified(
    settings: GatewaySettings,
    form: Record<string, string>,
  ): Promise<boolean> {
    try {
      return (await this.sdk(settings)).checkNotifySignV2(form);
    } catch {
      return false;
    }
  }

  /** alipay.trade.close: a trade never opened, or already closed or paid, needs nothing. */
  async close(settings: GatewaySettings, payment: GatewayPayment): Promise<void> {
    const answer = await (
      await this.sdk(settings)
    ).exec(
      'alipay.trade.close',
      { bizContent: { out_trade_no: payment.paymentId } },
      { validateSign: true },
    );
    const subCode = String(answer.subCode ?? '');
    if (
      answer.code === '10000' ||
      ['ACQ.TRADE_NOT_EXIST', 'ACQ.TRADE_STATUS_ERROR'].includes(subCode)
    )
      return;
    throw new Error(`Alipay close ${String(answer.code)} ${subCode}`);
  }

  acknowledge(ok: boolean): GatewayAck {
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: ok ? 'success' : 'fail' };
  }

  async query(settings: GatewaySettings, payment: GatewayPayment): Promise<PaymentEvidence | null> {
    const answer = await (
      await this.sdk(settings)
    ).exec(
      'alipay.trade.query',
      { bizContent: { out_trade_no: payment.paymentId } },
      { validateSign: true },
    );
    if (answer.code !== '10000' || !PAID_STATES.includes(String(answer.tradeStatus))) return null;
    return this.evidence(settings, {
      outTradeNo: String(answer.outTradeNo),
      tradeNo: String(answer.tradeNo),
      totalAmount: String(answer.totalAmount),
      // The query answer names neither: it was asked with this app's key about this app's trade.
      appId: payment.appId,
      sellerId: payment.merchantId,
    });
  }

  async refund(
    settings: GatewaySettings,
    refund: GatewayRefundRequest,
  ): Promise<GatewayRefundResult> {
    const answer = await (
      await this.sdk(settings)
    ).exec(
      'alipay.trade.refund',
      {
        bizContent: {
          out_trade_no: refund.paymentId,
          refund_amount: toDecimalAmount(refund.amount, refund.currency),
          out_request_no: refund.outRefundNo,
          refund_reason: refund.reason.slice(0, 256),
        },
      },
      { validateSign: true },
    );
    // 10000 = refunded (a repeat of the same out_request_no answers 10000 again, fund_change N).
    if (answer.code === '10000')
      return { status: 'succeeded', refundId: String(answer.tradeNo ?? '') };
    const code = String(answer.code);
    const subCode = String(answer.subCode ?? '');
    const why = `Alipay ${code} ${subCode}: ${String(answer.subMsg ?? answer.msg ?? '')}`;
    // 20000 = service unavailable, *SYSTEM_ERROR = try again; every other code is Alipay's "no".
    if (code === '20000' || subCode.endsWith('SYSTEM_ERROR')) throw new Error(why);
    throw new GatewayRefusal(why, subCode || code);
  }

  /** Alipay answers a refund at once (10000 or a refusal): nothing stays processing. */
  queryRefund(): Promise<GatewayRefundResult | null> {
    return Promise.resolve(null);
  }

  private evidence(
    settings: GatewaySettings,
    trade: {
      outTradeNo?: string;
      tradeNo?: string;
      totalAmount?: string;
      appId?: string;
      sellerId?: string;
    },
  ): PaymentEvidence {
    // Alipay settles these trades in CNY and does not repeat the currency: the payment's own
    // currency is compared with CNY, never with the setting (which would match itself).
    const currency = ALIPAY_CURRENCY;
    return {
      kind: 'payment',
      paymentId: trade.outTradeNo ?? '',
      transactionId: trade.tradeNo ?? '',
      amount: fromDecimalAmount(trade.totalAmount ?? '', currency),
      currency,
      appId: trade.appId ?? '',
      merchantId: settings.alipay_seller_id ? (trade.sellerId ?? '') : '',
    };
  }

  private readonly clients = new ClientCache<AlipaySdk>();

  /** One SDK (keys parsed once) per Alipay app and key pair. */
  private async sdk(settings: GatewaySettings): Promise<AlipaySdk> {
    const { AlipaySdk } = await alipaySdk();
    return this.clients.get(
      [
        settings.alipay_app_id,
        settings.alipay_private_key,
        settings.alipay_public_key,
        settings.alipay_sandbox,
      ],
      () =>
        new AlipaySdk({
          appId: settings.alipay_app_id,
          privateKey: pemOf(settings.alipay_private_key, 'PRIVATE KEY'),
          // Alipay's key tool writes PKCS#8; an older "RSA PRIVATE KEY" (PKCS#1) PEM works too.
          alipayPublicKey: pemOf(settings.alipay_public_key, 'PUBLIC KEY'),
          keyType: settings.alipay_private_key.includes('RSA PRIVATE KEY') ? 'PKCS1' : 'PKCS8',
          signType: 'RSA2',
          gateway: settings.alipay_sandbox === 'true' ? ALIPAY_SANDBOX_GATEWAY : ALIPAY_GATEWAY,
          timeout: 10_000,
        }),
    );
  }
}
