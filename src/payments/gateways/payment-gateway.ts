/**
 * A payment provider (WeChat Pay, Alipay, ...). docs/payments.md describes the flow; the
 * service calls a gateway only outside database transactions: `start` after the pending payment
 * is committed, `query` from the reconciliation job, `refund` from the refund job.
 */
export interface PaymentGateway {
  /** The gateway's name, stored in payments.gateway and used in /notify/<name>/pay. */
  readonly name: GatewayName;
  /** The `pay_way` values clients send for it (lower case, unique across gateways). */
  readonly payWays: readonly string[];
  /** Human name for messages ("WeChat Pay is not configured ..."). */
  readonly title: string;

  /** The account a new payment is opened with (its currency, app and merchant ids). */
  account(settings: GatewaySettings, payWay: string): GatewayAccount;

  /** Creates the gateway's order and answers the fields the client needs (AnqiCMS's shape). */
  start(
    settings: GatewaySettings,
    payment: GatewayPayment,
    context: StartContext,
  ): Promise<GatewayStart>;

  /**
   * Verifies a notification's signature and reads it. Throws NotificationRejected when the
   * signature (or its timestamp, or its decryption) does not hold: nothing is changed then.
   */
  parseNotification(
    settings: GatewaySettings,
    request: RawNotification,
  ): Promise<GatewayEvent | null>;

  /** What the gateway expects back: `ok` = received (do not send again). */
  acknowledge(ok: boolean): GatewayAck;

  /**
   * Closes a cancelled payment at the gateway, so the buyer can no longer pay it (the payment
   * jobs call it after the cancelling transaction committed). Resolves when there is nothing to
   * close (never opened, already closed or expired); money that arrived meanwhile is left to
   * reconciliation (which refunds it).
   */
  close(settings: GatewaySettings, payment: GatewayPayment): Promise<void>;

  /**
   * Asks the gateway whether a payment was paid (the reconciliation job). `mayCapture`: the
   * payment and its order still wait for the money, so an approved PayPal order may be captured
   * (never otherwise: the buyer would be charged, then refunded, and the fees lost).
   */
  query(
    settings: GatewaySettings,
    payment: GatewayPayment,
    options: QueryOptions,
  ): Promise<PaymentEvidence | null>;

  /**
   * Sends money back. Must be idempotent on `outRefundNo` (the gateway's own key), so a retry
   * after a crash or a timeout never refunds twice.
   */
  refund(settings: GatewaySettings, refund: GatewayRefundRequest): Promise<GatewayRefundResult>;

  /**
   * Asks about a refund the gateway already accepted (processing) instead of creating it again
   * (Stripe's idempotency key expires after 24 h; a new create would then fail forever). Null
   * when the gateway cannot tell (the refund job keeps it processing).
   */
  queryRefund(
    settings: GatewaySettings,
    refund: GatewayRefundLookup,
  ): Promise<GatewayRefundResult | null>;
}

export const GATEWAY_NAMES = ['wechat', 'alipay', 'stripe', 'paypal'] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];

/** A gateway's effective settings (database values overlaid by environment variables). */
export type GatewaySettings = Readonly<Record<string, string>>;

export interface GatewayAccount {
  currency: string;
  appId: string;
  merchantId: string;
}

export interface GatewayPayment {
  paymentId: string;
  orderId: string;
  payWay: string;
  /** In the currency's minor unit. */
  amount: number;
  currency: string;
  appId: string;
  merchantId: string;
  description: string;
  /** The gateway's own transaction id, once known. */
  terraceId: string;
  /** The gateway's id of what it opened for the payment (Stripe session, PayPal order), or ''. */
  gatewayOrderId: string;
}

export interface StartContext {
  /** WeChat JSAPI / mini-program payer. */
  openid?: string;
  clientIp: string;
  /** Where the buyer's browser returns to (Alipay, Stripe, PayPal). */
  returnUrl: string;
  /** Absolute URL of this service, for notify/return URLs given to the gateway. */
  baseUrl: string;
  /**
   * When the payment stops being payable (the order's auto-close time; 24 h from now when orders
   * do not auto-close): sent to every gateway that takes one.
   */
  expiresAt: Date;
}

export interface GatewayStart {
  /** Added to the answer of POST /api/order/payment (AnqiCMS's field names, camelCase for weapp). */
  fields: Record<string, string>;
  /** The gateway's id of the order it opened, if it gives one now (PayPal, Stripe). */
  gatewayOrderId?: string;
}

export interface QueryOptions {
  mayCapture: boolean;
}

export interface RawNotification {
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received (signatures cover the bytes). */
  rawBody: string;
  query: Record<string, string>;
}

