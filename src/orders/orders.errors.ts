import { isUniqueViolation } from '../common/database/database-errors.js';
import { AppError, errorEntry } from '../common/errors/app-error.js';
import { allowedFrom, OrderAction, statusName } from './order-status.js';

/** Error catalogue of the orders module. */
export const OrderErrors = {
  /** Unknown order, or another user's: both answer exactly this. */
  notFound: errorEntry('ORDER.NOT_FOUND', () => 'Order not found'),
  invalidTransition: errorEntry(
    'ORDER.INVALID_TRANSITION',
    (action: OrderAction, status: number, refundStatus: number) => ({
      message: `Cannot ${action.replace('_', ' ')} this order: it is ${statusName(status)} (status ${status})`,
      details: {
        action,
        status,
        status_name: statusName(status),
        refund_status: refundStatus,
        allowed_from: allowedFrom(action),
      },
    }),
  ),
  noItems: errorEntry(
    'ORDER.NO_ITEMS',
    () => 'Choose a product: send goods_id (and quantity) or details[]',
  ),
  mixedSellers: errorEntry(
    'ORDER.MIXED_SELLERS',
    () => 'Products of different sellers cannot be in one order; place one order per seller',
  ),
  quoteNeedsOneLine: errorEntry(
    'ORDER.QUOTE_NEEDS_ONE_LINE',
    () => 'A quoted price applies to exactly one product line',
  ),
  invalidQuotedPrice: errorEntry(
    'ORDER.INVALID_QUOTED_PRICE',
    () => 'The quoted price must be a whole number of fen',
  ),
  vipGroupRequired: errorEntry(
    'ORDER.VIP_GROUP_REQUIRED',
    () => 'A vip order needs the group to buy: send group_id',
  ),
  vipWithQuote: errorEntry(
    'ORDER.VIP_NOT_QUOTABLE',
    () => 'A vip membership cannot be bought at a quoted price',
  ),
  amountTooLarge: errorEntry(
    'ORDER.AMOUNT_TOO_LARGE',
    () => 'The order total is larger than this shop accepts',
  ),
  addressNotFound: errorEntry('ORDER.ADDRESS_NOT_FOUND', () => 'Address not found'),
  addressIncomplete: errorEntry('ORDER.ADDRESS_INCOMPLETE', (missing: string[]) => ({
    message: `The address needs ${missing.join(', ')} (or the id of a saved address)`,
    details: { missing },
  })),
  addressLimit: errorEntry(
    'ORDER.ADDRESS_LIMIT',
    (max: number) => `At most ${max} saved addresses; delete one first`,
  ),
  payWayUnavailable: errorEntry(
    'ORDER.PAY_WAY_UNAVAILABLE',
    (payWay: string, available: string[]) => ({
      message: `Payment method "${payWay}" is not available; use one of: ${available.join(', ')}`,
      details: { available },
    }),
  ),
  refundGatewayUnavailable: errorEntry(
    'ORDER.REFUND_GATEWAY_UNAVAILABLE',
    (payWay: string) =>
      `The order was paid with ${payWay}, which is not configured here: refund it there, then approve`,
  ),
  gatewayNotConfigured: errorEntry(
    'ORDER.GATEWAY_NOT_CONFIGURED',
    (title: string, payWay: string, missing: string[]) => ({
      message:
        `${title} (pay_way ${payWay}) is not configured` +
        (missing.length
          ? `: set ${missing.join(', ')} at /system/api/plugin/pay/config or as PAY_* environment variables`
          : ': it is switched off'),
      details: { pay_way: payWay, missing },
    }),
  ),
  /** What a buyer reads when a gateway refuses to open a payment (its detail goes to the log). */
  gatewayFailed: errorEntry(
    'ORDER.GATEWAY_ERROR',
    (title: string) =>
      `${title}: the payment service refused: try again or choose another way of paying`,
  ),
  openidRequired: errorEntry(
    'ORDER.OPENID_REQUIRED',
    (payWay: string) =>
      `pay_way ${payWay} needs the payer's openid: send openid (from wx.login / the OAuth login)`,
  ),
  publicUrlRequired: errorEntry(
    'ORDER.PUBLIC_URL_REQUIRED',
    () => 'Online payments need PUBLIC_URL (the address gateways send their notifications to)',
  ),
  invalidPaymentSetting: errorEntry(
    'ORDER.INVALID_PAYMENT_SETTING',
    (field: string, why: string) => ({ message: `${field}: ${why}`, details: { field } }),
  ),
  paymentSettingFromEnv: errorEntry(
    'ORDER.PAYMENT_SETTING_FROM_ENV',
    (field: string, variable: string) => ({
      message: `${field} is set by the ${variable} environment variable and cannot be changed here`,
      details: { field },
    }),
  ),
  /** GET /api/payment/check: not paid within the wait, or closed (can no longer be paid). */
  unpaid: errorEntry('ORDER.UNPAID', (status: number, why: 'timeout' | 'closed') => ({
    message:
      why === 'closed'
        ? `Unpaid: the order is ${statusName(status)} and can no longer be paid`
        : 'Unpaid',
    details: { status, status_name: statusName(status) },
  })),
  exportTooLarge: errorEntry('ORDER.EXPORT_TOO_LARGE', (max: number) => ({
    message: `More than ${max} orders match: narrow the status or dates, or download GET /system/api/plugin/order/export (CSV, any size)`,
    details: { max },
  })),
  settingsFromEnvironment: errorEntry(
    'ORDER.SETTINGS_FROM_ENVIRONMENT',
    (changes: { field: string; variable: string | null }[]) => ({
      message:
        'Order settings cannot be changed here: ' +
        changes
          .map(({ field, variable }) =>
            variable
              ? `${field} is the environment variable ${variable} (set it and restart)`
              : `${field} is not available`,
          )
          .join('; '),
      details: { changes },
    }),
  ),
  refundWindowClosed: errorEntry(
    'ORDER.REFUND_WINDOW_CLOSED',
    (days: number, finishedTime: number) => ({
      message:
        days > 0
          ? `Refunds can be asked for within ${days} days after the order finished; that time has passed`
          : 'Refunds cannot be asked for once the order finished; contact the shop',
      details: { refund_window_day: days, finished_time: finishedTime },
    }),
  ),
  refundTooLarge: errorEntry('ORDER.REFUND_TOO_LARGE', (requested: number, refundable: number) => ({
    message: `Cannot refund ${requested} fen: ${refundable} fen of this order is left to refund`,
    details: { requested, refundable },
  })),
  partialRefundBeforeFinish: errorEntry('ORDER.PARTIAL_REFUND_NOT_FINISHED', (amount: number) => ({
    message: `Before an order finishes only the whole of it (${amount} fen) can be refunded; leave refund_amount out or send ${amount}`,
    details: { amount },
  })),
  goodsAlreadyReturned: errorEntry(
    'ORDER.GOODS_ALREADY_RETURNED',
    () => 'The goods of this order were already taken back into stock by an earlier refund',
  ),
  commissionNotReversible: errorEntry(
    'ORDER.COMMISSION_NOT_REVERSIBLE',
    (userId: number, kind: string, amount: number, balance: number) => ({
      message:
        `User ${userId} must give back ${amount} fen of their ${kind} income for this refund but ` +
        `has ${balance} fen: adjust their balance first (/system/api/user/balance) or refund less`,
      details: { user_id: userId, kind, amount, balance },
    }),
  ),
  commOrderAlreadyPlaced: errorEntry(
    'ORDER.COMM_ORDER_ALREADY_PLACED',
    () => 'An order already exists for this custom request',
  ),
};

/** Maps a unique-index violation from the orders tables to its catalogued error. */
export function uniqueViolationToOrderError(error: unknown): AppError | undefined {
  if (isUniqueViolation(error, 'uq_orders_comm_order_id'))
    return OrderErrors.commOrderAlreadyPlaced();
  return undefined;
}
