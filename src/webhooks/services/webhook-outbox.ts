import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { updateReturning } from '../../common/database/raw-sql.js';
import { HUB_STATEMENT } from '../../events/event-log.queries.js';
import { webhookBody, WebhookEventFields } from '../webhook-message.js';

/** How long a claim holds a delivery: well past the 15 s timeout, so only a crash outlives it. */
export const CLAIM_LEASE_SECONDS = 120;

/** A claimed delivery with what sending it needs (the secrets never leave the worker). */
export interface ClaimedDelivery {
  id: number;
  endpointId: number;
  eventId: string;
  body: string;
  /** This claim's try number: the record of its outcome applies only while it still matches. */
  tries: number;
  url: string;
  secrets: string[];
}

/** What one try ended with, as the worker records it. */
export interface TryOutcome {
  statusCode: number | null;
  durationMs: number;
  response: string;
  error: string;
  /** delivered; retry in `retryInSeconds`; or failed for good. */
  next:
    { status: 'delivered' } | { status: 'pending'; retryInSeconds: number } | { status: 'failed' };
}

/** Tries shown per delivery (the newest): replays can add more than the schedule's eight. */
export const ATTEMPTS_SHOWN = 20;

/** A delivery with its newest tries, as the attempts list reads it. */
export interface DeliveryRow {
  event_id: string;
  event_type: string;
  status: string;
  tries: number;
  next_try: number | null;
  delivered_time: number | null;
  created_time: number;
  attempts: {
    status_code: number | null;
    duration_ms: number;
    response: string;
    error: string;
    created_time: number;
  }[];
}

const asArrays = (events: readonly WebhookEventFields[]) => [
  events.map((e) => e.id),
  events.map((e) => e.type),
  events.map(webhookBody),
];

/**
 * Every statement on the deliveries outbox: queueing (consumer, replay), claiming and recording
 * (worker). Statements of the background work carry HUB_STATEMENT (no request's count).
 */
@Injectable()
export class WebhookOutbox {
  /**
   * Queues each event for every enabled endpoint subscribed to its type, once: the unique
   * (event, endpoint) key makes a second queueing of the same pair a no-op.
   */
  async queueForSubscribers(
    manager: EntityManager,
    events: readonly WebhookEventFields[],
  ): Promise<number> {
    if (!events.length) return 0;
    const rows = await manager.query<{ id: number }[]>(
      `${HUB_STATEMENT} INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, next_try_at)
       SELECT e.id, r.event_id, r.event_type, r.body, now()
         FROM unnest($1::bigint[], $2::varchar[], $3::text[]) AS r(event_id, event_type, body)
         JOIN webhook_endpoints e ON e.enabled AND e.events ? r.event_type
       ON CONFLICT (event_id, endpoint_id) DO NOTHING
       RETURNING id`,
      asArrays(events),
    );
    return rows.length;
  }

