/**
 * The event catalogue: every type the event log (domain_events) may hold, what it is about, who
 * sees it, and which state-machine action writes it. The writers, the stream filters, Swagger,
 * docs/events.md (a unit test keeps it equal) and the isolation tests all read this one table.
 *
 * One event per change: a change that is several things at once (the first staff reply is a
 * message and the move to "in communication") writes one event whose type names the most
 * specific of them, and every event carries the status after the change.
 */
import type { ActorRole } from '../common/state-machine/actor.js';
import { roleMay, STAFF_ROLES } from '../common/auth/staff-roles.js';
import type { StaffPermissionName, StaffRole } from '../common/auth/staff-roles.js';
import type { CommTransitionAction } from '../communication/comm-order-status.js';
import type { OrderAction } from '../orders/order-status.js';
import type { PaymentAction } from '../payments/payment-status.js';

/** What an event is about: a request (comm_order_id), a shop order (order_id), its payment. */
export type EventSubject = 'comm_order' | 'order' | 'payment';

export interface EventTypeSpec {
  subject: EventSubject;
  description: string;
  /** Staff see the event when their role has any of these permissions (owner: always). */
  staff: readonly StaffPermissionName[];
  /** Whether the owning customer sees it on their own stream. */
  customer: boolean;
  /**
   * `message_id` is set: the message the event is about, the thread message that announced the
   * status change, or (thread read) the last message read.
   */
  message?: true;
}

const REQUESTS: readonly StaffPermissionName[] = ['requests.read'];
/** Orders move through fulfilment; money through finance. */
const ORDERS: readonly StaffPermissionName[] = ['orders.fulfil'];
const MONEY: readonly StaffPermissionName[] = ['orders.refund'];
const ORDERS_AND_MONEY: readonly StaffPermissionName[] = ['orders.fulfil', 'orders.refund'];

export const EVENT_TYPES = {
  'comm.order.created': {
    subject: 'comm_order',
    description: 'A customer opened a customization request',
    staff: REQUESTS,
    customer: true,
  },
  'comm.order.updated': {
    subject: 'comm_order',
    description:
      'The request changed without a status change: the customer edited it, or staff set its images',
    staff: REQUESTS,
    customer: true,
  },
  'comm.order.cancelled': {
    subject: 'comm_order',
    description: 'The request was cancelled by the customer or staff',
    staff: REQUESTS,
    customer: true,
    message: true,
  },
  'comm.message.created': {
    subject: 'comm_order',
    description:
      'A message in the thread, from either side (the first staff reply also moves a pending request to in communication)',
    staff: REQUESTS,
    customer: true,
    message: true,
  },
  'comm.thread.read': {
    subject: 'comm_order',
    description:
      'One side read the thread up to message_id (written only when the read marker moves)',
    staff: REQUESTS,
    customer: true,
    message: true,
  },
  'comm.quote.sent': {
    subject: 'comm_order',
    description: 'Staff sent a quote (a new version supersedes the one before)',
    staff: REQUESTS,
    customer: true,
    message: true,
  },
  'comm.quote.expired': {
    subject: 'comm_order',
    description:
      'The quote passed its valid_until unanswered; the request is back in communication',
    staff: REQUESTS,
    customer: true,
    message: true,
  },
  'comm.quote.accepted': {
    subject: 'comm_order',
    description: 'The customer accepted the quote; order_id names the shop order it created',
    staff: REQUESTS,
    customer: true,
    message: true,
  },
  'comm.quote.rejected': {
    subject: 'comm_order',
    description: 'The customer rejected the quote; staff may quote again',
    staff: REQUESTS,
    customer: true,
    message: true,
  },
  'order.created': {
    subject: 'order',
    description:
      'A shop order was placed (directly, or by accepting a quote: comm_order_id is then set)',
    staff: ORDERS,
    customer: true,
  },
  'order.paid': {
    subject: 'order',
    description: 'The order was paid: balance, offline confirmed by staff, or a gateway',
    staff: ORDERS_AND_MONEY,
    customer: true,
  },
  'order.shipped': {
    subject: 'order',
    description: 'Staff shipped the order',
    staff: ORDERS,
    customer: true,
  },
  'order.finished': {
    subject: 'order',
    description: 'The order finished (buyer, staff or the auto-finish job)',
    staff: ORDERS_AND_MONEY,
    customer: true,
  },
  'order.cancelled': {
    subject: 'order',
    description: 'The buyer or staff cancelled the unpaid order',
    staff: ORDERS_AND_MONEY,
    customer: true,
  },
  'order.closed': {
    subject: 'order',
    description: 'The unpaid order was closed by the auto-close job',
    staff: ORDERS_AND_MONEY,
    customer: true,
  },
  'order.refund_requested': {
    subject: 'order',
    description:
      'A refund was asked for (the whole order, or all or a part of a finished one: after-sales); it waits for finance',
    staff: ORDERS_AND_MONEY,
    customer: true,
  },
  'order.refund_approved': {
    subject: 'order',
    description:
      'Staff approved the refund: the order is refunded, or back to finished (status 3) when a part of a finished order was refunded (a balance payment at once; a gateway payment is sent back by the refund job, see payment.refunded)',
    staff: ORDERS_AND_MONEY,
    customer: true,
  },
  'order.refund_refused': {
    subject: 'order',
    description: 'Staff refused the refund; the order is back in the status it had before',
    staff: ORDERS_AND_MONEY,
    customer: true,
  },
  'payment.cancelled': {
    subject: 'payment',
    description:
      'A pending payment was cancelled: the buyer chose another way of paying, or the order was cancelled, closed or paid another way (a gateway payment is also closed at its gateway)',
    staff: MONEY,
    customer: true,
  },
  'payment.refund_recorded': {
    subject: 'payment',
    description:
      "The payment is recorded as refunded: the order's refund was approved, or the after-sales refunds of a finished order reached its whole amount (a balance payment's money is back at once; a gateway payment's follows, see payment.refunded)",
    staff: MONEY,
    customer: true,
  },
  'payment.late_received': {
    subject: 'payment',
    description:
      'A gateway reported money for an order that no longer waited for it: the payment is recorded, and a late-payment gateway refund sends the money back (payment.refunded when it has)',
    staff: MONEY,
    customer: true,
  },
  'payment.refunded': {
    subject: 'payment',
    description:
      'A gateway confirmed that the money of a refund (or of a late payment) went back, or staff recorded a failed one as refunded by hand',
    staff: MONEY,
    customer: true,
  },
  'payment.failed': {
    subject: 'payment',
    description:
      'A gateway refused a refund for good: the money did not go back and staff must act',
    staff: MONEY,
    customer: false,
  },
} as const satisfies Record<string, EventTypeSpec>;

