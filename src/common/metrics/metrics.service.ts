import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { ReadReplicas } from '../database/read-replicas.service.js';

/** pg-pool's counters (TypeORM's postgres driver keeps the pool as `master`). */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The service's Prometheus metrics (served at GET /metrics when METRICS_ENABLED). One registry per
 * app instance, so several apps in one process (the tests) do not collide. Everything is counted
 * in memory from what the code already knows: no metric costs a database statement, and the pool
 * gauges are read from pg-pool's counters at scrape time.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route, HTTP status and envelope code/error (error: the catalogued reason)',
    labelNames: ['method', 'route', 'status', 'code', 'error'] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and envelope code',
    labelNames: ['method', 'route', 'code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly jobRuns = new Counter({
    name: 'jobs_runs_total',
    help: 'Scheduled job passes by job',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  readonly jobFailures = new Counter({
    name: 'jobs_failures_total',
    help: 'Items a scheduled job failed on, by job',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  readonly orderTransitions = new Counter({
    name: 'order_status_changes_total',
    help: 'Committed shop-order status changes by action and from/to status',
    labelNames: ['action', 'from', 'to'] as const,
    registers: [this.registry],
  });

  readonly payments = new Counter({
    name: 'payments_total',
    help: 'Committed payment records by pay way and status (pending, paid)',
    labelNames: ['pay_way', 'status'] as const,
    registers: [this.registry],
  });

  readonly commTransitions = new Counter({
    name: 'comm_order_status_changes_total',
    help: 'Committed customization-request status changes by action and from/to status',
    labelNames: ['action', 'from', 'to'] as const,
    registers: [this.registry],
  });

  readonly eventStreamsOpen = new Gauge({
    name: 'event_streams_open',
    help: 'Open event streams (GET /api/events, /system/api/events) on this instance, by audience',
    labelNames: ['audience'] as const,
    registers: [this.registry],
  });

  readonly eventsDelivered = new Counter({
    name: 'events_delivered_total',
    help: 'Events written to event streams (catch-up and live), by audience',
    labelNames: ['audience'] as const,
    registers: [this.registry],
  });

  constructor(
    dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    replicas: ReadReplicas,
  ) {
    const pool = () => (dataSource.driver as unknown as { master?: PoolCounts }).master;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections: in_use, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const counts = pool();
        if (!counts) return;
        this.set({ state: 'in_use' }, counts.totalCount - counts.idleCount);
        this.set({ state: 'idle' }, counts.idleCount);
        this.set({ state: 'waiting' }, counts.waitingCount);
      },
    });
    new Gauge({
      name: 'db_pool_max',
      help: 'Largest number of connections the pool opens (DATABASE_POOL_MAX)',
      registers: [this.registry],
      collect() {
        this.set(config.databaseUrl ? config.databasePoolMax : 1);
      },
    });
    // Replicas (docs/scaling.md): read from ReadReplicas' last check and counts at scrape time.
    if (replicas.enabled) {
      new Gauge({
        name: 'db_replica_up',
        help: 'Whether the replica answered its last check (1) or not (0)',
        labelNames: ['replica'] as const,
        registers: [this.registry],
        collect() {
          for (const state of replicas.states) this.set({ replica: state.name }, state.up ? 1 : 0);
        },
      });
      new Gauge({
        name: 'db_replica_lag_seconds',
        help: 'How far the replica is behind the primary at its last check (absent when unknown)',
        labelNames: ['replica'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const state of replicas.states)
            if (state.lagMs !== undefined && Number.isFinite(state.lagMs))
              this.set({ replica: state.name }, state.lagMs / 1000);
        },
      });
    }
    new Counter({
      name: 'db_reads_total',
      help: 'Lag-tolerant reads (ReadReplicas.read) by target: primary or replica_N',
      labelNames: ['target'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [target, count] of replicas.reads) this.inc({ target }, count);
      },
    });
    // Process metrics (CPU, memory, event loop lag) only where they are served.
    if (config.metricsEnabled) collectDefaultMetrics({ register: this.registry });
  }
}
