/**
 * A payment provider (wechat, alipay, paypal, ...). The service ships with none registered: this
 * build makes no network calls. docs/orders.md ("Adding a payment gateway") walks through adding one.
 */
export interface PaymentGateway {
  /** The `pay_way` clients send (lower case, unique). */
  readonly payWay: string;

  /**
   * Starts paying a pending payment: called after the payment row is committed, outside any
   * transaction. Returns what the buyer needs (a QR code or a page to open). The money arrives
   * later through the gateway's notification, which the gateway's controller hands to
   * OrderPaymentService.confirmGatewayPayment().
   */
  start(payment: GatewayPayment): Promise<GatewayStart>;

  /**
   * Sends the money of a paid payment back (an approved refund). Runs inside the refund's
   * transaction: throwing keeps the order refunding, so staff can retry.
   */
  refund(payment: GatewayPayment, reason: string): Promise<void>;
}

export interface GatewayPayment {
  paymentId: string;
  orderId: string;
  /** Fen. */
  amount: number;
  description: string;
  /** The gateway's own transaction id, once known. */
  terraceId: string;
}

export interface GatewayStart {
  /** A QR code to scan (data URL). */
  codeUrl?: string;
  /** A page to send the buyer to. */
  jumpUrl?: string;
  /** The gateway's transaction id, if it gives one at start. */
  terraceId?: string;
}

/** Multi-provider token: the OrdersModule provides the list of registered gateways under it. */
export const PAYMENT_GATEWAYS = Symbol('PAYMENT_GATEWAYS');

/** Pay ways handled by the order service itself (not gateways). */
export const BUILT_IN_PAY_WAYS = ['balance', 'offline'] as const;
