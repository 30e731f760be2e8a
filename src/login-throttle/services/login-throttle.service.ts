import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';
import { LoginThrottleErrors } from '../login-throttle.errors.js';
import { LoginAttemptQueries } from '../login-attempt.queries.js';

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
    const rows = await this.dataSource.query<CountedRow[]>(LoginAttemptQueries.count, [
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
      LoginAttemptQueries.deleteExpired,
      [loginFailureWindowSeconds + loginLockoutMaxSeconds],
    );
    if (result[1]) this.logger.log({ msg: 'expired login counters deleted', deleted: result[1] });
    return result[1];
  }

  private async settle(forget: string[], undo: string[]): Promise<void> {
    if (!forget.length && !undo.length) return;
    await this.dataSource.query(LoginAttemptQueries.settle, [forget, undo]);
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
