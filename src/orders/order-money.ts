/**
 * Order money arithmetic: integer fen only, every division floors (rounding never favours the
 * shop or a commission over the buyer's payment), and the parts of an order can never add up to
 * more than what the buyer paid. Pure functions; order-money.spec.ts checks them.
 */

/** Largest amount (fen) an order or line may reach: far below 2^53, so JS numbers stay exact. */
export const MAX_ORDER_AMOUNT = 1_000_000_000_000;

export interface PricedLineInput {
  /** Base unit price in fen: the catalogue price, or the accepted quote. */
  unitPrice: number;
  quantity: number;
}

export interface PricedLine {
  originPrice: number;
  price: number;
  quantity: number;
  originAmount: number;
  amount: number;
}

function assertFen(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer number of fen, got ${value}`);
  }
}

function assertPercent(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw new RangeError(`${name} must be a whole percentage 0..100, got ${value}`);
  }
}

/** `amount × percent / 100`, floored. */
export function percentOf(amount: number, percent: number): number {
  assertFen('amount', amount);
  assertPercent('percent', percent);
  return Math.floor((amount * percent) / 100);
}

/**
 * A member price: `percentOff` is the buyer's group discount, percent off the price (0 = none,
 * docs/catalogue.md). Applied per unit, as AnqiCMS does; the price is floored (in the buyer's
 * favour).
 */
export function memberUnitPrice(unitPrice: number, percentOff: number): number {
  assertFen('unitPrice', unitPrice);
  assertPercent('percentOff', percentOff);
  return percentOf(unitPrice, 100 - percentOff);
}

export function priceLine(line: PricedLineInput, percentOff: number): PricedLine {
  assertFen('unitPrice', line.unitPrice);
  if (!Number.isInteger(line.quantity) || line.quantity < 1) {
    throw new RangeError(`quantity must be a positive integer, got ${line.quantity}`);
  }
  const price = memberUnitPrice(line.unitPrice, percentOff);
  return {
    originPrice: line.unitPrice,
    price,
    quantity: line.quantity,
    originAmount: line.unitPrice * line.quantity,
    amount: price * line.quantity,
  };
}

export interface OrderTotals {
  /** Σ lines at base price. */
  originAmount: number;
  /** Σ lines at member price, before the coupon (what a coupon is measured against). */
  subtotal: number;
  /** Member discount + coupon discount. */
  discountAmount: number;
  /** What the buyer pays: originAmount − discountAmount, never negative. */
  amount: number;
  couponDiscount: number;
}

/** Totals of priced lines and a coupon discount (capped at the subtotal: an order is never negative). */
export function orderTotals(lines: readonly PricedLine[], couponDiscount: number): OrderTotals {
  assertFen('couponDiscount', couponDiscount);
  const originAmount = lines.reduce((sum, line) => sum + line.originAmount, 0);
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const coupon = Math.min(couponDiscount, subtotal);
  const amount = subtotal - coupon;
  return {
    originAmount,
    subtotal,
    couponDiscount: coupon,
    discountAmount: originAmount - amount,
    amount,
  };
}

export interface CommissionRates {
  /** Percent of the order amount for the sharer (the buyer's inviter). */
  shareReward: number;
  /** Percent of the order amount for the sharer's own inviter. */
  parentReward: number;
  /** Percent of what is left after commissions that goes to the seller (ORDER_SELLER_PERCENT). */
  sellerPercent: number;
}

export interface OrderSplit {
  shareAmount: number;
  shareParentAmount: number;
  sellerAmount: number;
}

/**
 * Splits a paid amount (AnqiCMS CreateOrder): share = amount × share% ; parent = amount × parent% ;
 * seller = (amount − share − parent) × seller% . Commissions are capped so that together they
 * never exceed the amount, whatever percentages staff configure. The platform keeps the rest.
 */
export function splitOrderAmount(
  amount: number,
  rates: CommissionRates,
  beneficiaries: { hasSharer: boolean; hasParent: boolean; hasSeller: boolean },
): OrderSplit {
  assertFen('amount', amount);
  assertPercent('sellerPercent', rates.sellerPercent);
  const shareAmount = beneficiaries.hasSharer ? percentOf(amount, rates.shareReward) : 0;
  const shareParentAmount =
    beneficiaries.hasSharer && beneficiaries.hasParent
      ? Math.min(percentOf(amount, rates.parentReward), amount - shareAmount)
      : 0;
  const sellerAmount = beneficiaries.hasSeller
    ? percentOf(amount - shareAmount - shareParentAmount, rates.sellerPercent)
    : 0;
  return { shareAmount, shareParentAmount, sellerAmount };
}
