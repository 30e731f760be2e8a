/**
 * The order state machine, as data. AnqiCMS numbers (the wire contract):
 * status -1 cancelled, 0 waiting for payment, 1 paid, 2 shipped, 3 finished, 8 refunding, 9 refunded;
 * refund_status -1 refund refused, 0 none or in progress, 1 refunded.
 *
 * ORDER_ACTIONS names each status change, says who may make it from which status, and what it
 * does to refund_status; ORDER_TRANSITIONS is its graph view. A finished order may still be
 * refunded, in whole or in parts (after-sales refunds): its buyer asks within
 * ORDER_REFUND_WINDOW_DAYS (checked by the service, since it depends on the clock), staff at any
 * time; an approved part puts it back to finished, the last part (or the whole) makes it refunded. The transition service,
 * `allowed_actions`, the Swagger descriptions, docs/orders.md and the tests all read these tables.
 */
import { ACTOR_ROLES, ActorRole } from '../common/state-machine/actor.js';
import { ACTOR_SPELLINGS, ActorKind } from '../common/state-machine/actor-spellings.js';
import {
  ActionRule,
  actionNames,
  nextStatuses,
  plan,
  renderMarkdown,
  StateMachine,
  TargetResolver,
} from '../common/state-machine/state-machine.js';

export enum OrderStatus {
  Cancelled = -1,
  Waiting = 0,
  Paid = 1,
  Delivered = 2,
  Finished = 3,
  Refunding = 8,
  Refunded = 9,
}

export enum RefundStatus {
  Refused = -1,
  None = 0,
  Refunded = 1,
}

export const ORDER_STATUSES: readonly OrderStatus[] = [
  OrderStatus.Cancelled,
  OrderStatus.Waiting,
  OrderStatus.Paid,
  OrderStatus.Delivered,
  OrderStatus.Finished,
  OrderStatus.Refunding,
  OrderStatus.Refunded,
];

export const REFUND_STATUSES: readonly RefundStatus[] = [
  RefundStatus.Refused,
  RefundStatus.None,
  RefundStatus.Refunded,
];

/** Human names, used in error messages ("it is paid") and the list filter. */
export const ORDER_STATUS_NAMES: Record<OrderStatus, string> = {
  [OrderStatus.Cancelled]: 'closed',
  [OrderStatus.Waiting]: 'waiting',
  [OrderStatus.Paid]: 'paid',
  [OrderStatus.Delivered]: 'delivery',
  [OrderStatus.Finished]: 'finished',
  [OrderStatus.Refunding]: 'refunding',
  [OrderStatus.Refunded]: 'refunded',
};

/**
 * refund_status changes: a refused refund may be asked for again; so may the rest of a finished
 * order of which a part was refunded (refunded → none while the new request waits).
 */
export const REFUND_TRANSITIONS: Record<RefundStatus, readonly RefundStatus[]> = {
  [RefundStatus.None]: [RefundStatus.Refunded, RefundStatus.Refused],
  [RefundStatus.Refused]: [RefundStatus.None],
  [RefundStatus.Refunded]: [RefundStatus.None],
};

export type OrderAction =
  | 'pay'
  | 'cancel'
  | 'close'
  | 'deliver'
  | 'finish'
  | 'apply_refund'
  | 'approve_refund'
  | 'reject_refund';

export interface OrderStateSnapshot {
  status: OrderStatus;
  refundStatus: RefundStatus;
  /** The status before the current refund request (only while refunding). */
  statusBeforeRefund: OrderStatus | null;
  /** What may still be refunded (amount − refunded_amount); unknown = the whole amount. */
  refundable?: number;
  /**
   * Whether the refund being approved pays back all that is left (approve_refund of a finished
   * order's request: the rest makes it refunded, a part puts it back to finished). Unknown = yes.
   */
  refundsTheRest?: boolean;
}

export interface OrderActionRule extends ActionRule<OrderStatus, OrderStateSnapshot> {
  /** The refund_status the action sets; undefined = unchanged. */
  refundStatus?: RefundStatus;
}

