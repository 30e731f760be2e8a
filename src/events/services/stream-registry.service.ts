import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../common/auth/principal.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { JsonLogger } from '../../common/logging/json-logger.js';
import { redactUrl } from '../../common/logging/request-log.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import {
  AccountCheckService,
  AccountKind,
  stillLogsIn,
} from '../../users/services/account-check.service.js';
import { EventErrors } from '../events.errors.js';
import { HEARTBEAT_FRAME } from '../sse-frames.js';
import { EventStream, StreamEnd } from './event-stream.js';

const accountKey = (principal: Principal) => `${principal.kind}:${principal.id}`;

/**
 * The streams open on this instance: the caps, one heartbeat timer for all of them, and the
 * re-check that ends a stream whose login no longer stands (token expired; account disabled,
 * deleted or its password changed; staff role changed), in one statement per account kind per
 * heartbeat, not per stream. On shutdown (once the server stops accepting connections, after the
 * drain) every stream ends cleanly, so clients reconnect to another instance.
 */
@Injectable()
export class StreamRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EventStreams');
  private readonly accessLog: JsonLogger;
  private readonly streams = new Map<EventStream, () => void>();
  private readonly perAccount = new Map<string, number>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;
  private checking = false;

  constructor(
    private readonly accounts: AccountCheckService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.accessLog = new JsonLogger(config.logLevel, config.logFormat);
  }

  onModuleInit(): void {
    this.heartbeat = setInterval(() => void this.beat(), this.config.eventsHeartbeatSeconds * 1000);
    this.heartbeat.unref();
  }

  /** Nest calls this as the app closes, before the HTTP server stops: every stream ends. */
  onModuleDestroy(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const stream of [...this.streams.keys()]) stream.end('shutdown');
  }

  get openCount(): number {
    return this.streams.size;
  }

  /** Refuses a stream over a cap (or while shutting down) with the catalogued envelope. */
  assertRoom(principal: Principal): void {
    if (this.closing) throw EventErrors.closing();
    if (this.streams.size >= this.config.eventsMaxStreams) throw EventErrors.streamsFull();
    const max = this.config.eventsMaxStreamsPerAccount;
    if ((this.perAccount.get(accountKey(principal)) ?? 0) >= max)
      throw EventErrors.tooManyStreams(max);
  }

  add(stream: EventStream, unsubscribe: () => void): void {
    this.streams.set(stream, unsubscribe);
    const key = accountKey(stream.principal);
    this.perAccount.set(key, (this.perAccount.get(key) ?? 0) + 1);
    this.metrics.eventStreamsOpen.inc({ audience: stream.audience });
  }

  /** A stream ended (once): forget it, count it, and write its one request log line. */
  ended(stream: EventStream, reason: StreamEnd, request: FastifyRequest): void {
    const unsubscribe = this.streams.get(stream);
    if (unsubscribe) {
      unsubscribe();
      this.streams.delete(stream);
      const key = accountKey(stream.principal);
      const left = (this.perAccount.get(key) ?? 1) - 1;
      if (left > 0) this.perAccount.set(key, left);
      else this.perAccount.delete(key);
      this.metrics.eventStreamsOpen.dec({ audience: stream.audience });
    }
    const route = request.routeOptions.url ?? 'unmatched';
    this.metrics.requests.inc({ method: request.method, route, status: 200, code: '0', error: '' });
    this.accessLog.log(
      {
        msg: 'request',
        request_id: request.id,
        method: request.method,
        url: redactUrl(request.url),
        status: 200,
        code: 0,
        ms: Date.now() - stream.startedAt,
        stream: stream.audience,
        events_sent: stream.eventsSent,
        ended: reason,
      },
      'Http',
    );
  }

  /**
   * Every heartbeat: a comment on every stream, streams whose token expired ended, then the
   * accounts re-checked. Expiry needs only the clock, so it is checked on every beat, also while
   * the re-check before is still waiting for a database that does not answer.
   */
  private async beat(): Promise<void> {
    const now = Date.now() / 1000;
    for (const stream of [...this.streams.keys()]) {
      if (stream.credential.expiresAt <= now) stream.end('token_expired');
      else stream.write(HEARTBEAT_FRAME);
    }
    if (this.checking) return;
    this.checking = true;
    try {
      await this.recheck();
    } catch (error) {
      // The database is away: streams go on until it answers again (their tokens still expire,
      // above).
      this.logger.warn({ msg: 'stream login re-check failed', error: String(error) });
    } finally {
      this.checking = false;
    }
  }

  private async recheck(): Promise<void> {
    const streams = [...this.streams.keys()];
    const ids = (kind: AccountKind) => [
      ...new Set(
        streams.filter((s) => !s.isEnded && s.audience === kind).map((s) => s.principal.id),
      ),
    ];
    const [customers, staff] = await Promise.all([
      this.accounts.states('customer', ids('customer')),
      this.accounts.states('staff', ids('staff')),
    ]);
    for (const stream of streams) {
      if (stream.isEnded) continue;
      const { principal } = stream;
      const account = (principal.kind === 'admin' ? staff : customers).get(principal.id);
      if (!stillLogsIn(account, stream.credential.tokenVersion)) stream.end('account_ended');
      else if (principal.kind === 'admin' && account!.role !== principal.role)
        stream.end('role_changed');
    }
  }
}