  /** Replay: queues the events for one endpoint again, due now, as if never tried. */
  async requeue(
    manager: EntityManager,
    endpointId: number,
    events: readonly WebhookEventFields[],
  ): Promise<number> {
    if (!events.length) return 0;
    const rows = await manager.query<{ id: number }[]>(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, next_try_at)
       SELECT $1, r.event_id, r.event_type, r.body, now()
         FROM unnest($2::bigint[], $3::varchar[], $4::text[]) AS r(event_id, event_type, body)
       ON CONFLICT (event_id, endpoint_id) DO UPDATE
         SET status = 'pending', tries = 0, next_try_at = now(), locked_until = NULL, delivered_time = NULL
       RETURNING id`,
      [endpointId, ...asArrays(events)],
    );
    return rows.length;
  }

  /** Replay of an event the log no longer holds: its delivery row still has the body. */
  async requeueDelivery(
    manager: EntityManager,
    endpointId: number,
    eventId: number,
  ): Promise<number> {
    const rows = await updateReturning<{ id: number }>(
      manager,
      `UPDATE webhook_deliveries
          SET status = 'pending', tries = 0, next_try_at = now(), locked_until = NULL, delivered_time = NULL
        WHERE endpoint_id = $1 AND event_id = $2
        RETURNING id`,
      [endpointId, eventId],
    );
    return rows.length;
  }

  /**
   * Claims up to `limit` due deliveries of enabled endpoints in one statement (its own short
   * transaction): `SKIP LOCKED` lets instances claim side by side without waiting or sharing a
   * row, and the lease (`locked_until`) makes the claim of a crashed instance due again.
   */
  async claimDue(manager: EntityManager, limit: number): Promise<ClaimedDelivery[]> {
    const rows = await updateReturning<{
      id: number;
      endpoint_id: number;
      event_id: string;
      body: string;
      tries: number;
      url: string;
      secret: string;
      previous_secret: string | null;
    }>(
      manager,
      `${HUB_STATEMENT} UPDATE webhook_deliveries d
          SET tries = d.tries + 1, locked_until = now() + make_interval(secs => $2)
         FROM (SELECT d2.id FROM webhook_deliveries d2
                 JOIN webhook_endpoints e2 ON e2.id = d2.endpoint_id AND e2.enabled
                WHERE d2.status = 'pending' AND d2.next_try_at <= now()
                  AND (d2.locked_until IS NULL OR d2.locked_until <= now())
                ORDER BY d2.next_try_at
                LIMIT $1
                  FOR UPDATE OF d2 SKIP LOCKED) due,
              webhook_endpoints e
        WHERE d.id = due.id AND e.id = d.endpoint_id
        RETURNING d.id, d.endpoint_id, d.event_id::text AS event_id, d.body, d.tries, e.url, e.secret,
                  CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret`,
      [limit, CLAIM_LEASE_SECONDS],
    );
    return rows.map((r) => ({
      id: r.id,
      endpointId: r.endpoint_id,
      eventId: r.event_id,
      body: r.body,
      tries: r.tries,
      url: r.url,
      secrets: r.previous_secret ? [r.secret, r.previous_secret] : [r.secret],
    }));
  }

  /**
   * A page of an endpoint's deliveries, newest first, each with its newest tries, and the total:
   * one statement whatever the page size (a page past the end costs a count).
   */
  async deliveryPage(
    manager: EntityManager,
    endpointId: number,
    eventId: number | undefined,
    window: { limit: number; offset: number },
  ): Promise<{ rows: DeliveryRow[]; total: number }> {
    const where = `endpoint_id = $1 AND ($2::bigint IS NULL OR event_id = $2::bigint)`;
    const rows = await manager.query<(DeliveryRow & { page_total: string })[]>(
      `SELECT d.event_id::text AS event_id, d.event_type, d.status, d.tries,
              floor(extract(epoch FROM d.next_try_at))::int AS next_try,
              floor(extract(epoch FROM d.delivered_time))::int AS delivered_time,
              floor(extract(epoch FROM d.created_time))::int AS created_time,
              coalesce((SELECT json_agg(a ORDER BY a.id DESC) FROM (
                SELECT id, status_code, duration_ms, response, error,
                       floor(extract(epoch FROM created_time))::int AS created_time
                  FROM webhook_attempts WHERE delivery_id = d.id
                 ORDER BY id DESC LIMIT $5) a), '[]') AS attempts,
              count(*) OVER () AS page_total
         FROM webhook_deliveries d
        WHERE ${where}
        ORDER BY d.id DESC
        LIMIT $3 OFFSET $4`,
      [endpointId, eventId ?? null, window.limit, window.offset, ATTEMPTS_SHOWN],
    );
    if (rows.length) return { rows, total: Number(rows[0].page_total) };
    if (window.offset === 0) return { rows: [], total: 0 };
    const [{ total }] = await manager.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM webhook_deliveries WHERE ${where}`,
      [endpointId, eventId ?? null],
    );
    return { rows: [], total };
  }

  /** The secrets that sign now: the current one, and the previous one within its 24 h. */
  async signingSecrets(manager: EntityManager, endpointId: number): Promise<string[]> {
    const [row] = await manager.query<{ secret: string; previous_secret: string | null }[]>(
      `SELECT secret, CASE WHEN previous_secret_expires_at > now() THEN previous_secret END AS previous_secret
         FROM webhook_endpoints WHERE id = $1`,
      [endpointId],
    );
    if (!row) return [];
    return row.previous_secret ? [row.secret, row.previous_secret] : [row.secret];
  }

  /**
   * Records a try and the delivery's next state. The state changes only if the claim is still
   * this one (a replay meanwhile reset `tries`: the replay wins); the try is recorded either way.
   */
  async recordTry(
    manager: EntityManager,
    delivery: ClaimedDelivery,
    outcome: TryOutcome,
  ): Promise<void> {
    await manager.query(
      `${HUB_STATEMENT} INSERT INTO webhook_attempts (delivery_id, status_code, duration_ms, response, error)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        delivery.id,
        outcome.statusCode,
        outcome.durationMs,
        outcome.response,
        outcome.error.slice(0, 500),
      ],
    );
    const next = outcome.next;
    await manager.query(
      `${HUB_STATEMENT} UPDATE webhook_deliveries
          SET status = $3::varchar, locked_until = NULL,
              next_try_at = CASE WHEN $3::varchar = 'pending' THEN now() + make_interval(secs => $4) END,
              delivered_time = CASE WHEN $3::varchar = 'delivered' THEN now() END
        WHERE id = $1 AND tries = $2 AND status = 'pending'`,
      [
        delivery.id,
        delivery.tries,
        next.status,
        next.status === 'pending' ? next.retryInSeconds : 0,
      ],
    );
  }

  /**
   * Keeps the endpoint's failing streak: a success ends it; a failure starts it if none is
   * running. Answers whether the streak has lasted `disableAfterSeconds`.
   */
  async markEndpoint(
    manager: EntityManager,
    endpointId: number,
    succeeded: boolean,
    disableAfterSeconds: number,
  ): Promise<{ failingTooLong: boolean }> {
    if (succeeded) {
      await manager.query(
        `${HUB_STATEMENT} UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
        [endpointId],
      );
      return { failingTooLong: false };
    }
    const [row] = await updateReturning<{ too_long: boolean }>(
      manager,
      `${HUB_STATEMENT} UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now())
        WHERE id = $1
        RETURNING failing_since <= now() - make_interval(secs => $2) AS too_long`,
      [endpointId, disableAfterSeconds],
    );
    return { failingTooLong: row?.too_long ?? false };
  }
}
