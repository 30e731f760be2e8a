import {
  couponRuleProblem,
  discountFor,
  hasUsesLeft,
  normalizeCode,
  randomCode,
  windowState,
} from './coupon-rules.js';

describe('discountFor', () => {
  it('takes a fixed amount off, never more than the order', () => {
    expect(discountFor({ type: 'amount', value: 1000, maxDiscount: 0 }, 9900)).toBe(1000);
    expect(discountFor({ type: 'amount', value: 1000, maxDiscount: 0 }, 600)).toBe(600);
  });

  it('takes a percentage off, rounded down to whole fen', () => {
    expect(discountFor({ type: 'percent', value: 10, maxDiscount: 0 }, 9900)).toBe(990);
    expect(discountFor({ type: 'percent', value: 15, maxDiscount: 0 }, 999)).toBe(149);
    expect(discountFor({ type: 'percent', value: 100, maxDiscount: 0 }, 999)).toBe(999);
  });

  it('caps a percentage at max_discount when set', () => {
    expect(discountFor({ type: 'percent', value: 50, maxDiscount: 2000 }, 9900)).toBe(2000);
    expect(discountFor({ type: 'percent', value: 50, maxDiscount: 2000 }, 1000)).toBe(500);
  });

  it('ignores max_discount for amount coupons and gives 0 on an empty order', () => {
    expect(discountFor({ type: 'amount', value: 3000, maxDiscount: 100 }, 9900)).toBe(3000);
    expect(discountFor({ type: 'percent', value: 10, maxDiscount: 0 }, 0)).toBe(0);
  });
});

describe('windowState', () => {
  const startsAt = new Date('2026-01-01T00:00:00Z');
  const endsAt = new Date('2026-02-01T00:00:00Z');

  it('is open inside [starts_at, ends_at)', () => {
    expect(windowState({ startsAt, endsAt }, startsAt)).toBe('open');
    expect(windowState({ startsAt, endsAt }, new Date('2026-01-15T00:00:00Z'))).toBe('open');
  });

  it('has not started before starts_at and is expired from ends_at on', () => {
    expect(windowState({ startsAt, endsAt }, new Date('2025-12-31T23:59:59Z'))).toBe('not_started');
    expect(windowState({ startsAt, endsAt }, endsAt)).toBe('expired');
  });

  it('treats missing bounds as open', () => {
    expect(windowState({ startsAt: null, endsAt: null }, new Date(0))).toBe('open');
  });
});

describe('codes and limits', () => {
  it('normalizes codes to trimmed upper case', () => {
    expect(normalizeCode('  welcome10 ')).toBe('WELCOME10');
  });

  it('builds random codes from unambiguous characters', () => {
    const code = randomCode(new Uint8Array([0, 1, 2, 31, 32, 255]), 'VIP-');
    expect(code).toMatch(/^VIP-[A-HJ-NP-Z2-9]{6}$/);
  });

  it('counts 0 as unlimited', () => {
    expect(hasUsesLeft(0, 1_000_000)).toBe(true);
    expect(hasUsesLeft(1, 0)).toBe(true);
    expect(hasUsesLeft(1, 1)).toBe(false);
  });
});

describe('couponRuleProblem', () => {
  const base = { startsAt: null, endsAt: null };
  it('accepts sane rules', () => {
    expect(couponRuleProblem({ ...base, type: 'percent', value: 100 })).toBeNull();
    expect(couponRuleProblem({ ...base, type: 'amount', value: 500000 })).toBeNull();
  });
  it('refuses percentages above 100 and empty windows', () => {
    expect(couponRuleProblem({ ...base, type: 'percent', value: 101 })).toMatch(/1 to 100/);
    const at = new Date('2026-01-01T00:00:00Z');
    expect(couponRuleProblem({ type: 'amount', value: 1, startsAt: at, endsAt: at })).toMatch(
      /ends_at/,
    );
  });
});
