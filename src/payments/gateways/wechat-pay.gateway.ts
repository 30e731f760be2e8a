import { Injectable } from '@nestjs/common';
import { lazyImport } from '../../common/lazy/lazy-import.js';
import { OrderErrors } from '../../orders/orders.errors.js';
import {
  GatewayAccount,
  GatewayAck,
  GatewayEvent,
  GatewayPayment,
  GatewayRefundLookup,
  GatewayRefundRequest,
  GatewayRefusal,
  clampExpiry,
  GatewayRefundResult,
  GatewaySettings,
  GatewayStart,
  headerOf,
  NotificationRejected,
  PaymentEvidence,
  PaymentGateway,
  RawNotification,
  StartContext,
} from './payment-gateway.js';
import { pemOf } from '../payment-settings.service.js';
import {
  authorization,
  decryptResource,
  EncryptedResource,
  requestPaymentParams,
  verifyWechatpaySignature,
} from './wechat-pay.crypto.js';

export const WECHAT_API = 'https://api.mch.weixin.qq.com';
/** Notifications older or newer than this are refused (replays of old captures). */
const CLOCK_SKEW_SECONDS = 300;

type Json = Record<string, unknown>;

/** WeChat Pay error codes that mean "try again later" (the others of a 4xx are final). */
const WECHAT_RETRYABLE = ['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'BANK_ERROR'];

interface Transaction {
  appid?: string;
  mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  amount?: { total?: number; currency?: string };
}

/**
 * The key that verifies a notification or an answer signed under `serial` (Wechatpay-Serial).
 * Two keys may be configured while WeChat moves a merchant from platform certificates to the
 * WeChat Pay public key: each is chosen by its serial. A key configured without a serial accepts
 * any serial (as before); null = no key for this serial.
 */
function verificationKey(settings: GatewaySettings, serial: string): string | null {
  const keys = [
    { pem: settings.wechat_platform_public_key, serial: settings.wechat_platform_serial },
    { pem: settings.wechat_platform_public_key_2, serial: settings.wechat_platform_serial_2 },
  ].filter((key) => key.pem);
  const chosen =
    keys.find((key) => key.serial && key.serial === serial) ?? keys.find((key) => !key.serial);
  return chosen ? pemOf(chosen.pem, 'PUBLIC KEY') : null;
}

/** WeChat's time format: RFC 3339 in Beijing time, e.g. 2026-12-06T12:30:00+08:00. */
function wechatTime(date: Date): string {
  const beijing = new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${beijing}+08:00`;
}

/** A JSON field that should be a string (or number), as a string; anything else is ''. */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * WeChat Pay API v3: `wechat` (Native: a QR code, or JSAPI inside WeChat when `openid` is sent)
 * and `weapp` (mini-program: the five wx.requestPayment fields). HTTP through fetch, crypto
 * through node:crypto (wechat-pay.crypto.ts); every answer's signature is verified too.
 */
/** The QR code drawer, imported on first use (not needed to answer the first request). */
const qrcode = lazyImport(() => import('qrcode'));

@Injectable()
export class WechatPayGateway implements PaymentGateway {
  readonly name = 'wechat' as const;
  readonly payWays = ['wechat', 'weapp'] as const;
  readonly title = 'WeChat Pay';

  account(settings: GatewaySettings, payWay: string): GatewayAccount {
    return {
      currency: settings.wechat_currency,
      appId: payWay === 'weapp' ? settings.weapp_app_id : settings.wechat_app_id,
      merchantId: settings.wechat_mch_id,
    };
  }

  async start(
    settings: GatewaySettings,
    payment: GatewayPayment,
    context: StartContext,
  ): Promise<GatewayStart> {
    const jsapi = payment.payWay === 'weapp' || context.openid !== undefined;
    if (payment.payWay === 'weapp' && !context.openid) throw OrderErrors.openidRequired('weapp');
    const body: Json = {
      appid: payment.appId,
      mchid: payment.merchantId,
      description: payment.description.slice(0, 127) || payment.orderId,
      out_trade_no: payment.paymentId,
      notify_url: `${context.baseUrl}/notify/wechat/pay`,
      amount: { total: payment.amount, currency: payment.currency },
      time_expire: wechatTime(clampExpiry(context.expiresAt, 60_000, 7 * 24 * 3_600_000)),
      ...(jsapi ? { payer: { openid: context.openid } } : {}),
    };
    const answer = await this.call(
      settings,
      'POST',
      `/v3/pay/transactions/${jsapi ? 'jsapi' : 'native'}`,
      body,
    );
    if (jsapi) {
      const params = requestPaymentParams(
        payment.appId,
        String(answer.prepay_id),
        this.privateKey(settings),
      );
      return {
        fields: { ...params, ...(payment.payWay === 'wechat' ? { appId: payment.appId } : {}) },
      };
    }
    const link = String(answer.code_url);
    // AnqiCMS answers the QR code itself as a PNG data URL; the link is added for clients that draw their own.
    const { default: QRCode } = await qrcode();
    return { fields: { code_url: await QRCode.toDataURL(link, { width: 256 }), code_link: link } };
  }

  /** POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close (204; a paid one is refused). */
  async close(settings: GatewaySettings, payment: GatewayPayment): Promise<void> {
    try {
      await this.call(
        settings,
        'POST',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(payment.paymentId)}/close`,
        { mchid: payment.merchantId },
        [404],
      );
    } catch (error) {
      // Paid meanwhile (reconciliation refunds it) or never opened: nothing to close.
      if (
        error instanceof GatewayRefusal &&
        ['ORDERPAID', 'ORDER_CLOSED', 'ORDERNOTEXIST'].includes(error.code)
      )
        return;
      throw error;
    }
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- async: a throw is a rejection
  async parseNotification(
    settings: GatewaySettings,
    request: RawNotification,
  ): Promise<GatewayEvent | null> {
    const timestamp = headerOf(request, 'wechatpay-timestamp');
    const signed = {
      timestamp,
      nonce: headerOf(request, 'wechatpay-nonce'),
      signature: headerOf(request, 'wechatpay-signature'),
    };
    const serial = headerOf(request, 'wechatpay-serial');
    if (!signed.signature || !signed.nonce || !/^\d{1,12}$/.test(timestamp))
      throw new NotificationRejected('missing Wechatpay-* signature headers');
    const key = verificationKey(settings, serial);
    if (!key)
      throw new NotificationRejected(
        `signed with an unknown key (Wechatpay-Serial ${serial.slice(0, 64)})`,
      );
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > CLOCK_SKEW_SECONDS)
      throw new NotificationRejected('timestamp too far from now (a replay?)');
    if (!verifyWechatpaySignature(key, signed, request.rawBody))
      throw new NotificationRejected('signature does not verify');
    let resource: Json;
    let eventType: string;
    try {
      const envelope = JSON.parse(request.rawBody) as {
        event_type?: string;
        resource?: EncryptedResource;
      };
      eventType = String(envelope.event_type ?? '');
      resource = JSON.parse(
        decryptResource(settings.wechat_api_v3_key, envelope.resource as EncryptedResource),
      ) as Json;
    } catch (error) {
      throw new NotificationRejected(
        `resource cannot be decrypted: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (eventType === 'TRANSACTION.SUCCESS') return this.evidence(resource);
    if (eventType.startsWith('REFUND.'))
      return {
        kind: 'refund',
        outRefundNo: text(resource.out_refund_no),
        refundId: text(resource.refund_id),
        succeeded: eventType === 'REFUND.SUCCESS',
      };
    return null;
  }

  acknowledge(ok: boolean): GatewayAck {
    // API v3: 200/204 = received; anything else makes WeChat send it again later.
    return ok
      ? { status: 204, contentType: 'application/json', body: '' }
      : {
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({ code: 'FAIL', message: '失败' }),
        };
  }

  async query(settings: GatewaySettings, payment: GatewayPayment): Promise<PaymentEvidence | null> {
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(payment.paymentId)}?mchid=${encodeURIComponent(payment.merchantId)}`;
    const answer = (await this.call(settings, 'GET', path, undefined, [404])) as Transaction | null;
    if (!answer || answer.trade_state !== 'SUCCESS') return null;
    return this.evidence(answer);
  }

  async refund(
    settings: GatewaySettings,
    refund: GatewayRefundRequest,
  ): Promise<GatewayRefundResult> {
    const answer = await this.call(settings, 'POST', '/v3/refund/domestic/refunds', {
      out_trade_no: refund.paymentId,
      out_refund_no: refund.outRefundNo,
      reason: refund.reason.slice(0, 80),
      notify_url: `${refund.baseUrl}/notify/wechat/pay`,
      amount: { refund: refund.amount, total: refund.total, currency: refund.currency },
    });
    return this.refundResult(answer);
  }

  /** GET /v3/refund/domestic/refunds/{out_refund_no}: the refund WeChat already accepted. */
  async queryRefund(
    settings: GatewaySettings,
    refund: GatewayRefundLookup,
  ): Promise<GatewayRefundResult | null> {
    const answer = await this.call(
      settings,
      'GET',
      `/v3/refund/domestic/refunds/${encodeURIComponent(refund.outRefundNo)}`,
      undefined,
      [404],
    );
    return answer ? this.refundResult(answer) : null;
  }

  private refundResult(answer: Json): GatewayRefundResult {
    const status = String(answer.status);
    return {
      status:
        status === 'SUCCESS' ? 'succeeded' : status === 'PROCESSING' ? 'processing' : 'failed',
      refundId: text(answer.refund_id),
      message: status,
    };
  }

  private evidence(transaction: Transaction): PaymentEvidence | null {
    if (transaction.trade_state !== 'SUCCESS') return null;
    return {
      kind: 'payment',
      paymentId: String(transaction.out_trade_no ?? ''),
      transactionId: String(transaction.transaction_id ?? ''),
      amount: Number(transaction.amount?.total),
      currency: String(transaction.amount?.currency ?? ''),
      appId: String(transaction.appid ?? ''),
      merchantId: String(transaction.mchid ?? ''),
    };
  }

  private privateKey(settings: GatewaySettings): string {
    return pemOf(settings.wechat_private_key, 'PRIVATE KEY');
  }

  /** One signed call; the answer's signature is verified before it is believed. */
  private async call(
    settings: GatewaySettings,
    method: 'GET' | 'POST',
    path: string,
    body?: Json,
    absentStatuses: number[] = [],
  ): Promise<Json> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const response = await fetch(`${WECHAT_API}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': 'custom-order-backend',
        authorization: authorization(
          {
            mchId: settings.wechat_mch_id,
            serialNo: settings.wechat_serial_no,
            privateKey: this.privateKey(settings),
          },
          method,
          path,
          text,
        ),
      },
      body: body === undefined ? undefined : text,
      signal: AbortSignal.timeout(10_000),
    });
    const answer = await response.text();
    if (absentStatuses.includes(response.status)) return null as unknown as Json;
    const signed = {
      timestamp: response.headers.get('wechatpay-timestamp') ?? '',
      nonce: response.headers.get('wechatpay-nonce') ?? '',
      signature: response.headers.get('wechatpay-signature') ?? '',
    };
    const key = verificationKey(settings, response.headers.get('wechatpay-serial') ?? '');
    if (!key || !verifyWechatpaySignature(key, signed, answer))
      throw new Error(`WeChat Pay answer ${response.status} is not signed by WeChat Pay`);
    // A signed answer is believed only when fresh (an old one replayed is not WeChat's answer now).
    if (
      !/^\d{1,12}$/.test(signed.timestamp) ||
      Math.abs(Date.now() / 1000 - Number(signed.timestamp)) > CLOCK_SKEW_SECONDS
    )
      throw new Error(
        `WeChat Pay answer ${response.status} is stale (timestamp ${signed.timestamp})`,
      );
    const parsed = (answer ? JSON.parse(answer) : {}) as Json;
    if (!response.ok) {
      const code = String(parsed.code);
      const why = `WeChat Pay ${response.status} ${code}: ${String(parsed.message)}`;
      // 4xx is WeChat's "no" (NOT_ENOUGH, PARAM_ERROR, ...) except its busy/limit answers.
      if (response.status < 500 && response.status !== 429 && !WECHAT_RETRYABLE.includes(code))
        throw new GatewayRefusal(why, code);
      throw new Error(why);
    }
    return parsed;
  }
}
