import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowedActions, nextStatuses, plan } from '../common/state-machine/state-machine.js';
import { PaymentStatus as S } from './entities/payment.entity.js';
import {
  PAYMENT_MACHINE,
  PAYMENT_STATUSES_AWAITING_MONEY,
  paymentTransitionTable,
} from './payment-status.js';

describe('payment status table', () => {
  it('covers the statuses of chk_payments_status', () => {
    expect([...PAYMENT_MACHINE.statuses].sort()).toEqual([-1, 0, 1, 2]);
  });

  it('is the life in docs/payments.md: pending → paid → refunded, pending → cancelled, late money refunded', () => {
    expect(nextStatuses(PAYMENT_MACHINE)).toEqual({
      [S.Pending]: [S.Paid, S.Cancelled, S.Refunded],
      [S.Paid]: [S.Refunded],
      [S.Refunded]: [],
      [S.Cancelled]: [S.Paid, S.Refunded],
    });
  });

  it('lets only a gateway settle a cancelled payment, and only staff refund a paid one', () => {
    expect(plan(PAYMENT_MACHINE, S.Cancelled, 'pay', 'system')).toEqual({
      from: S.Cancelled,
      to: S.Paid,
    });
    expect(plan(PAYMENT_MACHINE, S.Cancelled, 'pay', 'customer')).toBeNull();
    expect(allowedActions(PAYMENT_MACHINE, S.Paid, 'staff')).toEqual(['refund']);
    expect(allowedActions(PAYMENT_MACHINE, S.Paid, 'system')).toEqual([]);
  });

  it('reconciles pending and cancelled payments (the guard of the reconciliation query)', () => {
    expect(PAYMENT_STATUSES_AWAITING_MONEY).toEqual([S.Pending, S.Cancelled]);
  });

  it('is what docs/payments.md shows', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'payments.md'), 'utf8');
    expect(doc).toContain(paymentTransitionTable());
  });
});
