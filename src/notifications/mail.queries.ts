import { defineQueries } from '../common/database/query-object.js';
import { HUB_STATEMENT } from '../events/event-log.queries.js';

/** A result is recorded only while the claim is still this one ($1 = id, $2 = its attempt). */
const CLAIM_GUARD = `WHERE id = $1 AND status = 'sending' AND attempts = $2`;

/** Mail: the outbox (queueing, claiming, recording), the log, the settings row, preferences. */
export const MailQueries = defineQueries(
  'notifications.mail',
  {
    /** $1 = limit, $2 = offset: the mail log page (skipped rows are not mails), its total on every row. */
    log: `SELECT id::text AS id, floor(extract(epoch FROM created_time))::int AS created_time,
              subject, status, address, kind, attempts, last_error,
              coalesce(floor(extract(epoch FROM sent_time))::int, 0) AS sent_time,
              (SELECT count(*)::int FROM mail_outbox WHERE status <> 'skipped') AS total
         FROM mail_outbox
        WHERE status <> 'skipped'
        ORDER BY id DESC
        LIMIT $1 OFFSET $2`,
    /** $1 = the entries (jsonb): new keys only; whether one is due now. `marker`: HUB_STATEMENT for the consumer. */
    insertOutbox: (marker: string): string =>
      `${marker} INSERT INTO mail_outbox (dedupe_key, kind, audience, user_id, address, comm_order_id,
            order_id, message_id, event_id, subject, body, due_time)
     SELECT e.dedupe_key, e.kind, e.audience, e.user_id, e.address, e.comm_order_id,
            e.order_id, e.message_id, e.event_id, e.subject, e.body, coalesce(e.due_time, now())
       FROM jsonb_to_recordset($1::jsonb) AS e(dedupe_key text, kind text, audience text,
            user_id int, address text, comm_order_id int, order_id text, message_id bigint,
            event_id bigint, subject text, body text, due_time timestamptz)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING due_time <= now() AS due_now`,
    /** The one settings row, so that a save can lock it. */
    ensureSettingsRow: `INSERT INTO mail_settings (id) VALUES (1) ON CONFLICT DO NOTHING`,
    /** $1 = settings (jsonb), $2 = password, $3 = admin id. */
    saveSettings: `UPDATE mail_settings SET settings = $1::jsonb, password = $2, admin_id = $3,
                  updated_time = now() WHERE id = 1`,
    /** The stored settings. `marker`: HUB_STATEMENT for the consumer. */
    effectiveSettings: (marker: string): string =>
      `${marker} SELECT settings, password FROM mail_settings WHERE id = 1`,
    /** $1 = retention seconds: finished mails older than that. */
    prune: `${HUB_STATEMENT} DELETE FROM mail_outbox
        WHERE status IN ('sent', 'failed', 'skipped')
          AND updated_time < now() - make_interval(secs => $1)`,
    /** $1 = due by (NULL = now), $2 = batch, $3 = lease seconds: due or abandoned rows, SKIP LOCKED. */
    claim: `${HUB_STATEMENT} UPDATE mail_outbox
          SET status = 'sending', attempts = attempts + 1, updated_time = now(),
              lease_until = now() + make_interval(secs => $3)
        WHERE id IN (
          SELECT id FROM mail_outbox
           WHERE (status = 'pending' AND due_time <= coalesce($1::timestamptz, now()))
              OR (status = 'sending' AND lease_until < now())
           ORDER BY due_time, id
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING id::text AS id, kind, audience, user_id, address, comm_order_id, order_id,
                  message_id::text AS message_id, subject, body, attempts`,
    /** $1 = id, $2 = attempt (the claim), $3 = reason. */
    recordSkipped: `${HUB_STATEMENT} UPDATE mail_outbox SET status = 'skipped', last_error = $3,
                lease_until = NULL, updated_time = now() ${CLAIM_GUARD}`,
    /** $1 = id, $2 = attempt (the claim), $3 = address, $4 = subject. */
    recordSent: `${HUB_STATEMENT} UPDATE mail_outbox SET status = 'sent', address = $3, subject = $4,
                last_error = '', sent_time = now(), lease_until = NULL, updated_time = now() ${CLAIM_GUARD}`,
    /** $1 = id, $2 = attempt (the claim), $3 = pending (retry) or failed, $4 = address, $5 = subject, $6 = error, $7 = retry in seconds. */
    recordFailed: `${HUB_STATEMENT} UPDATE mail_outbox SET status = $3, address = $4, subject = $5,
                last_error = $6, lease_until = NULL, updated_time = now(),
                due_time = now() + make_interval(secs => $7) ${CLAIM_GUARD}`,
    /** $1 = user id, $2 = categories turned off (jsonb), $3 = turned on: concurrent changes both survive. */
    changePreferences: `INSERT INTO mail_preferences (user_id, disabled) VALUES ($1, $2::jsonb)
       ON CONFLICT (user_id) DO UPDATE SET
         disabled = (SELECT coalesce(jsonb_agg(DISTINCT c), '[]'::jsonb)
                       FROM jsonb_array_elements_text(mail_preferences.disabled || $2::jsonb) AS c
                      WHERE c <> ALL($3::text[])),
         updated_time = now()`,
  },
  {
    insertOutbox: { 'a request': [''], 'the event consumer': [HUB_STATEMENT] },
    effectiveSettings: { 'a request': [''], 'the event consumer': [HUB_STATEMENT] },
  },
);
