/**
 * The order state machine, as data. AnqiCMS numbers (the wire contract):
 * status -1 cancelled, 0 waiting for payment, 1 paid, 2 shipped, 3 finished, 8 refunding, 9 refunded;
 * refund_status -1 refund refused, 0 none or in progress, 1 refunded.
 *
 * ORDER_TRANSITIONS is the graph of allowed status changes; ORDER_ACTIONS names each change, says
 * who may make it from which status, and what it does to refund_status. The transition service,
 * `allowed_actions`, the Swagger descriptions, docs/orders.md and the tests all read these tables.
 */

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

/** Every allowed status change. Statuses with no way out are final. */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  [OrderStatus.Waiting]: [OrderStatus.Paid, OrderStatus.Cancelled],
  [OrderStatus.Paid]: [OrderStatus.Delivered, OrderStatus.Finished, OrderStatus.Refunding],
  [OrderStatus.Delivered]: [OrderStatus.Finished, OrderStatus.Refunding],
  // A refused refund puts the order back where it was (paid or shipped).
  [OrderStatus.Refunding]: [OrderStatus.Refunded, OrderStatus.Paid, OrderStatus.Delivered],
  [OrderStatus.Finished]: [],
  [OrderStatus.Cancelled]: [],
  [OrderStatus.Refunded]: [],
};

/** refund_status changes: a refused refund may be asked for again. */
export const REFUND_TRANSITIONS: Record<RefundStatus, readonly RefundStatus[]> = {
  [RefundStatus.None]: [RefundStatus.Refunded, RefundStatus.Refused],
  [RefundStatus.Refused]: [RefundStatus.None],
  [RefundStatus.Refunded]: [],
};

