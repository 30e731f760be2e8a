import { defineQueries } from '../common/database/query-object.js';

/** Idempotency-Key records: claim, complete, release, read and prune. */
export const IdempotencyQueries = defineQueries(
  'idempotency.idempotency-key',
  {
    /** $1 = scope, $2 = key, $3 = claim id, $4 = response: only while the claim is still this one. */
    complete: `UPDATE idempotency_keys SET state = 'done', response = $4, completed_at = now()
        WHERE scope = $1 AND idempotency_key = $2 AND claim_id = $3`,
    /** $1 = scope, $2 = key, $3 = claim id: the claim is given up (the request failed). */
    release: `DELETE FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2 AND claim_id = $3`,
    /** $1 = retention seconds, $2 = batch: expired records, SKIP LOCKED. */
    prune: `DELETE FROM idempotency_keys WHERE ctid IN (
           SELECT ctid FROM idempotency_keys
            WHERE created_at < now() - make_interval(secs => $1::float8)
            LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    /** $1 = scope, $2 = key, $3 = fingerprint, $4 = request, $5 = claim id, $6 = lease seconds, $7 = retention seconds: a new key, an expired one, or an abandoned run of the same request; no row = someone else holds it. */
    claim: `INSERT INTO idempotency_keys AS r
         (scope, idempotency_key, fingerprint, request, state, claim_id, locked_until, created_at)
       VALUES ($1, $2, $3, $4, 'running', $5, now() + make_interval(secs => $6::float8), now())
       ON CONFLICT (scope, idempotency_key) DO UPDATE SET
         fingerprint = EXCLUDED.fingerprint, request = EXCLUDED.request, state = 'running',
         claim_id = EXCLUDED.claim_id, response = NULL, locked_until = EXCLUDED.locked_until,
         created_at = now(), completed_at = NULL
       WHERE r.created_at < now() - make_interval(secs => $7::float8)
          OR (r.state = 'running' AND r.locked_until < now() AND r.fingerprint = EXCLUDED.fingerprint)
       RETURNING claim_id`,
    /** $1 = scope, $2 = key. */
    find: `SELECT fingerprint, state, response FROM idempotency_keys
        WHERE scope = $1 AND idempotency_key = $2`,
  },
  {},
);
