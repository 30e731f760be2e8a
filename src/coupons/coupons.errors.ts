import { errorEntry } from '../common/errors/app-error.js';

const usedUp = errorEntry('COUPON.USED_UP', () => 'This coupon has been used up');

/** Error catalogue of coupons. Every refusal of a customer's coupon is a clear -1. */
export const CouponErrors = {
  /** Unknown, deleted or disabled coupon or code, or a code of another coupon. */
  notFound: errorEntry('COUPON.NOT_FOUND', () => 'Coupon not found or no longer valid'),
  codeRequired: errorEntry(
    'COUPON.CODE_REQUIRED',
    () => 'This coupon can only be used with a voucher code',
  ),
  notStarted: errorEntry('COUPON.NOT_STARTED', (startsAt: Date) => ({
    message: `This coupon can be used from ${startsAt.toISOString()}`,
    details: { starts_at: Math.floor(startsAt.getTime() / 1000) },
  })),
  expired: errorEntry('COUPON.EXPIRED', () => 'This coupon has expired'),
  minAmount: errorEntry('COUPON.MIN_AMOUNT', (minAmount: number) => ({
    message: `This coupon needs an order of at least ${(minAmount / 100).toFixed(2)} (${minAmount} fen)`,
    details: { min_amount: minAmount },
  })),
  usedUp,
  /** The same reason as `usedUp`: for the customer the coupon is used up either way. */
  userLimitReached: errorEntry(usedUp.reason, (limit: number) => ({
    message: `You have already used this coupon ${limit} time(s), the most allowed`,
    details: { per_user_limit: limit },
  })),
  notYours: errorEntry('COUPON.NOT_YOURS', () => 'This voucher code belongs to another customer'),
  redemptionNotFound: errorEntry(
    'COUPON.REDEMPTION_NOT_FOUND',
    () => 'Coupon redemption not found',
  ),
  alreadyAttached: errorEntry(
    'COUPON.REDEMPTION_ATTACHED',
    () => 'This coupon redemption already belongs to another order',
  ),
  codeTaken: errorEntry('COUPON.CODE_TAKEN', () => 'This voucher code already exists'),
  limitBelowUsed: errorEntry('COUPON.LIMIT_BELOW_USED', (used: number) => ({
    message: `usage_limit cannot be lower than the ${used} use(s) already made`,
    details: { used_count: used },
  })),
  invalidRule: errorEntry('COUPON.INVALID', (why: string) => why),
  invalidAmount: errorEntry(
    'COUPON.INVALID_AMOUNT',
    () => 'amount must be a whole number of fen, 0 or more',
  ),
};
