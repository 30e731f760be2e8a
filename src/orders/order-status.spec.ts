import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTOR_ROLES } from '../common/state-machine/actor.js';
import {
  allowedActions,
  allowedFrom,
  ORDER_ACTION_NAMES,
  ORDER_ACTIONS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  OrderStatus,
  planTransition,
  REFUND_STATUSES,
  REFUND_TRANSITIONS,
  RefundStatus,
  renderTransitionTable,
  STATUS_FILTERS,
} from './order-status.js';

const state = (
  status: OrderStatus,
  refundStatus = RefundStatus.None,
  statusBeforeRefund: OrderStatus | null = null,
) => ({ status, refundStatus, statusBeforeRefund });

describe('order transition table', () => {
  it('has an entry for every status, and only known statuses as targets', () => {
    expect(Object.keys(ORDER_TRANSITIONS).map(Number).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const targets of Object.values(ORDER_TRANSITIONS)) {
      for (const to of targets) expect(ORDER_STATUSES).toContain(to);
    }
    for (const targets of Object.values(REFUND_TRANSITIONS)) {
      for (const to of targets) expect(REFUND_STATUSES).toContain(to);
    }
  });

  it('makes cancelled and refunded final, and finished final but for after-sales refunds', () => {
    for (const status of [OrderStatus.Cancelled, OrderStatus.Refunded]) {
      expect(ORDER_TRANSITIONS[status]).toEqual([]);
      for (const actor of ACTOR_ROLES) expect(allowedActions(state(status), actor)).toEqual([]);
    }
    expect(ORDER_TRANSITIONS[OrderStatus.Finished]).toEqual([OrderStatus.Refunding]);
    const finished = { ...state(OrderStatus.Finished), refundable: 100 };
    expect(allowedActions(finished, 'customer')).toEqual(['apply_refund']);
    expect(allowedActions(finished, 'staff')).toEqual(['apply_refund']);
    expect(allowedActions(finished, 'system')).toEqual([]);
    // Nothing left to refund: nothing to ask for.
    for (const actor of ACTOR_ROLES)
      expect(allowedActions({ ...finished, refundable: 0 }, actor)).toEqual([]);
  });

  it('uses only edges of the table in its actions, and every edge is reachable by an action', () => {
    const used = new Set<string>();
    for (const action of ORDER_ACTION_NAMES) {
      const rule = ORDER_ACTIONS[action];
      for (const actor of ACTOR_ROLES) {
        for (const from of rule.from[actor] ?? []) {
          const targets =
            typeof rule.to === 'object' ? rule.to.candidates : rule.to === 'same' ? [] : [rule.to];
          for (const to of targets) {
            expect(ORDER_TRANSITIONS[from]).toContain(to);
            used.add(`${from}->${to}`);
          }
        }
      }
    }
    for (const [from, targets] of Object.entries(ORDER_TRANSITIONS)) {
      for (const to of targets) expect(used).toContain(`${from}->${to}`);
    }
  });

  it('allows paying and cancelling only while waiting', () => {
    for (const status of ORDER_STATUSES) {
      const plan = planTransition(state(status), 'pay', 'customer');
      expect(plan !== null).toBe(status === OrderStatus.Waiting);
      expect(planTransition(state(status), 'cancel', 'customer') !== null).toBe(
        status === OrderStatus.Waiting,
      );
    }
  });

  it('never lets a buyer finish an unpaid or unshipped order (AnqiCMS paid commissions for that)', () => {
    expect(planTransition(state(OrderStatus.Waiting), 'finish', 'customer')).toBeNull();
    expect(planTransition(state(OrderStatus.Paid), 'finish', 'customer')).toBeNull();
    expect(planTransition(state(OrderStatus.Waiting), 'finish', 'staff')).toBeNull();
    expect(planTransition(state(OrderStatus.Delivered), 'finish', 'customer')).toMatchObject({
      from: OrderStatus.Delivered,
      to: OrderStatus.Finished,
    });
  });

  it('moves status (not refund_status) to 8 on a refund request and remembers where it came from', () => {
    expect(planTransition(state(OrderStatus.Delivered), 'apply_refund', 'customer')).toEqual({
      from: OrderStatus.Delivered,
      to: OrderStatus.Refunding,
      fromRefundStatus: RefundStatus.None,
      toRefundStatus: RefundStatus.None,
      statusBeforeRefund: OrderStatus.Delivered,
    });
  });

  it('approves to 9 with refund_status 1, or rejects back to the previous status with -1', () => {
    const refunding = state(OrderStatus.Refunding, RefundStatus.None, OrderStatus.Paid);
    expect(planTransition(refunding, 'approve_refund', 'staff')).toMatchObject({
      to: OrderStatus.Refunded,
      toRefundStatus: RefundStatus.Refunded,
      statusBeforeRefund: null,
    });
    expect(planTransition(refunding, 'reject_refund', 'staff')).toMatchObject({
      to: OrderStatus.Paid,
      toRefundStatus: RefundStatus.Refused,
    });
    expect(planTransition(refunding, 'approve_refund', 'customer')).toBeNull();
    // Without a remembered status there is nothing to go back to.
    expect(planTransition(state(OrderStatus.Refunding), 'reject_refund', 'staff')).toBeNull();
  });

  it('refunds a finished order in parts: a part back to finished, the rest to refunded', () => {
    const asked = planTransition(
      { ...state(OrderStatus.Finished, RefundStatus.Refunded), refundable: 500 },
      'apply_refund',
      'customer',
    );
    expect(asked).toEqual({
      from: OrderStatus.Finished,
      to: OrderStatus.Refunding,
      fromRefundStatus: RefundStatus.Refunded,
      toRefundStatus: RefundStatus.None,
      statusBeforeRefund: OrderStatus.Finished,
    });
    const refunding = state(OrderStatus.Refunding, RefundStatus.None, OrderStatus.Finished);
    expect(
      planTransition({ ...refunding, refundsTheRest: false }, 'approve_refund', 'staff'),
    ).toMatchObject({ to: OrderStatus.Finished, toRefundStatus: RefundStatus.Refunded });
    expect(
      planTransition({ ...refunding, refundsTheRest: true }, 'approve_refund', 'staff'),
    ).toMatchObject({ to: OrderStatus.Refunded, toRefundStatus: RefundStatus.Refunded });
    expect(planTransition(refunding, 'reject_refund', 'staff')).toMatchObject({
      to: OrderStatus.Finished,
      toRefundStatus: RefundStatus.Refused,
    });
    // Before finishing a refund is always the whole order.
    expect(
      planTransition(
        {
          ...state(OrderStatus.Refunding, RefundStatus.None, OrderStatus.Paid),
          refundsTheRest: false,
        },
        'approve_refund',
        'staff',
      ),
    ).toMatchObject({ to: OrderStatus.Refunded });
  });

  it('lets a refused refund be asked for again', () => {
    expect(
      planTransition(state(OrderStatus.Paid, RefundStatus.Refused), 'apply_refund', 'customer'),
    ).toMatchObject({ toRefundStatus: RefundStatus.None });
  });

  it('lists allowed actions per actor', () => {
    expect(allowedActions(state(OrderStatus.Waiting), 'customer')).toEqual(['pay', 'cancel']);
    expect(allowedActions(state(OrderStatus.Waiting), 'system')).toEqual(['pay', 'close']);
    expect(allowedActions(state(OrderStatus.Paid), 'staff')).toEqual([
      'deliver',
      'finish',
      'apply_refund',
    ]);
  });

  it('maps every list filter name to a status', () => {
    expect(STATUS_FILTERS).toMatchObject({ refunding: 8, refunded: 9, closed: -1, canceled: -1 });
  });

  it('renders a row per action', () => {
    expect(renderTransitionTable().split('\n')).toHaveLength(ORDER_ACTION_NAMES.length + 2);
  });

  it('is what docs/orders.md shows', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'orders.md'), 'utf8');
    expect(doc).toContain(renderTransitionTable());
  });

  it('names staff `admin` where it is stored or answered (AnqiCMS), keeping the key order', () => {
    expect(allowedFrom('pay')).toEqual({
      customer: [OrderStatus.Waiting],
      admin: [OrderStatus.Waiting],
      system: [OrderStatus.Waiting],
    });
    expect(Object.keys(allowedFrom('finish'))).toEqual(['customer', 'admin', 'system']);
    expect(allowedFrom('deliver')).toEqual({ admin: [OrderStatus.Paid] });
  });
});
