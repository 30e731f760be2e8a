import { defineQueries } from '../common/database/query-object.js';

/** Lockout after failure f of a key with threshold m: base · 2^(f − m), capped. */
const LOCK = (f: string, m: string) =>
  `make_interval(secs => LEAST($5::float8, $4::float8 * power(2::float8, LEAST(${f} - ${m}, 30))))`;
const LOCKED = `(t.failures >= EXCLUDED.max_failures AND t.last_attempt_at + ${LOCK('t.failures', 'EXCLUDED.max_failures')} > now())`;
const STALE =
  `(t.last_attempt_at + make_interval(secs => $3::float8) + CASE WHEN t.failures >= EXCLUDED.max_failures ` +
  `THEN ${LOCK('t.failures', 'EXCLUDED.max_failures')} ELSE interval '0' END < now())`;

/** The login counters (login_attempts): count an attempt, settle it, delete expired ones. */
export const LoginAttemptQueries = defineQueries(
  'login-throttle.login-attempt',
  {
    /**
     * $1 = keys (account keys first), $2 = their thresholds, $3 = failure window seconds,
     * $4 = lockout seconds, $5 = maximum lockout seconds: one upsert per attempt, each key's
     * ordinal from its row lock; `refused` and the wait for keys already locked.
     */
    count: `
    INSERT INTO login_attempts AS t (throttle_key, failures, max_failures, last_attempt_at, refused)
    SELECT k.key, 1, k.max, now(), false FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS k(key, max, n)
    ORDER BY k.n
    ON CONFLICT (throttle_key) DO UPDATE SET
      refused = ${LOCKED},
      failures = CASE WHEN ${LOCKED} THEN t.failures WHEN ${STALE} THEN 1 ELSE t.failures + 1 END,
      -- GREATEST: an attempt that queued on the row lock started before the one it follows.
      last_attempt_at = CASE WHEN ${LOCKED} THEN t.last_attempt_at ELSE GREATEST(t.last_attempt_at, now()) END,
      max_failures = EXCLUDED.max_failures
    RETURNING throttle_key, refused,
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM (last_attempt_at + ${LOCK('failures', 'max_failures')} - clock_timestamp()))))::int AS retry_after`,
    /** $1 = keys to forget (a success's account), $2 = keys to take the attempt back from. */
    settle: `WITH forgotten AS (DELETE FROM login_attempts WHERE throttle_key = ANY($1::text[]))
       UPDATE login_attempts SET failures = GREATEST(failures - 1, 0) WHERE throttle_key = ANY($2::text[])`,
    /** $1 = seconds: counters that can no longer lock anything. */
    deleteExpired: `DELETE FROM login_attempts WHERE last_attempt_at < now() - make_interval(secs => $1::float8)`,
  },
  {},
);
