import { AppError } from '../common/errors/app-error.js';

/** Error catalogue of coupons. Every refusal of a customer's coupon is a clear -1. */
export const CouponErrors = {
  /** Unknown, deleted or disabled coupon or code, or a code of another coupon. */
  notFound: () => new AppError('COUPON.NOT_FOUND', 'Coupon not found or no longer valid'),
  codeRequired: () =>
    new AppError('COUPON.CODE_REQUIRED', 'This coupon can only be used with a voucher code'),
  notStarted: (startsAt: Date) =>
    new AppError(
      'COUPON.NOT_STARTED',
      `This coupon can be used from ${startsAt.toISOString()}`,
      undefined,
      { starts_at: Math.floor(startsAt.getTime() / 1000) },
    ),
  expired: () => new AppError('COUPON.EXPIRED', 'This coupon has expired'),
  minAmount: (minAmount: number) =>
    new AppError(
      'COUPON.MIN_AMOUNT',
      `This coupon needs an order of at least ${(minAmount / 100).toFixed(2)} (${minAmount} fen)`,
      undefined,
      { min_amount: minAmount },
    ),
  usedUp: () => new AppError('COUPON.USED_UP', 'This coupon has been used up'),
  userLimitReached: (limit: number) =>
    new AppError(
      'COUPON.USED_UP',
      `You have already used this coupon ${limit} time(s), the most allowed`,
      undefined,
      { per_user_limit: limit },
    ),
  notYours: () => new AppError('COUPON.NOT_YOURS', 'This voucher code belongs to another customer'),
  redemptionNotFound: () =>
    new AppError('COUPON.REDEMPTION_NOT_FOUND', 'Coupon redemption not found'),
  alreadyAttached: () =>
    new AppError(
      'COUPON.REDEMPTION_ATTACHED',
      'This coupon redemption already belongs to another order',
    ),
  codeTaken: () => new AppError('COUPON.CODE_TAKEN', 'This voucher code already exists'),
  limitBelowUsed: (used: number) =>
    new AppError(
      'COUPON.LIMIT_BELOW_USED',
      `usage_limit cannot be lower than the ${used} use(s) already made`,
      undefined,
      { used_count: used },
    ),
  invalidRule: (why: string) => new AppError('COUPON.INVALID', why),
  invalidAmount: () =>
    new AppError('COUPON.INVALID_AMOUNT', 'amount must be a whole number of fen, 0 or more'),
};
