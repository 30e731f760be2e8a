import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { EventLogQueries } from '../event-log.queries.js';

/** Rows one statement deletes at most: each batch is its own short transaction. */
export const RETENTION_BATCH = 1000;

/**
 * The advisory lock that makes one instance at a time clean the log: the key is
 * `hashtextextended('events.retention', 0)`, computed by PostgreSQL (as the catalogue's tree lock
 * is), so no other lock of this codebase can share it.
 */
export const RETENTION_LOCK_NAME = 'events.retention';

export interface RetentionRun {
  events: number;
  tickets: number;
  /** Another instance held the lock: this pass stopped (or never started) without error. */
  skipped: boolean;
}

type Batch = (manager: EntityManager) => Promise<number>;

/**
 * Deletes events older than EVENTS_RETENTION and stream tickets past `expires_at`, every
 * CLEANUP_INTERVAL_SECONDS. Every batch is one short transaction that first takes
 * `pg_try_advisory_xact_lock` on RETENTION_LOCK_NAME: a long transaction would hold back
 * `pg_snapshot_xmin`, below which the stream readers read, and so delay every stream. An instance
 * that finds the lock taken ends its pass at once (another instance is cleaning); the deletes
 * themselves are idempotent, so a pass cut short anywhere loses nothing.
 */
@Injectable()
export class EventRetentionService extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('EventRetention', config.cleanupIntervalSeconds);
  }

  /** One pass (tests call it directly); `now` moves the cut-off. */
  async runOnce(now: Date = new Date()): Promise<RetentionRun> {
    const cutoff = new Date(now.getTime() - this.config.eventsRetentionSeconds * 1000);
    const run: RetentionRun = { events: 0, tickets: 0, skipped: false };
    const events = await this.drain((manager) =>
      this.deleteBatch(manager, EventLogQueries.deleteOldEvents, [cutoff, RETENTION_BATCH]),
    );
    const tickets = events.skipped
      ? { deleted: 0, skipped: true }
      : await this.drain((manager) =>
          this.deleteBatch(manager, EventLogQueries.deleteExpiredTickets, [now, RETENTION_BATCH]),
        );
    run.events = events.deleted;
    run.tickets = tickets.deleted;
    run.skipped = events.skipped || tickets.skipped;
    this.metrics.jobRuns.inc({ job: 'event_retention' });
    if (run.events || run.tickets)
      this.logger.log({ msg: 'old events deleted', events: run.events, tickets: run.tickets });
    return run;
  }

  /**
   * Runs `batch` until it deletes less than a full batch, or until another instance holds the
   * lock (`skipped`: it goes on from there); `deleted` counts this pass's batches either way.
   */
  private async drain(batch: Batch): Promise<{ deleted: number; skipped: boolean }> {
    let deleted = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        const [{ locked }] = await manager.query<{ locked: boolean }[]>(
          EventLogQueries.tryRetentionLock,
          [RETENTION_LOCK_NAME],
        );
        return locked ? batch(manager) : null;
      });
      if (done === null) return { deleted, skipped: true };
      deleted += done;
      if (done < RETENTION_BATCH) return { deleted, skipped: false };
    }
  }

  private async deleteBatch(
    manager: EntityManager,
    statement: string,
    params: unknown[],
  ): Promise<number> {
    const [, deleted] = await manager.query<[unknown[], number]>(statement, params);
    return deleted;
  }
}