/** One header of a notification ('' when absent; the first when repeated). */
export function headerOf(request: RawNotification, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** A gateway says a payment was made: matched against the payment before anything changes. */
export interface PaymentEvidence {
  kind: 'payment';
  paymentId: string;
  transactionId: string;
  amount: number;
  currency: string;
  appId: string;
  merchantId: string;
}

/** A gateway says a refund completed (or failed for good). */
export interface RefundEvidence {
  kind: 'refund';
  outRefundNo: string;
  refundId: string;
  succeeded: boolean;
}

export type GatewayEvent = PaymentEvidence | RefundEvidence;

export interface GatewayAck {
  status: number;
  contentType: string;
  body: string;
}

export interface GatewayRefundRequest {
  outRefundNo: string;
  paymentId: string;
  terraceId: string;
  amount: number;
  /** The payment's whole amount (WeChat wants both). */
  total: number;
  currency: string;
  reason: string;
  baseUrl: string;
}

export interface GatewayRefundLookup extends GatewayRefundRequest {
  /** The gateway's id of the refund, as its first answer gave it ('' when it gave none). */
  gatewayRefundId: string;
}

export interface GatewayRefundResult {
  /** succeeded: money on its way back for sure; processing: accepted, confirmation comes later. */
  status: 'succeeded' | 'processing' | 'failed';
  refundId: string;
  message?: string;
}

/**
 * A refund answer in our terms: `succeeded` for the gateway's success word, `failed` for one of
 * its failure words, else `processing` (accepted; the outcome comes later). `message` = the word.
 */
export const refundAnswer = (
  status: string,
  refundId: string,
  words: { succeeded: string; failed: readonly string[] },
): GatewayRefundResult => ({
  status:
    status === words.succeeded
      ? 'succeeded'
      : words.failed.includes(status)
        ? 'failed'
        : 'processing',
  refundId,
  message: status,
});

/**
 * The gateway refused a call for good (a 4xx answer that is not about rate or timing: WeChat
 * `NOT_ENOUGH`, Alipay 40004, a Stripe/PayPal 4xx): asking again with the same input gives the
 * same answer. The refund job moves the refund to `failed` at once instead of retrying.
 */
export class GatewayRefusal extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** A notification whose signature did not verify: answered as a failure, nothing changes. */
export class NotificationRejected extends Error {}

/** Multi-provider token: the OrdersModule provides the registered gateways under it. */
export const PAYMENT_GATEWAYS = Symbol('PAYMENT_GATEWAYS');

/** Pay ways handled by the order service itself (not gateways). */
export const BUILT_IN_PAY_WAYS = ['balance', 'offline'] as const;

/** `expiresAt` clamped to what a gateway accepts: at least `minMs`, at most `maxMs` from now. */
export function clampExpiry(expiresAt: Date, minMs: number, maxMs: number, now = Date.now()): Date {
  return new Date(Math.min(Math.max(expiresAt.getTime(), now + minMs), now + maxMs));
}

/**
 * Currencies whose minor unit in this service is the whole unit (ISO 4217 exponent 0): `amount`
 * counts yen, won, krónur, shillings. Every other currency counts hundredths.
 */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);

/**
 * Where a gateway counts a currency differently from ISO 4217 (docs/payments.md):
 * - PayPal takes no decimals for HUF, TWD (and JPY): "9900", never "9900.00";
 * - Stripe keeps ISK and UGX two-decimal for backwards compatibility (5 ISK is sent as 500).
 */
const GATEWAY_DECIMALS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  paypal: { HUF: 0, TWD: 0, JPY: 0 },
  stripe: { ISK: 2, UGX: 2 },
};

/** Digits of this service's minor unit of a currency. */
export const currencyDecimals = (currency: string): number =>
  ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;

/** Digits a gateway counts a currency in (its own table, else ISO 4217). */
export const gatewayDecimals = (gateway: string | undefined, currency: string): number =>
  (gateway ? GATEWAY_DECIMALS[gateway]?.[currency.toUpperCase()] : undefined) ??
  currencyDecimals(currency);

/**
 * This service's minor units → the gateway's integer units; NaN when the amount cannot be
 * said exactly there (HUF 99.50 at PayPal, which takes whole forints only).
 */
export function toGatewayUnits(minor: number, currency: string, gateway?: string): number {
  const shift = gatewayDecimals(gateway, currency) - currencyDecimals(currency);
  if (shift >= 0) return minor * 10 ** shift;
  const divisor = 10 ** -shift;
  return minor % divisor === 0 ? minor / divisor : NaN;
}

/** The gateway's integer units → this service's minor units (NaN when not exact). */
export function fromGatewayUnits(units: number, currency: string, gateway?: string): number {
  if (!Number.isSafeInteger(units)) return NaN;
  const shift = gatewayDecimals(gateway, currency) - currencyDecimals(currency);
  if (shift <= 0) return units * 10 ** -shift;
  const divisor = 10 ** shift;
  return units % divisor === 0 ? units / divisor : NaN;
}

/**
 * Minor units → the decimal string a gateway wants ("99.00", PayPal's "9900" for HUF); exact,
 * no floating point. Throws when the gateway cannot take the amount exactly.
 */
export function toDecimalAmount(minor: number, currency: string, gateway?: string): string {
  const units = toGatewayUnits(minor, currency, gateway);
  if (Number.isNaN(units))
    throw new Error(`${gateway} takes whole ${currency} only; ${minor} minor units is not one`);
  if (gatewayDecimals(gateway, currency) === 0) return String(units);
  const text = String(units).padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** The decimal string of a gateway → minor units; NaN when it is not a plain amount. */
export function fromDecimalAmount(value: string, currency: string, gateway?: string): number {
  const decimals = gatewayDecimals(gateway, currency);
  const match = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match || (decimals === 0 && match[2] !== undefined && /[^0]/.test(match[2]))) return NaN;
  const units =
    decimals === 0
      ? Number(match[1])
      : Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fromGatewayUnits(units, currency, gateway);
}
