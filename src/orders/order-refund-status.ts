/**
 * The status machine of one refund of an order (order_refunds.status), the order's refund
 * history. A buyer's request is written `requested` in the transaction of the order's
 * apply_refund; staff approve or refuse it in the transaction of approve_refund/reject_refund.
 * A refund staff make at once (asking and approving together) is written `requested` and
 * approved in the same transaction. docs/orders.md shows the table (a unit test checks it).
 */
import {
  renderMarkdown,
  StateMachine,
  statusesAllowing,
} from '../common/state-machine/state-machine.js';
import { OrderRefundStatus } from './entities/order-refund.entity.js';

export type OrderRefundAction = 'approve' | 'refuse';

const S = OrderRefundStatus;

export const ORDER_REFUND_MACHINE: StateMachine<OrderRefundStatus, OrderRefundAction> = {
  statuses: [S.Requested, S.Refunded, S.Refused],
  names: {
    [S.Requested]: 'requested',
    [S.Refunded]: 'refunded',
    [S.Refused]: 'refused',
  },
  actions: {
    approve: {
      to: S.Refunded,
      from: { staff: [S.Requested] },
      description:
        'Staff approve (the order’s approve_refund): refunded_amount grows by the amount, the money goes back the way it came',
    },
    refuse: {
      to: S.Refused,
      from: { staff: [S.Requested] },
      description: 'Staff refuse (the order’s reject_refund): no money moves',
    },
  },
};

/** The statuses a refund may be moved from by `action` (the conditional UPDATE's guard). */
export function orderRefundFrom(action: OrderRefundAction): OrderRefundStatus[] {
  return statusesAllowing(ORDER_REFUND_MACHINE, action, 'staff');
}

export const ORDER_REFUND_STATUS_NAMES = ORDER_REFUND_MACHINE.names;

/** The refund table as Markdown (docs/orders.md). */
export function orderRefundTransitionTable(): string {
  return renderMarkdown(ORDER_REFUND_MACHINE, { by: 'action' });
}

const DAY_MS = 86_400_000;

/**
 * Whether a buyer may still ask for an after-sales refund of an order finished at `finishedTime`
 * (ORDER_REFUND_WINDOW_DAYS = `days`; 0 = never).
 */
export function afterSalesWindowOpen(finishedTime: Date | null, days: number, now: Date): boolean {
  return days > 0 && now.getTime() <= (finishedTime?.getTime() ?? 0) + days * DAY_MS;
}