/** Back to the status the order had before the refund was asked for (paid, shipped or finished). */
const PREVIOUS_STATUS: TargetResolver<OrderStatus, OrderStateSnapshot> = {
  label: 'previous status',
  candidates: [OrderStatus.Paid, OrderStatus.Delivered, OrderStatus.Finished],
  resolve: (state) => state?.statusBeforeRefund ?? null,
};

/**
 * A finished order may be asked to refund while money is left to refund; before finishing the
 * whole order is refunded (a free one too: its stock and coupon go back).
 */
const REFUNDING_WHILE_REFUNDABLE: TargetResolver<OrderStatus, OrderStateSnapshot> = {
  label: '8 refunding (while money is left to refund)',
  candidates: [OrderStatus.Refunding],
  resolve: (state) =>
    state?.status === OrderStatus.Finished && (state.refundable ?? 1) <= 0
      ? null
      : OrderStatus.Refunding,
};

/**
 * Where an approved refund leads: refunded, unless it is a part of a finished order that leaves
 * money unrefunded, which goes back to finished (more parts may follow).
 */
const AFTER_APPROVAL: TargetResolver<OrderStatus, OrderStateSnapshot> = {
  label: '9 refunded; a part of a finished order: 3 finished',
  candidates: [OrderStatus.Refunded, OrderStatus.Finished],
  resolve: (state) =>
    state?.statusBeforeRefund === OrderStatus.Finished && state.refundsTheRest === false
      ? OrderStatus.Finished
      : OrderStatus.Refunded,
};

/** The order actions, in the order `allowed_actions` lists them. */
export const ORDER_ACTIONS: Record<OrderAction, OrderActionRule> = {
  pay: {
    to: OrderStatus.Paid,
    from: {
      customer: [OrderStatus.Waiting],
      staff: [OrderStatus.Waiting],
      system: [OrderStatus.Waiting],
    },
    description:
      'Payment received: balance payment by the buyer, offline payment confirmed by staff, or a gateway notification',
  },
  cancel: {
    to: OrderStatus.Cancelled,
    from: { customer: [OrderStatus.Waiting], staff: [OrderStatus.Waiting] },
    description: 'Cancelled before payment by the buyer or staff; stock and coupon are given back',
  },
  close: {
    to: OrderStatus.Cancelled,
    from: { system: [OrderStatus.Waiting] },
    description: 'Closed automatically when unpaid after ORDER_AUTO_CLOSE_MINUTES',
  },
  deliver: {
    to: OrderStatus.Delivered,
    from: { staff: [OrderStatus.Paid] },
    description:
      'Shipped by staff (express company, tracking number); sets the auto-finish deadline',
  },
  finish: {
    to: OrderStatus.Finished,
    from: {
      customer: [OrderStatus.Delivered],
      staff: [OrderStatus.Paid, OrderStatus.Delivered],
      system: [OrderStatus.Paid, OrderStatus.Delivered],
    },
    description:
      'Finished: seller income and commissions are credited, vip orders grant the group. ' +
      'Buyer once shipped; staff also for unshipped (virtual) orders; the server at end_time and for paid vip orders',
  },
  apply_refund: {
    to: REFUNDING_WHILE_REFUNDABLE,
    from: {
      customer: [OrderStatus.Paid, OrderStatus.Delivered, OrderStatus.Finished],
      staff: [OrderStatus.Paid, OrderStatus.Delivered, OrderStatus.Finished],
    },
    refundStatus: RefundStatus.None,
    description:
      'Refund asked for: the whole of a paid or shipped order; all or a part of a finished one ' +
      '(after-sales: the buyer within ORDER_REFUND_WINDOW_DAYS of finishing, with reason and ' +
      'images; staff at any time, asking and approving at once). Waits for staff',
  },
  approve_refund: {
    to: AFTER_APPROVAL,
    from: { staff: [OrderStatus.Refunding] },
    refundStatus: RefundStatus.Refunded,
    description:
      'Refund approved, the money back the way it came. Before finishing: the whole order, ' +
      'stock and coupon given back, commissions cancelled. After finishing: the amount asked for, ' +
      'commissions taken back in proportion, stock given back only if staff say the goods came back',
  },
  reject_refund: {
    to: PREVIOUS_STATUS,
    from: { staff: [OrderStatus.Refunding] },
    refundStatus: RefundStatus.Refused,
    description: 'Refund refused: the order returns to the status it had before',
  },
};

