import { AppError } from '../common/errors/app-error.js';
import { allowedFrom, OrderAction, statusName } from './order-status.js';

/** Error catalogue of the orders module. */
export const OrderErrors = {
  /** Unknown order, or another user's: both answer exactly this. */
  notFound: () => new AppError('ORDER.NOT_FOUND', 'Order not found'),
  invalidTransition: (action: OrderAction, status: number, refundStatus: number) =>
    new AppError(
      'ORDER.INVALID_TRANSITION',
      `Cannot ${action.replace('_', ' ')} this order: it is ${statusName(status)} (status ${status})`,
      undefined,
      {
        action,
        status,
        status_name: statusName(status),
        refund_status: refundStatus,
        allowed_from: allowedFrom(action),
      },
    ),
  noItems: () =>
    new AppError('ORDER.NO_ITEMS', 'Choose a product: send goods_id (and quantity) or details[]'),
  mixedSellers: () =>
    new AppError(
      'ORDER.MIXED_SELLERS',
      'Products of different sellers cannot be in one order; place one order per seller',
    ),
  quoteNeedsOneLine: () =>
    new AppError(
      'ORDER.QUOTE_NEEDS_ONE_LINE',
      'A quoted price applies to exactly one product line',
    ),
  invalidQuotedPrice: () =>
    new AppError('ORDER.INVALID_QUOTED_PRICE', 'The quoted price must be a whole number of fen'),
  vipGroupRequired: () =>
    new AppError('ORDER.VIP_GROUP_REQUIRED', 'A vip order needs the group to buy: send group_id'),
  vipWithQuote: () =>
    new AppError('ORDER.VIP_NOT_QUOTABLE', 'A vip membership cannot be bought at a quoted price'),
  amountTooLarge: () =>
    new AppError('ORDER.AMOUNT_TOO_LARGE', 'The order total is larger than this shop accepts'),
  addressNotFound: () => new AppError('ORDER.ADDRESS_NOT_FOUND', 'Address not found'),
  addressIncomplete: (missing: string[]) =>
    new AppError(
      'ORDER.ADDRESS_INCOMPLETE',
      `The address needs ${missing.join(', ')} (or the id of a saved address)`,
      undefined,
      { missing },
    ),
  addressLimit: (max: number) =>
    new AppError('ORDER.ADDRESS_LIMIT', `At most ${max} saved addresses; delete one first`),
  payWayUnavailable: (payWay: string, available: string[]) =>
    new AppError(
      'ORDER.PAY_WAY_UNAVAILABLE',
      `Payment method "${payWay}" is not available; use one of: ${available.join(', ')}`,
      undefined,
      { available },
    ),
  refundGatewayUnavailable: (payWay: string) =>
    new AppError(
      'ORDER.REFUND_GATEWAY_UNAVAILABLE',
      `The order was paid with ${payWay}, which is not configured here: refund it there, then approve`,
    ),
  gatewayNotConfigured: (title: string, payWay: string, missing: string[]) =>
    new AppError(
      'ORDER.GATEWAY_NOT_CONFIGURED',
      `${title} (pay_way ${payWay}) is not configured` +
        (missing.length
          ? `: set ${missing.join(', ')} at /system/api/plugin/pay/config or as PAY_* environment variables`
          : ': it is switched off'),
      undefined,
      { pay_way: payWay, missing },
    ),
  gatewayFailed: (title: string, why: string) =>
    new AppError('ORDER.GATEWAY_ERROR', `${title} could not open the payment: ${why}`),
  openidRequired: (payWay: string) =>
    new AppError(
      'ORDER.OPENID_REQUIRED',
      `pay_way ${payWay} needs the payer's openid: send openid (from wx.login / the OAuth login)`,
    ),
  publicUrlRequired: () =>
    new AppError(
      'ORDER.PUBLIC_URL_REQUIRED',
      'Online payments need PUBLIC_URL (the address gateways send their notifications to)',
    ),
  invalidPaymentSetting: (field: string, why: string) =>
    new AppError('ORDER.INVALID_PAYMENT_SETTING', `${field}: ${why}`, undefined, { field }),
  paymentSettingFromEnv: (field: string, variable: string) =>
    new AppError(
      'ORDER.PAYMENT_SETTING_FROM_ENV',
      `${field} is set by the ${variable} environment variable and cannot be changed here`,
      undefined,
      { field },
    ),
  /** GET /api/payment/check: not paid within the wait, or closed (can no longer be paid). */
  unpaid: (status: number, why: 'timeout' | 'closed') =>
    new AppError(
      'ORDER.UNPAID',
      why === 'closed'
        ? `Unpaid: the order is ${statusName(status)} and can no longer be paid`
        : 'Unpaid',
      undefined,
      { status, status_name: statusName(status) },
    ),
  exportTooLarge: (max: number) =>
    new AppError(
      'ORDER.EXPORT_TOO_LARGE',
      `More than ${max} orders match: narrow the status or dates, or download GET /system/api/plugin/order/export (CSV, any size)`,
      undefined,
      { max },
    ),
  settingsFromEnvironment: (changes: { field: string; variable: string | null }[]) =>
    new AppError(
      'ORDER.SETTINGS_FROM_ENVIRONMENT',
      'Order settings cannot be changed here: ' +
        changes
          .map(({ field, variable }) =>
            variable
              ? `${field} is the environment variable ${variable} (set it and restart)`
              : `${field} is not available`,
          )
          .join('; '),
      undefined,
      { changes },
    ),
  commOrderAlreadyPlaced: () =>
    new AppError(
      'ORDER.COMM_ORDER_ALREADY_PLACED',
      'An order already exists for this custom request',
    ),
};

/** Maps a unique-index violation from the orders tables to its catalogued error. */
export function uniqueViolationToOrderError(error: unknown): AppError | undefined {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (driver?.code === '23505' && driver.constraint === 'uq_orders_comm_order_id')
    return OrderErrors.commOrderAlreadyPlaced();
  return undefined;
}