export type EventType = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

/** The event each request status change writes (the compiler makes a new action name its event). */
export const COMM_TRANSITION_EVENTS: Record<CommTransitionAction, EventType> = {
  reply: 'comm.message.created',
  quote: 'comm.quote.sent',
  accept: 'comm.quote.accepted',
  reject: 'comm.quote.rejected',
  cancel: 'comm.order.cancelled',
  expire: 'comm.quote.expired',
};

/** The event each shop order status change writes. */
export const ORDER_TRANSITION_EVENTS: Record<OrderAction, EventType> = {
  pay: 'order.paid',
  cancel: 'order.cancelled',
  close: 'order.closed',
  deliver: 'order.shipped',
  finish: 'order.finished',
  apply_refund: 'order.refund_requested',
  approve_refund: 'order.refund_approved',
  reject_refund: 'order.refund_refused',
};

/**
 * The event each payment status change writes; `pay` writes none of its own: the order's `pay`
 * transition in the same transaction writes `order.paid`.
 */
export const PAYMENT_TRANSITION_EVENTS: Record<PaymentAction, EventType | null> = {
  pay: null,
  cancel: 'payment.cancelled',
  refund: 'payment.refund_recorded',
  refund_late: 'payment.late_received',
};

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, value);
}

/** May a staff member with `mayUse(permission)` see events of `type`? (owner: every type). */
export function staffSees(type: EventType, mayUse: (p: StaffPermissionName) => boolean): boolean {
  return EVENT_TYPES[type].staff.some(mayUse);
}

/** The types a viewer's stream carries. */
export function typesVisibleTo(
  viewer: { role: Exclude<ActorRole, 'system'> },
  mayUse: (p: StaffPermissionName) => boolean,
): EventType[] {
  return EVENT_TYPE_NAMES.filter((type) =>
    viewer.role === 'customer' ? EVENT_TYPES[type].customer : staffSees(type, mayUse),
  );
}

/** The staff roles whose streams carry `type` (from the same permission table as the guard). */
export function staffRolesSeeing(type: EventType): StaffRole[] {
  return STAFF_ROLES.filter((role) => staffSees(type, (p) => roleMay(role, p)));
}

/** The ids an event of `type` names besides `user_id` (always set: the owning customer). */
export function eventIds(type: EventType): string[] {
  const spec: EventTypeSpec = EVENT_TYPES[type];
  const ids = spec.subject === 'comm_order' ? ['comm_order_id'] : ['order_id', '(comm_order_id)'];
  if (type === 'comm.quote.accepted') ids.push('order_id');
  if (spec.message) ids.push('message_id');
  return ids;
}

const SUBJECT_NAMES: Record<EventSubject, string> = {
  comm_order: 'request',
  order: 'order',
  payment: 'payment',
};

/**
 * The catalogue as Markdown: one row per type, the ids it names, and who sees it (the owning
 * customer, and each staff role by the permission table). docs/events.md holds it; a unit test
 * keeps them equal.
 */
export function renderEventCatalogue(): string {
  const header = `| Type | About | What happened | Ids | customer | ${STAFF_ROLES.join(' | ')} |`;
  const rule = `|---|---|---|---|:-:|${STAFF_ROLES.map(() => ':-:').join('|')}|`;
  const rows = EVENT_TYPE_NAMES.map((type) => {
    const spec: EventTypeSpec = EVENT_TYPES[type];
    const seeing = staffRolesSeeing(type);
    const ids = eventIds(type)
      .map((id) => `\`${id}\``)
      .join(', ');
    const roles = STAFF_ROLES.map((role) => (seeing.includes(role) ? '✓' : '')).join(' | ');
    return `| \`${type}\` | ${SUBJECT_NAMES[spec.subject]} | ${spec.description} | ${ids} | ${spec.customer ? '✓' : ''} | ${roles} |`;
  });
  return [header, rule, ...rows].join('\n');
}
