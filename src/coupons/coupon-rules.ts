import type { CouponType } from './entities/coupon.entity.js';

/** Pure coupon arithmetic and rules (integer fen only), shared by services and the unit spec. */

export interface DiscountRule {
  type: CouponType;
  value: number;
  maxDiscount: number;
}

/**
 * Fen taken off `amount`: `amount` coupons take `value` fen, `percent` coupons
 * floor(amount × value / 100) capped by max_discount (0 = no cap). Never more than the amount,
 * never negative, always an integer.
 */
export function discountFor(rule: DiscountRule, amount: number): number {
  if (amount <= 0) return 0;
  const raw = rule.type === 'amount' ? rule.value : Math.floor((amount * rule.value) / 100);
  const capped =
    rule.type === 'percent' && rule.maxDiscount > 0 ? Math.min(raw, rule.maxDiscount) : raw;
  return Math.max(0, Math.min(capped, amount));
}

export type WindowState = 'not_started' | 'open' | 'expired';

/** Where `now` falls in [startsAt, endsAt) (null bounds are open). */
export function windowState(
  window: { startsAt: Date | null; endsAt: Date | null },
  now: Date,
): WindowState {
  if (window.startsAt && now.getTime() < window.startsAt.getTime()) return 'not_started';
  if (window.endsAt && now.getTime() >= window.endsAt.getTime()) return 'expired';
  return 'open';
}

/** Codes are matched case-insensitively: trimmed and stored upper-case. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** A use is left when there is no limit (0) or fewer uses than the limit. */
export function hasUsesLeft(limit: number, used: number): boolean {
  return limit === 0 || used < limit;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random code from an alphabet without look-alikes (no 0/O, 1/I). */
export function randomCode(bytes: Uint8Array, prefix = ''): string {
  return prefix + Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** What is wrong with a coupon's rule as a whole (after merging an update), or null. */
export function couponRuleProblem(rule: {
  type: CouponType;
  value: number;
  startsAt: Date | null;
  endsAt: Date | null;
}): string | null {
  if (rule.type === 'percent' && (rule.value < 1 || rule.value > 100))
    return 'a percent coupon takes 1 to 100 percent off (value)';
  if (rule.type === 'amount' && rule.value < 1) return 'an amount coupon takes at least 1 fen off';
  if (rule.startsAt && rule.endsAt && rule.startsAt.getTime() >= rule.endsAt.getTime())
    return 'ends_at must be after starts_at';
  return null;
}
