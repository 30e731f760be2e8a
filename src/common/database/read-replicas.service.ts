import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { SqlState, sqlStateOf } from './database-errors.js';
import { isDatabaseUnavailable } from './database-unavailable.js';

/** What the last check of a replica found. */
export interface ReplicaState {
  /** `replica_1`, `replica_2`… in DATABASE_REPLICA_URLS order (never the host: metrics are public-ish). */
  name: string;
  up: boolean;
  /** Replayed WAL position (bytes), or undefined before the first good check. */
  replayLsn?: bigint;
  /** How far behind the primary it is; 0 when it has replayed everything it received. */
  lagMs?: number;
  /** Why it is not used (short, no host names). */
  error?: string;
}

/** Where a read went, and why: what /metrics counts. */
export type ReadTarget = 'primary' | `replica_${number}`;

/** A check of one replica that takes longer than this counts as down. */
const CHECK_TIMEOUT_MS = 1500;

/** `0/16B3748` → bytes. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** The key read-your-writes positions are kept under: one per account. */
export function accountKeyOf(caller: Principal): string {
  return `${caller.kind === 'admin' ? 'admin' : 'user'}:${caller.id}`;
}

/**
 * Reads that tolerate a little lag (public catalogue, staff lists, exports, customer lists) go to
 * a streaming replica through `read()`; everything else (writes, transactions, locks, SKIP LOCKED
 * jobs, LISTEN, advisory locks) stays on the primary, TypeORM's default here (`defaultMode:
 * 'master'`). docs/scaling.md.
 *
 * - **Read your own writes**: after an account's write request, the primary's WAL position is
 *   kept in `read_positions` (shared by every instance); that account's reads go to the primary
 *   until a replica has replayed past it (`pg_last_wal_replay_lsn()`).
 * - A replica that is down, not in recovery, or more than DATABASE_REPLICA_MAX_LAG_MS behind is
 *   skipped (the read goes to the primary, nobody sees an error) and checked again every
 *   DATABASE_REPLICA_CHECK_INTERVAL_MS.
 * - The work runs in a READ ONLY transaction, on the replica and on the primary alike: a write
 *   sent through here by mistake fails at once (ReplicaWriteRefused), wherever it lands.
 * - Without replicas, `read()` runs the work on the primary as any other query (no extra
 *   statement), so single-database deployments pay nothing.
 */