export const ORDER_MACHINE: StateMachine<OrderStatus, OrderAction, OrderStateSnapshot> = {
  statuses: ORDER_STATUSES,
  names: ORDER_STATUS_NAMES,
  actions: ORDER_ACTIONS,
};

export const ORDER_ACTION_NAMES = actionNames(ORDER_MACHINE);

/**
 * Every allowed status change (the graph view of ORDER_ACTIONS). A refused refund puts the order
 * back where it was (paid, shipped or finished). Statuses with no way out are final.
 */
export const ORDER_TRANSITIONS = nextStatuses(ORDER_MACHINE);

export function isOrderStatus(value: number): value is OrderStatus {
  return (ORDER_STATUSES as readonly number[]).includes(value);
}

export function statusName(status: number): string {
  return isOrderStatus(status) ? ORDER_STATUS_NAMES[status] : `unknown (${status})`;
}

export interface PlannedTransition {
  from: OrderStatus;
  to: OrderStatus;
  fromRefundStatus: RefundStatus;
  toRefundStatus: RefundStatus;
  statusBeforeRefund: OrderStatus | null;
}

/**
 * Decides what `action` by `role` does to an order in `state`, or returns null when it is not
 * allowed: the status move of the table, plus the refund_status side machine on top. Pure: the
 * transition service calls it under a row lock and writes the result.
 */
export function planTransition(
  state: OrderStateSnapshot,
  action: OrderAction,
  role: ActorRole,
): PlannedTransition | null {
  const move = plan(ORDER_MACHINE, state.status, action, role, state);
  if (!move) return null;
  const toRefundStatus = ORDER_ACTIONS[action].refundStatus ?? state.refundStatus;
  if (
    toRefundStatus !== state.refundStatus &&
    !REFUND_TRANSITIONS[state.refundStatus].includes(toRefundStatus)
  )
    return null;
  return {
    from: move.from,
    to: move.to,
    fromRefundStatus: state.refundStatus,
    toRefundStatus,
    // Remember where a refund request came from; forget it once the request is decided.
    statusBeforeRefund: move.to === OrderStatus.Refunding ? state.status : null,
  };
}

/** The actions `role` may take now (the `allowed_actions` of an order). */
export function allowedActions(state: OrderStateSnapshot, role: ActorRole): OrderAction[] {
  return ORDER_ACTION_NAMES.filter((action) => planTransition(state, action, role) !== null);
}

/** Who may take `action` from where, in the stored/wire actor names (`allowed_from` of errors). */
export function allowedFrom(action: OrderAction): Partial<Record<ActorKind, OrderStatus[]>> {
  const from = ORDER_ACTIONS[action].from;
  return Object.fromEntries(
    ACTOR_ROLES.filter((role) => from[role] !== undefined).map((role) => [
      ACTOR_SPELLINGS.actorKind[role],
      from[role],
    ]),
  );
}

/** `status` filter of the order lists: AnqiCMS names, plus `closed`/`canceled` and `refunded`. */
export const STATUS_FILTERS: Record<string, OrderStatus> = {
  waiting: OrderStatus.Waiting,
  paid: OrderStatus.Paid,
  delivery: OrderStatus.Delivered,
  finished: OrderStatus.Finished,
  refunding: OrderStatus.Refunding,
  refunded: OrderStatus.Refunded,
  closed: OrderStatus.Cancelled,
  canceled: OrderStatus.Cancelled,
  cancelled: OrderStatus.Cancelled,
};

export const STATUS_FILTER_NAMES = Object.keys(STATUS_FILTERS);

/** The transition table as a Markdown table (Swagger descriptions and docs/orders.md). */
export function renderTransitionTable(): string {
  return renderMarkdown(ORDER_MACHINE, {
    by: 'action',
    columns: [
      {
        header: 'refund_status',
        cell: (action) => String(ORDER_ACTIONS[action].refundStatus ?? ''),
      },
    ],
  });
}
