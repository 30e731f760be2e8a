import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';
import { LoginThrottleErrors } from '../login-throttle.errors.js';

/** Which login a counter belongs to: customers and staff never share an account counter. */
export type LoginRealm = 'customer' | 'staff' | 'register';

export interface LoginSubject {
  realm: LoginRealm;
  /** The name, email or phone typed in; undefined = count the address only. */
  login?: string;
  /** The client address Fastify resolved (TRUST_PROXY decides whether X-Forwarded-For counts). */
  address: string;
}

/** The counters one attempt was charged to, handed back to settle the attempt. */
export interface LoginAttemptTicket {
  accountKeys: string[];
  addressKeys: string[];
}

interface CountedRow {
  throttle_key: string;
  refused: boolean;
  retry_after: number;
}

/** Lockout after failure f of a key with threshold m: base · 2^(f − m), capped. */
const LOCK = (f: string, m: string) =>
  `make_interval(secs => LEAST($5::float8, $4::float8 * power(2::float8, LEAST(${f} - ${m}, 30))))`;
const LOCKED = `(t.failures >= EXCLUDED.max_failures AND t.last_attempt_at + ${LOCK('t.failures', 'EXCLUDED.max_failures')} > now())`;
const STALE =
  `(t.last_attempt_at + make_interval(secs => $3::float8) + CASE WHEN t.failures >= EXCLUDED.max_failures ` +
  `THEN ${LOCK('t.failures', 'EXCLUDED.max_failures')} ELSE interval '0' END < now())`;

/**
 * Counts every attempt BEFORE the password is checked, in one upsert per attempt: under
 * concurrency (several requests, several instances) each attempt gets its own ordinal from the
 * row lock, so exactly `max_failures` attempts reach the password check and the rest are refused.
 * A success then deletes the account's counter and takes its attempt back from the address's;
 * an attempt that ended without judging a password (bad input) is taken back from both.
 * Keys locked at the start of an attempt refuse it without counting it. Counters that can no
 * longer lock anything are deleted every CLEANUP_INTERVAL_SECONDS.
 */
@Injectable()
export class LoginThrottleService extends PeriodicJob {
  private static readonly COUNT_SQL = `
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
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM (last_attempt_at + ${LOCK('failures', 'max_failures')} - clock_timestamp()))))::int AS retry_after`;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('LoginThrottle', config.cleanupIntervalSeconds);
  }

  /**
   * Charges the attempt to its counters, or throws AUTH.TOO_MANY_ATTEMPTS (nothing charged).
   * The wait is measured on the clock (a refused attempt may have queued behind the one that
   * locked the key, so its statement started earlier).
   */
  async begin(subject: LoginSubject): Promise<LoginAttemptTicket> {
    const ticket = this.ticketFor(subject);
    const keys = [...ticket.accountKeys, ...ticket.addressKeys];
    if (!keys.length) return ticket;
    const { loginFailureWindowSeconds, loginLockoutSeconds, loginLockoutMaxSeconds } = this.config;
    // Account keys first, then the address: every attempt locks rows in the same order.
    const rows = await this.dataSource.query<CountedRow[]>(LoginThrottleService.COUNT_SQL, [
      keys,
      keys.map((key) => this.maxFailuresOf(ticket, key)),
      loginFailureWindowSeconds,
      loginLockoutSeconds,
      loginLockoutMaxSeconds,
    ]);
    const refused = rows.filter((row) => row.refused);
    if (!refused.length) return ticket;
    const charged = rows.filter((row) => !row.refused).map((row) => row.throttle_key);
    await this.settle([], charged);
    throw LoginThrottleErrors.tooManyAttempts(Math.max(...refused.map((r) => r.retry_after)));
  }

  /** The credentials were right: the account starts afresh, the address gets its attempt back. */
  succeeded(ticket: LoginAttemptTicket): Promise<void> {
    return this.settle(ticket.accountKeys, ticket.addressKeys);
  }

  /** The attempt judged no password (invalid input, a refused register field): take it back. */
  release(ticket: LoginAttemptTicket): Promise<void> {
    return this.settle([], [...ticket.accountKeys, ...ticket.addressKeys]);
  }

  /**
   * The cleanup pass: deletes the rows that are over (nothing counted in them can lock any more).
   * A plain DELETE, so several instances may run it at once.
   */
  async runOnce(): Promise<number> {
    const { loginFailureWindowSeconds, loginLockoutMaxSeconds } = this.config;
    const result = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM login_attempts WHERE last_attempt_at < now() - make_interval(secs => $1::float8)`,
      [loginFailureWindowSeconds + loginLockoutMaxSeconds],
    );
    if (result[1]) this.logger.log({ msg: 'expired login counters deleted', deleted: result[1] });
    return result[1];
  }

  private async settle(forget: string[], undo: string[]): Promise<void> {
    if (!forget.length && !undo.length) return;
    await this.dataSource.query(
      `WITH forgotten AS (DELETE FROM login_attempts WHERE throttle_key = ANY($1::text[]))
       UPDATE login_attempts SET failures = GREATEST(failures - 1, 0) WHERE throttle_key = ANY($2::text[])`,
      [forget, undo],
    );
  }

  private ticketFor(subject: LoginSubject): LoginAttemptTicket {
    // NUL cannot be stored in a PostgreSQL text; such a name matches no account anyway.
    const login = subject.login?.trim().toLowerCase().replace(/\0/g, '\uFFFD');
    return {
      accountKeys:
        login && this.config.loginMaxFailures > 0
          ? [`${subject.realm}:${login}`.slice(0, 300)]
          : [],
      addressKeys:
        this.config.loginMaxFailuresPerAddress > 0
          ? [`address:${subject.address}`.slice(0, 300)]
          : [],
    };
  }

  private maxFailuresOf(ticket: LoginAttemptTicket, key: string): number {
    return ticket.accountKeys.includes(key)
      ? this.config.loginMaxFailures
      : this.config.loginMaxFailuresPerAddress;
  }
}
