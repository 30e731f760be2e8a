import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { outsideRequest } from '../../common/logging/request-context.js';
import type { EventType } from '../event-catalogue.js';
import { eventFrame } from '../sse-frames.js';
import { EventLogReader, LogPosition, LogRow } from './event-log.reader.js';
import { EVENTS_CHANNEL } from './event-log.service.js';
import { EventSignal } from './event-signal.js';

/** Rows read per statement, by the hub and by a stream's catch-up. */
export const LOG_BATCH = 500;
/**
 * Rows held back behind a transaction in flight are asked for again after 10 ms, doubling to
 * 100 ms. The transaction holding them back may write no event (or live in another database of
 * the cluster: xids are cluster-wide), so no notification says it ended: the retry is what
 * notices, and its cap bounds the added delay. One small statement per instance, not per stream.
 */
const HELD_BACK_FIRST_MS = 10;
const HELD_BACK_MAX_MS = 100;
/** After a failed read (database unreachable): try again in a second. */
const FAILED_READ_RETRY_MS = 1000;
/** Reconnecting the LISTEN connection: 100 ms doubling to 5 s. */
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5000;

/** What a stream gives the hub: which rows it wants, and where they go. */
export interface HubSubscriber {
  /** A customer's stream: only this customer's rows. Undefined: staff (by type only). */
  userId?: number;
  types: ReadonlySet<EventType>;
  /** Called in log order, once per accepted row; `frame` is the row's shared SSE frame. */
  deliver(row: LogRow, frame: string): void;
}

/**
 * One per instance: follows the event log and hands each new row, in (txid, id) order, to the
 * streams of this instance that want it. It keeps only its head (the last row it handed out) and
 * its subscribers: instances share nothing but the database.
 *
 * Wake-ups: NOTIFY on one dedicated connection (PostgreSQL; LISTEN is restored before catching up
 * after a reconnect), this process's own commits (EventSignal), and a slow safety poll for a
 * notification lost on the way. Every wake-up does the same thing: read after the head.
 */
@Injectable()
export class EventHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventHub');
  private head: LogPosition | undefined;
  private readonly customers = new Map<number, Set<HubSubscriber>>();
  private readonly staff = new Set<HubSubscriber>();
  /** Told after each read that handed out rows (durable consumers: outboxes). */
  private readonly advanceListeners = new Set<() => void>();
  private pumping: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private heldBackMs = HELD_BACK_FIRST_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  /** When the pending retry fires (Date.now() ms). */
  private retryDue = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private reconnectMs = RECONNECT_FIRST_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly stopSignal: () => void;

  constructor(
    private readonly reader: EventLogReader,
    signal: EventSignal,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.stopSignal = signal.onCommit(() => this.wake());
  }

  onApplicationBootstrap(): void {
    this.pollTimer = setInterval(() => this.wake(), this.config.eventsPollIntervalMs);
    this.pollTimer.unref();
    if (this.config.databaseUrl) void this.listen();
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.stopSignal();
    clearInterval(this.pollTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pumping;
  }

  /**
   * The head as of now (read once at start): a new stream goes live from here. Throws while the
   * database cannot tell (the request answers COMMON.UNAVAILABLE).
   */
  async currentHead(): Promise<LogPosition> {
    this.head ??= await this.reader.head();
    return this.head;
  }

  /**
   * Adds a stream and returns, in the same synchronous step, the head: every row after it reaches
   * `subscriber.deliver`, every row up to it is the stream's catch-up. Call after currentHead().
   */
  subscribe(subscriber: HubSubscriber): { head: LogPosition; unsubscribe: () => void } {
    if (!this.head) throw new Error('EventHub.subscribe before currentHead()');
    if (subscriber.userId === undefined) this.staff.add(subscriber);
    else {
      const set = this.customers.get(subscriber.userId) ?? new Set();
      set.add(subscriber);
      this.customers.set(subscriber.userId, set);
    }
    return {
      head: this.head,
      unsubscribe: () => {
        if (subscriber.userId === undefined) {
          this.staff.delete(subscriber);
          return;
        }
        const set = this.customers.get(subscriber.userId);
        set?.delete(subscriber);
        if (set?.size === 0) this.customers.delete(subscriber.userId);
      },
    };
  }

  /**
   * `listener` runs after each read that found new rows (not per row): a durable consumer
   * (EventConsumerRunner) then reads the log after its own stored position.
   */
  onAdvance(listener: () => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }

  /** Reads the log after the head now (or right after the read in progress). */
  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    // Woken by a request's commit, the read is still nobody's request (nor are the consumers it wakes).
    this.pumping = outsideRequest(() => this.pump()).finally(() => {
      this.pumping = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async pump(): Promise<void> {
    try {
      const head = await this.currentHead();
      let from = head;
      for (;;) {
        const rows = await this.reader.after(from, LOG_BATCH);
        const ready = rows.findIndex((row) => !row.ready);
        const deliverable = ready === -1 ? rows : rows.slice(0, ready);
        for (const row of deliverable) {
          this.dispatch(row);
          this.head = from = row;
        }
        if (deliverable.length) for (const listener of this.advanceListeners) listener();
        if (ready !== -1) {
          // A transaction older than these rows is still open: ask again soon.
          this.retryIn(this.heldBackMs);
          this.heldBackMs = Math.min(this.heldBackMs * 2, HELD_BACK_MAX_MS);
          return;
        }
        this.heldBackMs = HELD_BACK_FIRST_MS;
        if (rows.length < LOG_BATCH || this.stopped) return;
      }
    } catch (error) {
      // The database is unreachable or busy: the poll and the held-back retry try again.
      this.logger.warn({ msg: 'reading the event log failed', error: String(error) });
      this.retryIn(FAILED_READ_RETRY_MS);
    }
  }

  /** One retry timer; a sooner retry (held-back rows) replaces a later one (a failed read's). */
  private retryIn(ms: number): void {
    if (this.stopped) return;
    const due = Date.now() + ms;
    if (this.retryTimer && this.retryDue <= due) return;
    clearTimeout(this.retryTimer);
    this.retryDue = due;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, ms);
    this.retryTimer.unref();
  }

  private dispatch(row: LogRow): void {
    let frame: string | undefined;
    const send = (subscriber: HubSubscriber) => {
      if (!subscriber.types.has(row.type)) return;
      frame ??= eventFrame(row);
      subscriber.deliver(row, frame);
    };
    // Copies: a delivery may end its stream, which unsubscribes it.
    for (const subscriber of [...(this.customers.get(row.userId) ?? [])]) send(subscriber);
    for (const subscriber of [...this.staff]) send(subscriber);
  }

  /** LISTEN on a connection of its own (not from the pool); on loss, reconnect with backoff. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: this.config.databaseConnectTimeoutMs,
      keepAlive: true,
      application_name: 'event-hub',
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn({
        msg: 'event notifications connection lost; reconnecting',
        error: error ? String(error) : undefined,
      });
      this.reconnectTimer = setTimeout(() => void this.listen(), this.reconnectMs);
      this.reconnectTimer.unref();
      this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MAX_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      // LISTEN first, then catch up: a row committed in between is found by the read.
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.reconnectMs = RECONNECT_FIRST_MS;
    this.wake();
  }
}
