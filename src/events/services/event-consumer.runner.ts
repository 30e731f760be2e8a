import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import { BackgroundPasses } from '../../common/jobs/background-passes.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { EventHub } from './event-hub.service.js';
import { EventLogReader, LogPosition, LogRow } from './event-log.reader.js';
import { EventLogQueries } from '../event-log.queries.js';

/** Rows one transaction of a consumer handles at most (its transaction stays short). */
export const CONSUMER_BATCH = 200;

/**
 * A durable reader of the event log: an outbox filler (mail, webhooks). `handle` runs in the
 * transaction that moves the consumer's stored position past `rows`, so what it writes (outbox
 * rows with a unique key per event and recipient) and the new position commit together: every
 * event is handled exactly once, across instances and restarts. It must not call anything
 * remote (the outbox's own worker does, after commit).
 */
export interface EventConsumer {
  /** The position's key in event_consumers; never rename a consumer that has run. */
  readonly name: string;
  handle(manager: EntityManager, rows: readonly LogRow[]): Promise<void>;
}

/**
 * Runs the registered consumers. Each pass, per consumer, in short transactions: take the
 * consumer's advisory lock (another instance holding it is already at work: skip), read its
 * stored position, read the ready rows after it (the streams' commit-safe (txid, id) walk), hand
 * them over, store the new position. Woken when this instance's hub finds new rows (NOTIFY, a
 * local commit) and by the hub's safety poll interval. A consumer starts at the log's head when
 * it first runs: events written before it existed are not replayed. Its statements carry the
 * hub's marker (HUB_STATEMENT): background work, not any request's. `EVENT_WORKERS=false` keeps
 * an instance out of the background passes.
 */
@Injectable()
export class EventConsumerRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EventConsumers');
  private readonly consumers: EventConsumer[] = [];
  private readonly background = new BackgroundPasses(this.logger, 'event consumers pass', () =>
    this.pass(),
  );
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: EventLogReader,
    private readonly hub: EventHub,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called by a module's consumer at construction (before the application starts). */
  register(consumer: EventConsumer): void {
    if (this.consumers.some((c) => c.name === consumer.name))
      throw new Error(`event consumer ${consumer.name} registered twice`);
    this.consumers.push(consumer);
  }

  onApplicationBootstrap(): void {
    if (!this.consumers.length || !this.config.eventWorkers) return;
    this.stopListening = this.hub.onAdvance(() => this.wake());
    this.background.start(this.config.eventsPollIntervalMs);
  }

  beforeApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    return this.background.stop();
  }

  /** Runs a pass now, or once more after the pass in flight (background instances only). */
  wake(): void {
    this.background.wake();
  }

  /**
   * One pass of every consumer (tests call it directly); how many rows each handled. It starts
   * after this instance's background pass in flight, so it sees everything committed before it.
   */
  async runOnce(): Promise<Record<string, number>> {
    await this.background.settled();
    return this.pass();
  }

  private async pass(): Promise<Record<string, number>> {
    const handled: Record<string, number> = {};
    for (const consumer of this.consumers) handled[consumer.name] = await this.drain(consumer);
    return handled;
  }

  private async drain(consumer: EventConsumer): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.dataSource.transaction((manager) => this.step(manager, consumer));
      if (handled === null) return total;
      total += handled;
      if (handled < CONSUMER_BATCH || this.background.stopped) return total;
    }
  }

  /** One batch; null when another instance holds the consumer (or nothing was ready). */
  private async step(manager: EntityManager, consumer: EventConsumer): Promise<number | null> {
    const [{ locked }] = await manager.query<{ locked: boolean }[]>(
      EventLogQueries.tryConsumerLock,
      [`events.consumer.${consumer.name}`],
    );
    if (!locked) return null;
    const from = await this.position(manager, consumer.name);
    const rows = await this.reader.after(from, CONSUMER_BATCH, undefined, undefined, manager);
    const ready = rows.filter((row) => row.ready);
    // Ready rows sort first, so the ready ones are a prefix of what was read.
    if (!ready.length) return 0;
    await consumer.handle(manager, ready);
    const last = ready[ready.length - 1];
    await manager.query(EventLogQueries.advanceConsumer, [consumer.name, last.txid, last.id]);
    return ready.length;
  }

  /** The stored position; a consumer's first run starts at the log's head. */
  private async position(manager: EntityManager, name: string): Promise<LogPosition> {
    const [row] = await manager.query<LogPosition[]>(EventLogQueries.consumerPosition, [name]);
    if (row) return row;
    const head = await this.reader.head(manager);
    await manager.query(EventLogQueries.insertConsumer, [name, head.txid, head.id]);
    return head;
  }
}
