import type { LogRow } from './services/event-log.reader.js';

/**
 * Server-Sent Events frames (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 * Everything a stream writes is built here; each event's frame is built once and shared by every
 * stream that carries it.
 */

/** Browsers wait this long before reconnecting after a stream ends or breaks. */
export const RETRY_MS = 3000;

/** The `data:` of an event: the thin row, snake_case, wire names (DomainEventDataDto). */
export interface DomainEventData {
  id: number;
  type: string;
  comm_order_id: number | null;
  order_id: string | null;
  message_id: number | null;
  status: number | null;
  actor: string;
  created_time: number;
}

export function eventData(row: LogRow): DomainEventData {
  return {
    id: Number(row.id),
    type: row.type,
    comm_order_id: row.commOrderId,
    order_id: row.orderId,
    message_id: row.messageId === null ? null : Number(row.messageId),
    status: row.status,
    actor: row.actor,
    created_time: row.createdTime,
  };
}

/** `id:`, `event:` and one `data:` line (JSON has no raw newlines), then the blank line. */
export function eventFrame(row: LogRow): string {
  return `id: ${row.id}\nevent: ${row.type}\ndata: ${JSON.stringify(eventData(row))}\n\n`;
}

/** The first bytes of every stream: how long to wait before reconnecting. */
export const OPENING_FRAME = `retry: ${RETRY_MS}\n\n`;

/** A comment: keeps proxies and idle timeouts from cutting a quiet stream. */
export const HEARTBEAT_FRAME = ': ping\n\n';

/**
 * The client's cursor is not in the log (older than what is kept, or never existed): refetch
 * over REST. `id` is where the stream goes on from, so the next reconnect does not reset again
 * (an empty `id:` when the log is empty clears the browser's last event id).
 */
export function resetFrame(headId: string | undefined): string {
  const data = JSON.stringify({
    reason:
      'The last event id is not in the event log (expired or unknown): refetch, then go on from here',
  });
  return `id: ${headId ?? ''}\nevent: reset\ndata: ${data}\n\n`;
}
