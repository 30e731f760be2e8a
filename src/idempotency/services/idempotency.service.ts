import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';
import { IdempotencyErrors } from '../idempotency.errors.js';
import type { IdempotencyState } from '../entities/idempotency-record.entity.js';
import { IdempotencyQueries } from '../idempotency.queries.js';

export interface IdempotentRequest {
  /** Whose key (`customer:<id>`, `admin:<id>`). */
  scope: string;
  key: string;
  fingerprint: string;
  /** `POST /api/...`, for people reading the table. */
  request: string;
}

/** What to do with a keyed request: run it (holding the claim), or answer the stored envelope. */
export type IdempotencyDecision =
  { kind: 'execute'; claimId: string } | { kind: 'replay'; response: unknown };

interface StoredRow {
  fingerprint: string;
  state: IdempotencyState;
  response: string | null;
}

const FIRST_PAUSE_MS = 25;
const LONGEST_PAUSE_MS = 250;
const CLEANUP_BATCH = 1000;

/**
 * `Idempotency-Key` records in PostgreSQL (docs/security.md). A key is claimed with one
 * `INSERT ... ON CONFLICT` before the handler runs, so of any number of racing requests with one
 * key exactly one executes; the others wait for its stored answer (or give up with
 * IDEMPOTENCY.IN_PROGRESS). The answer is written after the handler's own transaction has
 * committed, in a second statement. Keys past IDEMPOTENCY_TTL are deleted every
 * CLEANUP_INTERVAL_SECONDS.
 */
@Injectable()
export class IdempotencyService extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('Idempotency', config.cleanupIntervalSeconds);
  }

  async begin(request: IdempotentRequest): Promise<IdempotencyDecision> {
    const deadline = Date.now() + this.config.idempotencyWaitMs;
    let pause = FIRST_PAUSE_MS;
    for (;;) {
      const claimId = await this.claim(request);
      if (claimId) return { kind: 'execute', claimId };
      const row = await this.find(request);
      // Gone between the two statements: its execution failed and released it. Claim again.
      if (!row) continue;
      if (row.fingerprint !== request.fingerprint) throw IdempotencyErrors.keyReused();
      if (row.state === 'done') return { kind: 'replay', response: JSON.parse(row.response!) };
      const left = deadline - Date.now();
      if (left <= 0) throw IdempotencyErrors.inProgress(1);
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }

  /** The handler answered: keep the envelope to replay (only the claim's holder may). */
  async complete(request: IdempotentRequest, claimId: string, envelope: unknown): Promise<void> {
    await this.dataSource.query(IdempotencyQueries.complete, [
      request.scope,
      request.key,
      claimId,
      JSON.stringify(envelope),
    ]);
  }

  /** The handler failed: its transaction rolled back, so the key is free for a retry. */
  async release(request: IdempotentRequest, claimId: string): Promise<void> {
    await this.dataSource.query(IdempotencyQueries.release, [request.scope, request.key, claimId]);
  }

  /**
   * The cleanup pass: deletes keys older than IDEMPOTENCY_TTL in batches. Rows another instance
   * is deleting are skipped (SKIP LOCKED), so several instances may run this at once without
   * waiting on each other.
   */
  async runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await this.dataSource.query<[unknown[], number]>(IdempotencyQueries.prune, [
        this.config.idempotencyTtlSeconds,
        CLEANUP_BATCH,
      ]);
      total += result[1];
      if (result[1] < CLEANUP_BATCH) {
        if (total) this.logger.log({ msg: 'expired idempotency keys deleted', deleted: total });
        return total;
      }
    }
  }

  /**
   * Inserts the key as `running`, or takes over a row that is past IDEMPOTENCY_TTL, or the
   * `running` row of the same request whose execution died (past IDEMPOTENCY_LOCK_TIMEOUT).
   * Answers the new claim id, or null when the row belongs to someone else.
   */
  private async claim(request: IdempotentRequest): Promise<string | null> {
    const claimId = randomBytes(16).toString('hex');
    const rows = await this.dataSource.query<{ claim_id: string }[]>(IdempotencyQueries.claim, [
      request.scope,
      request.key,
      request.fingerprint,
      request.request.slice(0, 300),
      claimId,
      this.config.idempotencyLockTimeoutSeconds,
      this.config.idempotencyTtlSeconds,
    ]);
    return rows[0]?.claim_id ?? null;
  }

  private async find(request: IdempotentRequest): Promise<StoredRow | undefined> {
    const rows = await this.dataSource.query<StoredRow[]>(IdempotencyQueries.find, [
      request.scope,
      request.key,
    ]);
    return rows[0];
  }
}
