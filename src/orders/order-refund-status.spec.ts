import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrderRefundStatus } from './entities/order-refund.entity.js';
import { orderRefundFrom, orderRefundTransitionTable } from './order-refund-status.js';
import { proportionalShare } from './services/order-after-sales.service.js';

describe('order refund table', () => {
  it('decides only a waiting request', () => {
    expect(orderRefundFrom('approve')).toEqual([OrderRefundStatus.Requested]);
    expect(orderRefundFrom('refuse')).toEqual([OrderRefundStatus.Requested]);
  });

  it('is what docs/orders.md shows', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'orders.md'), 'utf8');
    expect(doc).toContain(orderRefundTransitionTable());
  });
});

describe('proportionalShare (commissions taken back by after-sales refunds)', () => {
  /** The parts a credited amount gives back over a sequence of refunds of `paid`. */
  const parts = (amount: number, paid: number, refunds: number[]) => {
    let refunded = 0;
    let taken = 0;
    return refunds.map((refund) => {
      refunded += refund;
      const part = proportionalShare(amount, refunded, paid) - taken;
      taken += part;
      return part;
    });
  };

  it('floors the share refunded so far', () => {
    expect(proportionalShare(990, 3300, 9900)).toBe(330);
    expect(proportionalShare(7, 1, 3)).toBe(2);
    expect(proportionalShare(7, 0, 3)).toBe(0);
    expect(proportionalShare(7, 3, 3)).toBe(7);
  });

  it('adds the parts up to exactly the whole once everything is refunded', () => {
    expect(parts(7, 3, [1, 1, 1])).toEqual([2, 2, 3]);
    expect(parts(6732, 9900, [1, 1, 9898])).toEqual([0, 1, 6731]);
    for (const split of [[9900], [3300, 3300, 3300], [1, 2, 3, 9894], Array(20).fill(495)]) {
      const given = parts(6732, 9900, split);
      expect(given.reduce((a, b) => a + b, 0)).toBe(6732);
      for (const part of given) expect(part).toBeGreaterThanOrEqual(0);
    }
  });

  it('is exact for amounts past 2^53 when multiplied', () => {
    const paid = 2 ** 40;
    expect(proportionalShare(2 ** 40 - 1, paid - 1, paid)).toBe(2 ** 40 - 2);
  });
});