export const ACTOR_KINDS = ['customer', 'admin', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who changes an order: the buyer, a staff member, or the server itself (jobs, gateways). */
export interface OrderActor {
  kind: ActorKind;
  /** users.id for customers, admins.id for staff, 0 for the system. */
  id: number;
}

export const SYSTEM_ACTOR: OrderActor = Object.freeze({ kind: 'system', id: 0 });

export type OrderAction =
  | 'pay'
  | 'cancel'
  | 'close'
  | 'deliver'
  | 'finish'
  | 'apply_refund'
  | 'approve_refund'
  | 'reject_refund';

/** `to: 'previous'` = back to the status the order had before the refund was asked for. */
export type ActionTarget = OrderStatus | 'previous';

export interface OrderActionRule {
  to: ActionTarget;
  /** From which statuses each kind of actor may take this action (absent = never). */
  from: Partial<Record<ActorKind, readonly OrderStatus[]>>;
  /** The refund_status the action sets; undefined = unchanged. */
  refundStatus?: RefundStatus;
  /** One line for docs and Swagger. */
  description: string;
}

export const ORDER_ACTIONS: Record<OrderAction, OrderActionRule> = {
  pay: {
    to: OrderStatus.Paid,
    from: {
      customer: [OrderStatus.Waiting],
      admin: [OrderStatus.Waiting],
      system: [OrderStatus.Waiting],
    },
    description:
      'Payment received: balance payment by the buyer, offline payment confirmed by staff, or a gateway notification',
  },
  cancel: {
    to: OrderStatus.Cancelled,
    from: { customer: [OrderStatus.Waiting], admin: [OrderStatus.Waiting] },
    description: 'Cancelled before payment by the buyer or staff; stock and coupon are given back',
  },
  close: {
    to: OrderStatus.Cancelled,
    from: { system: [OrderStatus.Waiting] },
    description: 'Closed automatically when unpaid after ORDER_AUTO_CLOSE_MINUTES',
  },
  deliver: {
    to: OrderStatus.Delivered,
    from: { admin: [OrderStatus.Paid] },
    description:
      'Shipped by staff (express company, tracking number); sets the auto-finish deadline',
  },
  finish: {
    to: OrderStatus.Finished,
    from: {
      customer: [OrderStatus.Delivered],
      admin: [OrderStatus.Paid, OrderStatus.Delivered],
      system: [OrderStatus.Paid, OrderStatus.Delivered],
    },
    description:
      'Finished: seller income and commissions are credited, vip orders grant the group. ' +
      'Buyer once shipped; staff also for unshipped (virtual) orders; the server at end_time and for paid vip orders',
  },
  apply_refund: {
    to: OrderStatus.Refunding,
    from: {
      customer: [OrderStatus.Paid, OrderStatus.Delivered],
      admin: [OrderStatus.Paid, OrderStatus.Delivered],
    },
    refundStatus: RefundStatus.None,
    description: 'Refund asked for (paid or shipped orders); waits for staff',
  },
  approve_refund: {
    to: OrderStatus.Refunded,
    from: { admin: [OrderStatus.Refunding] },
    refundStatus: RefundStatus.Refunded,
    description:
      'Refund approved: balance payments are credited back, stock and coupon given back, commissions cancelled',
  },
  reject_refund: {
    to: 'previous',
    from: { admin: [OrderStatus.Refunding] },
    refundStatus: RefundStatus.Refused,
    description: 'Refund refused: the order returns to the status it had before',
  },
};

export const ORDER_ACTION_NAMES = Object.keys(ORDER_ACTIONS) as OrderAction[];

export function isOrderStatus(value: number): value is OrderStatus {
  return (ORDER_STATUSES as readonly number[]).includes(value);
}

export function statusName(status: number): string {
  return isOrderStatus(status) ? ORDER_STATUS_NAMES[status] : `unknown (${status})`;
}

export interface OrderStateSnapshot {
  status: OrderStatus;
  refundStatus: RefundStatus;
  /** The status before the current refund request (only while refunding). */
  statusBeforeRefund: OrderStatus | null;
}

export interface PlannedTransition {
  from: OrderStatus;
  to: OrderStatus;
  fromRefundStatus: RefundStatus;
  toRefundStatus: RefundStatus;
  statusBeforeRefund: OrderStatus | null;
}

/**
 * Decides what `action` by `actor` does to an order in `state`, or returns null when it is not
 * allowed. Pure: the transition service calls it under a row lock and writes the result.
 */
export function planTransition(
  state: OrderStateSnapshot,
  action: OrderAction,
  actor: ActorKind,
): PlannedTransition | null {
  const rule = ORDER_ACTIONS[action];
  if (!rule.from[actor]?.includes(state.status)) return null;
  const to = rule.to === 'previous' ? state.statusBeforeRefund : rule.to;
  if (to === null || !ORDER_TRANSITIONS[state.status].includes(to)) return null;
  const toRefundStatus = rule.refundStatus ?? state.refundStatus;
  if (
    toRefundStatus !== state.refundStatus &&
    !REFUND_TRANSITIONS[state.refundStatus].includes(toRefundStatus)
  )
    return null;
  return {
    from: state.status,
    to,
    fromRefundStatus: state.refundStatus,
    toRefundStatus,
    // Remember where a refund request came from; forget it once the request is decided.
    statusBeforeRefund: to === OrderStatus.Refunding ? state.status : null,
  };
}

/** The actions `actor` may take now (the `allowed_actions` of an order). */
export function allowedActions(state: OrderStateSnapshot, actor: ActorKind): OrderAction[] {
  return ORDER_ACTION_NAMES.filter((action) => planTransition(state, action, actor) !== null);
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
  const rows = ORDER_ACTION_NAMES.map((action) => {
    const rule = ORDER_ACTIONS[action];
    const who = (Object.keys(rule.from) as ActorKind[])
      .map(
        (actor) => `${actor}: ${rule.from[actor]!.map((s) => `${s} ${statusName(s)}`).join(', ')}`,
      )
      .join('; ');
    const to = rule.to === 'previous' ? 'previous status' : `${rule.to} ${statusName(rule.to)}`;
    const refund = rule.refundStatus === undefined ? '' : String(rule.refundStatus);
    return `| ${action} | ${who} | ${to} | ${refund} | ${rule.description} |`;
  });
  return [
    '| action | who: from status | to status | refund_status | effect |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
