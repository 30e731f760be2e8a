import {
  memberUnitPrice,
  orderTotals,
  percentOf,
  priceLine,
  splitOrderAmount,
} from './order-money.js';

describe('order money', () => {
  it("gives the spec's seller amount: 9900 at 80 % → 7920", () => {
    expect(
      splitOrderAmount(
        9900,
        { shareReward: 0, parentReward: 0, sellerPercent: 80 },
        { hasSharer: false, hasParent: false, hasSeller: true },
      ),
    ).toEqual({ shareAmount: 0, shareParentAmount: 0, sellerAmount: 7920 });
  });

  it('takes commissions off before the seller percentage', () => {
    // share 10 % = 990, parent 5 % = 495, seller (9900 − 1485) × 80 % = 6732
    expect(
      splitOrderAmount(
        9900,
        { shareReward: 10, parentReward: 5, sellerPercent: 80 },
        { hasSharer: true, hasParent: true, hasSeller: true },
      ),
    ).toEqual({ shareAmount: 990, shareParentAmount: 495, sellerAmount: 6732 });
  });

  it('pays no parent without a sharer, and nothing to a missing seller', () => {
    expect(
      splitOrderAmount(
        1000,
        { shareReward: 10, parentReward: 5, sellerPercent: 80 },
        { hasSharer: false, hasParent: true, hasSeller: false },
      ),
    ).toEqual({ shareAmount: 0, shareParentAmount: 0, sellerAmount: 0 });
  });

  it('never splits out more than the amount, whatever the percentages', () => {
    for (const amount of [0, 1, 7, 99, 101, 9999, 123457]) {
      for (const [share, parent, seller] of [
        [100, 100, 100],
        [70, 60, 100],
        [33, 33, 33],
        [1, 99, 80],
      ]) {
        const split = splitOrderAmount(
          amount,
          { shareReward: share, parentReward: parent, sellerPercent: seller },
          { hasSharer: true, hasParent: true, hasSeller: true },
        );
        const total = split.shareAmount + split.shareParentAmount + split.sellerAmount;
        expect(total).toBeLessThanOrEqual(amount);
        for (const part of Object.values(split)) {
          expect(Number.isInteger(part)).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it('floors every percentage', () => {
    expect(percentOf(999, 33)).toBe(329);
    expect(percentOf(1, 50)).toBe(0);
    expect(() => percentOf(1.5, 10)).toThrow(RangeError);
    expect(() => percentOf(100, 101)).toThrow(RangeError);
  });

  it('applies the member discount (percent off) per unit, flooring the price', () => {
    expect(memberUnitPrice(9900, 0)).toBe(9900);
    expect(memberUnitPrice(9900, 100)).toBe(0);
    expect(memberUnitPrice(9900, 10)).toBe(8910);
    expect(memberUnitPrice(999, 5)).toBe(949);
    expect(priceLine({ unitPrice: 999, quantity: 3 }, 5)).toEqual({
      originPrice: 999,
      price: 949,
      quantity: 3,
      originAmount: 2997,
      amount: 2847,
    });
  });

  it('sums lines and keeps amount = origin_amount − discount_amount, coupon capped at the subtotal', () => {
    const lines = [
      priceLine({ unitPrice: 1000, quantity: 2 }, 10),
      priceLine({ unitPrice: 500, quantity: 1 }, 10),
    ];
    const totals = orderTotals(lines, 300);
    expect(totals).toEqual({
      originAmount: 2500,
      subtotal: 2250,
      couponDiscount: 300,
      discountAmount: 550,
      amount: 1950,
    });
    const free = orderTotals(lines, 10_000);
    expect(free).toMatchObject({ amount: 0, couponDiscount: 2250, discountAmount: 2500 });
  });
});
