import { defineQueries } from '../common/database/query-object.js';
import { HUB_STATEMENT } from '../events/event-log.queries.js';

/** An endpoint's deliveries, optionally one event's ($1 = endpoint id, $2 = event id or NULL). */
const DELIVERY_FILTER = `endpoint_id = $1 AND ($2::bigint IS NULL OR event_id = $2::bigint)`;

/**
 * Outgoing webhooks: the deliveries outbox (queueing, claiming, recording) and the endpoint rows
 * the admin service changes in SQL. Statements of the background work carry HUB_STATEMENT.
 */
export const WebhookQueries = defineQueries(
  'webhooks.webhook',
  {
    /** $1 = event ids, $2 = their types, $3 = their bodies: once per subscribed enabled endpoint. */
    queueForSubscribers: `${HUB_STATEMENT} INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, next_try_at)
       SELECT e.id, r.event_id, r.event_type, r.body, now()
         FROM unnest($1::bigint[], $2::varchar[], $3::text[]) AS r(event_id, event_type, body)
         JOIN webhook_endpoints e ON e.enabled AND e.events ? r.event_type
       ON CONFLICT (event_id, endpoint_id) DO NOTHING
       RETURNING id`,
    /** $1 = endpoint id, $2 = event ids, $3 = types, $4 = bodies: due now, as if never tried. */
    requeue: `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body, next_try_at)
       SELECT $1, r.event_id, r.event_type, r.body, now()
         FROM unnest($2::bigint[], $3::varchar[], $4::text[]) AS r(event_id, event_type, body)
       ON CONFLICT (event_id, endpoint_id) DO UPDATE
         SET status = 'pending', tries = 0, next_try_at = now(), locked_until = NULL, delivered_time = NULL
       RETURNING id`,
    /** $1 = endpoint id, $2 = event id: a delivery whose event the log no longer holds. */
    requeueDelivery: `UPDATE webhook_deliveries
          SET status = 'pending', tries = 0, next_try_at = now(), locked_until = NULL, delivered_time = NULL
        WHERE endpoint_id = $1 AND event_id = $2
        RETURNING id`,
    /** $1 = limit, $2 = lease seconds: claims due deliveries (SKIP LOCKED), with what sending needs. */
    claimDue: `${HUB_STATEMENT} UPDATE webhook_deliveries d
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
    /** $1 = endpoint id, $2 = event id or NULL, $3 = limit, $4 = offset, $5 = tries shown per delivery. */
    deliveryPage: `SELECT d.event_id::text AS event_id, d.event_type, d.status, d.tries,
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
        WHERE ${DELIVERY_FILTER}
        ORDER BY d.id DESC
        LIMIT $3 OFFSET $4`,
    /** $1 = endpoint id, $2 = event id or NULL: the total when a page is past the end. */
    deliveryCount: `SELECT count(*)::int AS total FROM webhook_deliveries WHERE ${DELIVERY_FILTER}`,
    /** $1 = endpoint id: the current secret, and the previous one within its 24 h. */
    signingSecrets: `SELECT secret, CASE WHEN previous_secret_expires_at > now() THEN previous_secret END AS previous_secret
         FROM webhook_endpoints WHERE id = $1`,
    /** $1 = delivery id, $2 = status code, $3 = duration ms, $4 = response, $5 = error. */
    insertAttempt: `${HUB_STATEMENT} INSERT INTO webhook_attempts (delivery_id, status_code, duration_ms, response, error)
       VALUES ($1, $2, $3, $4, $5)`,
    /** $1 = delivery id, $2 = the claim's try number, $3 = next status, $4 = retry in seconds: only while the claim is still this one. */
    settleDelivery: `${HUB_STATEMENT} UPDATE webhook_deliveries
          SET status = $3::varchar, locked_until = NULL,
              next_try_at = CASE WHEN $3::varchar = 'pending' THEN now() + make_interval(secs => $4) END,
              delivered_time = CASE WHEN $3::varchar = 'delivered' THEN now() END
        WHERE id = $1 AND tries = $2 AND status = 'pending'`,
    /** $1 = endpoint id: a success ends the failing streak. */
    endpointSucceeded: `${HUB_STATEMENT} UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
    /** $1 = endpoint id, $2 = seconds: starts the streak if none runs; whether it lasted that long. */
    endpointFailed: `${HUB_STATEMENT} UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, now())
        WHERE id = $1
        RETURNING failing_since <= now() - make_interval(secs => $2) AS too_long`,
    /** $1 = endpoint id (its deliveries and tries go with it); its url. */
    deleteEndpoint: 'DELETE FROM webhook_endpoints WHERE id = $1 RETURNING url',
    /** $1 = endpoint id, $2 = new secret, $3 = seconds the previous one still signs. */
    rotateSecret: `UPDATE webhook_endpoints
            SET previous_secret = secret, secret = $2, updated_time = now(),
                previous_secret_expires_at = now() + make_interval(secs => $3)
          WHERE id = $1
          RETURNING id`,
    /** $1 = endpoint id, $2 = reason: only an enabled one (each disabling once). */
    disableEndpoint: `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_time = now()
        WHERE id = $1 AND enabled
        RETURNING id, url, (extract(epoch FROM now()) * 1000)::bigint::text AS disabled_at`,
  },
  {},
);
