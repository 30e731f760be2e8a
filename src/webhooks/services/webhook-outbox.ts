import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { updateReturning } from '../../common/database/raw-sql.js';
import { WebhookQueries } from '../webhook.queries.js';
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
 * Every use of the deliveries outbox: queueing (consumer, replay), claiming and recording
 * (worker). The statements are WebhookQueries'; those of the background work carry
 * HUB_STATEMENT (no request's count).
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
      WebhookQueries.queueForSubscribers,
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
    const rows = await manager.query<{ id: number }[]>(WebhookQueries.requeue, [
      endpointId,
      ...asArrays(events),
    ]);
    return rows.length;
  }

  /** Replay of an event the log no longer holds: its delivery row still has the body. */
  async requeueDelivery(
    manager: EntityManager,
    endpointId: number,
    eventId: number,
  ): Promise<number> {
    const rows = await updateReturning<{ id: number }>(manager, WebhookQueries.requeueDelivery, [
      endpointId,
      eventId,
    ]);
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
    }>(manager, WebhookQueries.claimDue, [limit, CLAIM_LEASE_SECONDS]);
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
    const rows = await manager.query<(DeliveryRow & { page_total: string })[]>(
      WebhookQueries.deliveryPage,
      [endpointId, eventId ?? null, window.limit, window.offset, ATTEMPTS_SHOWN],
    );
    if (rows.length) return { rows, total: Number(rows[0].page_total) };
    if (window.offset === 0) return { rows: [], total: 0 };
    const [{ total }] = await manager.query<{ total: number }[]>(WebhookQueries.deliveryCount, [
      endpointId,
      eventId ?? null,
    ]);
    return { rows: [], total };
  }

  /** The secrets that sign now: the current one, and the previous one within its 24 h. */
  async signingSecrets(manager: EntityManager, endpointId: number): Promise<string[]> {
    const [row] = await manager.query<{ secret: string; previous_secret: string | null }[]>(
      WebhookQueries.signingSecrets,
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
    await manager.query(WebhookQueries.insertAttempt, [
      delivery.id,
      outcome.statusCode,
      outcome.durationMs,
      outcome.response,
      outcome.error.slice(0, 500),
    ]);
    const next = outcome.next;
    await manager.query(WebhookQueries.settleDelivery, [
      delivery.id,
      delivery.tries,
      next.status,
      next.status === 'pending' ? next.retryInSeconds : 0,
    ]);
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
      await manager.query(WebhookQueries.endpointSucceeded, [endpointId]);
      return { failingTooLong: false };
    }
    const [row] = await updateReturning<{ too_long: boolean }>(
      manager,
      WebhookQueries.endpointFailed,
      [endpointId, disableAfterSeconds],
    );
    return { failingTooLong: row?.too_long ?? false };
  }
}
