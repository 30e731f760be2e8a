import { toUnixSeconds } from '../common/database/column-types.js';
import { Order } from './entities/order.entity.js';
import { statusName } from './order-status.js';

export const CSV_COLUMNS: [string, (order: Order, buyer: string) => string | number][] = [
  ['order_id', (o) => o.orderId],
  ['created_time', (o) => new Date(o.createdTime).toISOString()],
  ['user_id', (o) => o.userId],
  ['user_name', (_o, buyer) => buyer],
  ['type', (o) => o.type],
  ['status', (o) => o.status],
  ['status_name', (o) => statusName(o.status)],
  ['refund_status', (o) => o.refundStatus],
  ['origin_amount_fen', (o) => o.originAmount],
  ['discount_amount_fen', (o) => o.discountAmount],
  ['amount_fen', (o) => o.amount],
  ['payment_id', (o) => o.paymentId],
  ['paid_time', (o) => toUnixSeconds(o.paidTime)],
  ['seller_id', (o) => o.sellerId],
  ['seller_amount_fen', (o) => o.sellerAmount],
  ['share_user_id', (o) => o.shareUserId],
  ['share_amount_fen', (o) => o.shareAmount],
  ['share_parent_user_id', (o) => o.shareParentUserId],
  ['share_parent_amount_fen', (o) => o.shareParentAmount],
  ['express_company', (o) => o.expressCompany],
  ['tracking_number', (o) => o.trackingNumber],
  ['recipient', (o) => (o.address ? `${o.address.name} ${o.address.phone}` : '')],
  [
    'address',
    (o) =>
      o.address
        ? [o.address.province, o.address.city, o.address.country, o.address.address_info]
            .filter(Boolean)
            .join(' ')
        : '',
  ],
  ['remark', (o) => o.remark],
];

/** Text that starts like a spreadsheet formula gets a leading quote (user-typed remarks, addresses). */
function defused(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A CSV cell: defused, and quoted when needed. */
export function csvCell(value: string | number): string {
  const text = String(defused(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/**
 * A cell of the staff panel's export table: defused, and HTML-escaped because the AnqiCMS panel
 * writes each cell unescaped into an HTML table that spreadsheet programs open.
 */
export function tableCell(value: string | number): string | number {
  const cell = defused(value);
  return typeof cell === 'string' ? cell.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]) : cell;
}

export function tableHeader(): string[] {
  return CSV_COLUMNS.map(([name]) => name);
}

export function tableRow(order: Order, buyerName: string): (string | number)[] {
  return CSV_COLUMNS.map(([, cell]) => tableCell(cell(order, buyerName)));
}

/** The header line, after a BOM so spreadsheet programs read the UTF-8 (names, addresses). */
export function csvHeader(): string {
  return '\uFEFF' + CSV_COLUMNS.map(([name]) => name).join(',') + '\r\n';
}

export function csvRow(order: Order, buyerName: string): string {
  return CSV_COLUMNS.map(([, cell]) => csvCell(cell(order, buyerName))).join(',') + '\r\n';
}
