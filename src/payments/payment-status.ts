/**
 * The status machine of a payment row (payments.status, AnqiCMS numbers). A payment is created
 * pending (or straight paid for balance and offline payments confirmed at once); these are its
 * moves. docs/payments.md shows the table (a unit test checks it).
 */
import {
  renderMarkdown,
  StateMachine,
  statusesAllowing,
} from '../common/state-machine/state-machine.js';
import { PaymentStatus } from './entities/payment.entity.js';

export type PaymentAction = 'pay' | 'cancel' | 'refund' | 'refund_late';

const S = PaymentStatus;

export const PAYMENT_MACHINE: StateMachine<PaymentStatus, PaymentAction> = {
  statuses: [S.Pending, S.Paid, S.Refunded, S.Cancelled],
  names: {
    [S.Pending]: 'pending',
    [S.Paid]: 'paid',
    [S.Refunded]: 'refunded',
    [S.Cancelled]: 'cancelled',
  },
  actions: {
    pay: {
      to: S.Paid,
      from: { customer: [S.Pending], staff: [S.Pending], system: [S.Pending, S.Cancelled] },
      description:
        'Paid: from balance by the buyer, offline confirmed by staff, or the gateway says so ' +
        '(notification, return page, reconciliation) while the order still waits, even after it was cancelled',
    },
    cancel: {
      to: S.Cancelled,
      from: { customer: [S.Pending], staff: [S.Pending], system: [S.Pending] },
      description:
        'Another way of paying was chosen, or the order was cancelled, closed or paid another way',
    },
    refund: {
      to: S.Refunded,
      from: { staff: [S.Paid] },
      description:
        'The order refund is approved: balance is credited back, a gateway payment gets a gateway refund',
    },
    refund_late: {
      to: S.Refunded,
      from: { system: [S.Pending, S.Cancelled] },
      description:
        "The gateway's money arrived for an order that no longer waits for it: recorded, and a late_payment gateway refund sends it back",
    },
  },
};

/**
 * The payments a gateway may still report money for (what reconciliation and return pages look
 * at): those the system may still `pay`.
 */
export const PAYMENT_STATUSES_AWAITING_MONEY: readonly PaymentStatus[] = statusesAllowing(
  PAYMENT_MACHINE,
  'pay',
  'system',
);

/** The payment table as Markdown (docs/payments.md). */
export function paymentTransitionTable(): string {
  return renderMarkdown(PAYMENT_MACHINE, { by: 'action' });
}