@Injectable()
export class ReadReplicas implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadReplicas');
  readonly states: ReplicaState[];
  /** Reads per target since start (the /metrics counter reads these). */
  readonly reads = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.states = config.databaseReplicaUrls.map((_, index) => ({
      name: `replica_${index + 1}`,
      up: false,
      error: 'not checked yet',
    }));
  }

  get enabled(): boolean {
    return this.states.length > 0;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    await this.checkAll();
    this.timer = setInterval(
      () => void this.checkAll(),
      this.config.databaseReplicaCheckIntervalMs,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  /**
   * Runs `work` on a replica that has everything `caller` wrote (or on the primary), in a READ
   * ONLY transaction, and always releases the connection. `caller` undefined: an anonymous read
   * (the public catalogue), which any fresh-enough replica may answer.
   */
  async read<T>(
    caller: Principal | undefined,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (!this.enabled) return this.count('primary', () => work(this.dataSource.manager));
    const needed = caller ? await this.positionOf(caller) : undefined;
    const index = this.pick(needed);
    if (index !== undefined) {
      try {
        return await this.count(this.states[index].name as ReadTarget, () =>
          this.runReadOnly(this.replicaPool(index), work),
        );
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          // Down since the last check: skip it until the next check finds it back.
          this.markDown(index, error);
        } else if (!isRecoveryConflict(error)) throw error;
        // A replay conflict cancelled the read on the replica: the primary answers instead.
      }
    }
    return this.count('primary', () => this.runReadOnly(undefined, work));
  }

  /** Called after an account's write request succeeded (RecordWritesInterceptor). */
  async recordWrite(caller: Principal): Promise<void> {
    if (!this.enabled) return;
    await this.dataSource.query(
      `INSERT INTO read_positions (account_key, lsn)
       VALUES ($1, (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint)
       ON CONFLICT (account_key) DO UPDATE SET lsn = EXCLUDED.lsn, updated_time = now()`,
      [accountKeyOf(caller)],
    );
  }

  /** Checks every replica once (also what the interval runs); one check at a time. */
  checkAll(): Promise<void> {
    this.checking ??= Promise.all(this.states.map((_, index) => this.check(index)))
      .then(() => undefined)
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async positionOf(caller: Principal): Promise<bigint | undefined> {
    const [row] = await this.dataSource.query<{ lsn: string }[]>(
      'SELECT lsn FROM read_positions WHERE account_key = $1',
      [accountKeyOf(caller)],
    );
    return row ? BigInt(row.lsn) : undefined;
  }

  /** Up, checked, and within DATABASE_REPLICA_MAX_LAG_MS. */
  usable(state: ReplicaState): boolean {
    return (
      state.up &&
      state.replayLsn !== undefined &&
      state.lagMs !== undefined &&
      state.lagMs <= this.config.databaseReplicaMaxLagMs
    );
  }

  /** A usable replica with everything up to `needed` replayed; the least behind first. */
  private pick(needed: bigint | undefined): number | undefined {
    let best: number | undefined;
    this.states.forEach((state, index) => {
      if (!this.usable(state)) return;
      if (needed !== undefined && state.replayLsn! < needed) return;
      if (best === undefined || state.lagMs! < this.states[best].lagMs!) best = index;
    });
    return best;
  }

  private async check(index: number): Promise<void> {
    const state = this.states[index];
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in time')), CHECK_TIMEOUT_MS);
      });
      const { rows } = await Promise.race([
        this.replicaPool(index).query<{
          recovery: boolean;
          replay: string | null;
          lag_ms: number | null;
        }>(
          `SELECT pg_is_in_recovery() AS recovery,
                  pg_last_wal_replay_lsn()::text AS replay,
                  CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn()
                       THEN 0
                       ELSE (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8
                  END AS lag_ms`,
        ),
        timeout,
      ]);
      const [row] = rows;
      if (!row.recovery) throw new Error('not a replica (not in recovery): never used for reads');
      const wasUp = state.up;
      state.up = true;
      state.replayLsn = row.replay === null ? undefined : parseLsn(row.replay);
      // Unknown lag (nothing replayed yet since start) counts as too far behind.
      state.lagMs = row.lag_ms === null ? Number.POSITIVE_INFINITY : Math.max(0, row.lag_ms);
      state.error = undefined;
      if (!wasUp) this.logger.log({ msg: 'replica in use', replica: state.name });
    } catch (error) {
      this.markDown(index, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private markDown(index: number, error: unknown): void {
    const state = this.states[index];
    const why = describe(error);
    if (state.up || state.error !== why)
      this.logger.warn({ msg: 'replica skipped', replica: state.name, reason: why });
    state.up = false;
    state.lagMs = undefined;
    state.error = why;
  }

  private replicaPool(index: number): Pool {
    return (this.dataSource.driver as unknown as { slaves: Pool[] }).slaves[index];
  }

  /** `work` in a READ ONLY transaction on `pool` (a replica) or the primary. */
  private async runReadOnly<T>(
    pool: Pool | undefined,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner(pool ? 'slave' : 'master');
    if (pool) await pinTo(runner, pool);
    try {
      await runner.query('START TRANSACTION READ ONLY');
      try {
        const result = await work(runner.manager);
        await runner.query('COMMIT');
        return result;
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw refusedWrite(error) ?? error;
      }
    } finally {
      await runner.release();
    }
  }

  private async count<T>(target: ReadTarget, read: () => Promise<T>): Promise<T> {
    const result = await read();
    this.reads.set(target, (this.reads.get(target) ?? 0) + 1);
    return result;
  }
}

/** A write attempted through ReadReplicas.read(): a bug in the caller, never a user's error. */
export class ReplicaWriteRefused extends Error {
  constructor(cause: unknown) {
    super(
      'ReadReplicas.read() runs reads only (READ ONLY transaction); send writes through the primary: ' +
        (cause instanceof Error ? cause.message : String(cause)),
    );
  }
}

/** SQLSTATE 40001 on a standby: "canceling statement due to conflict with recovery". */
function isRecoveryConflict(error: unknown): boolean {
  return sqlStateOf(error) === SqlState.serializationFailure;
}

function refusedWrite(error: unknown): ReplicaWriteRefused | undefined {
  return sqlStateOf(error) === SqlState.readOnlyTransaction
    ? new ReplicaWriteRefused(error)
    : undefined;
}

/**
 * Gives the query runner a connection from one chosen replica's pool (TypeORM would pick one at
 * random, including a lagging one), wired as TypeORM wires its own, so release() returns it.
 */
async function pinTo(runner: QueryRunner, pool: Pool): Promise<void> {
  const client: PoolClient = await pool.connect();
  const target = runner as unknown as {
    databaseConnection: PoolClient;
    releaseCallback: (error?: Error) => void;
    releasePostgresConnection: (error?: Error) => Promise<void>;
    driver: { connectedQueryRunners: QueryRunner[] };
  };
  // A broken connection goes back marked as such (pg-pool then drops it).
  const onError = (error: Error) => void target.releasePostgresConnection(error);
  client.on('error', onError);
  target.driver.connectedQueryRunners.push(runner);
  target.databaseConnection = client;
  target.releaseCallback = (error?: Error) => {
    client.removeListener('error', onError);
    client.release(error);
  };
}

function describe(error: unknown): string {
  if (isDatabaseUnavailable(error)) {
    const code = (error as { code?: unknown }).code;
    return `unreachable${typeof code === 'string' ? ` (${code})` : ''}`;
  }
  if (error instanceof Error && /^(no answer|not a replica)/.test(error.message))
    return error.message;
  const code = (error as { code?: unknown }).code;
  return `check failed${typeof code === 'string' ? ` (${code})` : ''}`;
}
