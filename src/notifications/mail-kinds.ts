/**
 * What mail goes to whom: the one table the consumer (which events queue which mails), the
 * settings (send_type codes, customer switches), the preferences API and docs/notifications.md
 * read.
 */
import type { EventType } from '../events/event-catalogue.js';

/** What a customer can switch off, each on its own (`/api/user/notifications`, unsubscribe). */
export const CUSTOMER_CATEGORIES = ['reply', 'quote', 'shipped', 'refund'] as const;
export type CustomerCategory = (typeof CUSTOMER_CATEGORIES)[number];

export const CUSTOMER_CATEGORY_DESCRIPTIONS: Record<CustomerCategory, string> = {
  reply: 'Staff replied in a request thread (one mail per thread per batch window)',
  quote: 'A quote arrived (with its price and expiry)',
  shipped: 'An order was shipped (with its tracking number)',
  refund: 'A refund was approved, refused, or the money went back',
};

/**
 * AnqiCMS's `send_type` codes (1 guestbook, 2 daily report, 3 new order, 4 paid order) and the
 * codes added here. 1 and 2 are accepted and kept for the staff panel, and mean nothing here.
 */
export const SEND_TYPES = {
  guestbook: 1,
  daily: 2,
  orderCreated: 3,
  orderPaid: 4,
  requestCreated: 5,
  customerMessage: 6,
  refundRequested: 7,
} as const;
export const SEND_TYPE_CODES: readonly number[] = Object.values(SEND_TYPES);
/** What staff receive before they choose: everything this backend sends staff. */
export const DEFAULT_SEND_TYPES: readonly number[] = [3, 4, 5, 6, 7];

export const SEND_TYPE_DESCRIPTIONS: Record<number, string> = {
  1: 'Guestbook message (AnqiCMS; nothing here sends it)',
  2: 'Daily report (AnqiCMS; nothing here sends it)',
  3: 'New shop order',
  4: 'Order paid',
  5: 'New customization request',
  6: 'Customer message in a request thread (batched)',
  7: 'Refund requested',
};

export type MailAudience = 'customer' | 'staff';
export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

interface MailKindSpec {
  audience: MailAudience;
  /** Customer kinds: the category that switches it off. */
  category?: CustomerCategory;
  /** Staff kinds: the send_type code that switches it on. */
  sendType?: number;
  /** Batched: one mail per (thread, recipient, MAIL_BATCH_SECONDS window). */
  batched?: true;
}

export const MAIL_KINDS = {
  staff_replied: { audience: 'customer', category: 'reply', batched: true },
  quote_sent: { audience: 'customer', category: 'quote' },
  order_shipped: { audience: 'customer', category: 'shipped' },
  refund_approved: { audience: 'customer', category: 'refund' },
  refund_refused: { audience: 'customer', category: 'refund' },
  refunded: { audience: 'customer', category: 'refund' },
  request_created: { audience: 'staff', sendType: SEND_TYPES.requestCreated },
  customer_message: { audience: 'staff', sendType: SEND_TYPES.customerMessage, batched: true },
  order_created: { audience: 'staff', sendType: SEND_TYPES.orderCreated },
  order_paid: { audience: 'staff', sendType: SEND_TYPES.orderPaid },
  refund_requested: { audience: 'staff', sendType: SEND_TYPES.refundRequested },
  /** Queued by another module through StaffNotices (subject and text given). */
  staff_notice: { audience: 'staff' },
} as const satisfies Record<string, MailKindSpec>;

export type MailKind = keyof typeof MAIL_KINDS;
export const mailKindSpec = (kind: MailKind): MailKindSpec => MAIL_KINDS[kind];

/**
 * The mail an event queues, if any. A thread message goes to the other side: a staff message to
 * the customer, a customer message to staff (system messages to nobody).
 */
export function mailKindOf(type: EventType, actor: string): MailKind | undefined {
  switch (type) {
    case 'comm.order.created':
      return 'request_created';
    case 'comm.message.created':
      if (actor === 'staff') return 'staff_replied';
      return actor === 'customer' ? 'customer_message' : undefined;
    case 'comm.quote.sent':
      return 'quote_sent';
    case 'order.created':
      return 'order_created';
    case 'order.paid':
      return 'order_paid';
    case 'order.shipped':
      return 'order_shipped';
    case 'order.refund_requested':
      return 'refund_requested';
    case 'order.refund_approved':
      return 'refund_approved';
    case 'order.refund_refused':
      return 'refund_refused';
    case 'payment.refunded':
      return 'refunded';
    default:
      return undefined;
  }
}

/** The batch a message falls in: whole windows since the epoch, the same on every instance. */
export function batchWindow(unixSeconds: number, batchSeconds: number): number {
  return Math.floor(unixSeconds / batchSeconds);
}

/** When a batch's mail leaves: the end of its window. */
export function batchDueTime(window: number, batchSeconds: number): Date {
  return new Date((window + 1) * batchSeconds * 1000);
}
