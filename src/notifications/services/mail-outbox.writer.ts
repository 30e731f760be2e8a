import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { MailAudience, MailKind } from '../mail-kinds.js';
import { MailQueries } from '../mail.queries.js';

/** One outbox row to insert (its content is rendered when it is sent). */
export interface OutboxEntry {
  dedupeKey: string;
  kind: MailKind;
  audience: MailAudience;
  userId?: number;
  address?: string;
  commOrderId?: number | null;
  orderId?: string | null;
  messageId?: number | null;
  eventId?: string | null;
  subject?: string;
  body?: string;
  dueTime?: Date;
}

/** Keys longer than the column (long addresses) keep their start and end in a hash. */
export function dedupeKey(...parts: (string | number)[]): string {
  const key = parts.join(':');
  if (key.length <= 200) return key;
  return `${parts[0]}:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * Inserts outbox rows in the caller's transaction, in one statement; a row whose key exists is
 * left alone (the same event handled twice, or a message joining its thread's open batch).
 * Answers how many were new and whether one of them is due now (the worker is woken then).
 * `marker`: HUB_STATEMENT when the event consumer (background work) inserts.
 */
export async function insertOutbox(
  manager: EntityManager,
  entries: readonly OutboxEntry[],
  marker = '',
): Promise<{ inserted: number; dueNow: boolean }> {
  if (!entries.length) return { inserted: 0, dueNow: false };
  const rows = await manager.query<{ due_now: boolean }[]>(MailQueries.insertOutbox(marker), [
    JSON.stringify(
      entries.map((e) => ({
        dedupe_key: e.dedupeKey,
        kind: e.kind,
        audience: e.audience,
        user_id: e.userId ?? 0,
        address: e.address ?? '',
        comm_order_id: e.commOrderId ?? null,
        order_id: e.orderId ?? null,
        message_id: e.messageId ?? null,
        event_id: e.eventId ?? null,
        subject: (e.subject ?? '').slice(0, 300),
        body: e.body ?? '',
        due_time: e.dueTime?.toISOString() ?? null,
      })),
    ),
  ]);
  return { inserted: rows.length, dueNow: rows.some((row) => row.due_now) };
}
