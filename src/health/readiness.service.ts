import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../common/database/database-unavailable.js';
import { LifecycleState } from '../common/lifecycle/lifecycle-state.js';
import { ReadReplicas } from '../common/database/read-replicas.service.js';

export interface CheckResult {
  status: 'up' | 'down';
  /** Why it is down: short and free of host names or credentials (the probe is public). */
  error?: string;
  /** Replicas only. */
  lag_ms?: number;
  used?: boolean;
}

export interface Readiness {
  status: 'ok' | 'error';
  checks: Record<string, CheckResult>;
}

/** Below the balancer's usual probe timeout, above a healthy ping by orders of magnitude. */
const PING_TIMEOUT_MS = 1500;

@Injectable()
export class ReadinessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: LifecycleState,
    private readonly replicas: ReadReplicas,
  ) {}

  async check(): Promise<Readiness> {
    const checks: Record<string, CheckResult> = {};
    if (this.lifecycle.draining) {
      checks.shutdown = { status: 'down', error: 'shutting down: send new requests elsewhere' };
    }
    checks.database = await this.pingDatabase();
    const ok = Object.values(checks).every((check) => check.status === 'up');
    // Replicas are reported, never failing readiness: their reads go to the primary meanwhile.
    for (const replica of this.replicas.states) {
      const lag = replica.lagMs !== undefined && Number.isFinite(replica.lagMs);
      checks[replica.name] = {
        status: replica.up ? 'up' : 'down',
        ...(replica.error ? { error: replica.error } : {}),
        ...(lag ? { lag_ms: Math.round(replica.lagMs!) } : {}),
        used: this.replicas.usable(replica),
      };
    }
    return { status: ok ? 'ok' : 'error', checks };
  }

  private async pingDatabase(): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)),
        PING_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (isDatabaseUnavailable(error)) {
    return `unreachable${typeof code === 'string' ? ` (${code})` : ''}`;
  }
  if (error instanceof Error && error.message.startsWith('no answer')) return error.message;
  return `query failed${typeof code === 'string' ? ` (${code})` : ''}`;
}
