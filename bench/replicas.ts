import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Principal } from '../src/common/auth/principal.js';
import { loadConfig } from '../src/common/config/app-config.js';
import { ReadReplicas } from '../src/common/database/read-replicas.service.js';
import { JsonLogger } from '../src/common/logging/json-logger.js';
import { createApp } from '../src/configure-app.js';
import { AdminAccountService } from '../src/users/services/admin-account.service.js';
import type { LoadJob, LoadTarget } from './load.js';
import { clustersUnavailable, PgCluster, query } from './pg-cluster.js';

/**
 * The replica part of `npm run bench` (issue 22): reads per second of a staff list and of the
 * public catalogue with 0 and with 1 streaming replica, and the extra latency of the
 * read-your-writes check. Makes its own throwaway primary (initdb) and replica
 * (pg_basebackup -R -X stream) on free loopback ports; skipped where initdb is missing.
 *
 * Both clusters run on this machine, so the replica adds no CPU or disk: it shows the cost of the
 * routing (pool choice, READ ONLY transaction, position lookup), not the capacity a replica on its
 * own host adds.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ORDERS = Number(process.env.BENCH_REPLICA_ORDERS ?? 2000);
const CHECKS = Number(process.env.BENCH_RYW_CHECKS ?? 2000);

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function load(targets: LoadTarget[]): Promise<Measured> {
  const job: LoadJob = { targets, concurrency: CONCURRENCY, requests: REQUESTS };
  return new Promise<{ latencies: number[]; errors: number; seconds: number }>(
    (resolve, reject) => {
      const worker = new Worker(new URL('./load.js', import.meta.url), { workerData: job });
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  ).then((run) => {
    const sorted = run.latencies.sort((a, b) => a - b);
    return {
      rps: Math.round(REQUESTS / run.seconds),
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      errors: run.errors,
    };
  });
}

async function api(base: string, method: string, path: string, body: unknown, headers = {}) {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { code: number; msg: string; data: any };
  if (json.code !== 0) throw new Error(`${method} ${path}: ${json.msg}`);
  return json.data;
}

async function start(
  env: Record<string, string>,
): Promise<{ app: NestFastifyApplication; base: string }> {
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-replicas-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'error',
    SEED_DEMO: 'false',
    DATA_DIR: 'memory://',
    ORDER_JOBS_INTERVAL_SECONDS: '0',
    EVENT_WORKERS: 'false',
    ...env,
  });
  const app = await createApp(config, new JsonLogger('error'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return { app, base };
}

/** p50/p99 in ms of `CHECKS` sequential ReadReplicas.read() calls of a trivial statement. */
async function timeReads(replicas: ReadReplicas, caller: Principal | undefined) {
  const latencies: number[] = [];
  for (let i = 0; i < CHECKS; i++) {
    const t0 = performance.now();
    await replicas.read(caller, (manager) => manager.query('SELECT 1'));
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Runs the replica part; answers the report lines (and whether anything failed). */
export async function replicasPass(): Promise<{ lines: string[]; failed: boolean }> {
  const why = clustersUnavailable();
  if (why) return { lines: [`skipped: ${why}`], failed: false };
  const primary = await PgCluster.primary();
  let replica: PgCluster | undefined;
  const apps: NestFastifyApplication[] = [];
  try {
    await query(primary.url(), 'CREATE DATABASE bench');
    const databaseUrl = primary.url('bench');
    const plain = await start({ DATABASE_URL: databaseUrl });
    apps.push(plain.app);
    await plain.app.get(AdminAccountService).ensureAdmin('bench-admin', 'bench-password');
    const staff = await api(plain.base, 'POST', '/system/api/login', {
      user_name: 'bench-admin',
      password: 'bench-password',
    });
    const admin = { admin: staff.token as string };
    const goods = await api(
      plain.base,
      'POST',
      '/system/api/archive/detail',
      { title: 'Bench suit', price: 9900, stock: 10_000_000, status: 1 },
      admin,
    );
    const buyer = await api(plain.base, 'POST', '/api/register', {
      user_name: `bench_${randomBytes(4).toString('hex')}`,
      password: 'secret123',
    });
    for (let i = 0; i < ORDERS; i++)
      await api(
        plain.base,
        'POST',
        '/api/order/create',
        { goods_id: goods.id },
        {
          token: buyer.token,
        },
      );
    replica = await primary.replica();
    const replicated = await start({
      DATABASE_URL: databaseUrl,
      DATABASE_REPLICA_URLS: replica.url('bench'),
      DATABASE_REPLICA_MAX_LAG_MS: '60000',
    });
    apps.push(replicated.app);

    const routes = [
      {
        name: 'staff order list',
        path: '/system/api/plugin/order/list?page_size=20',
        headers: admin,
      },
      { name: 'catalogue (/api/archive/list)', path: '/api/archive/list?limit=20', headers: {} },
    ];
    const lines = [
      `${ORDERS} orders; ${REQUESTS} requests per row, concurrency ${CONCURRENCY}; primary and replica on this machine`,
      '',
      '| read | replicas | req/s | p50 ms | p99 ms | errors |',
      '|---|---|---|---|---|---|',
    ];
    let failed = false;
    for (const route of routes)
      for (const [count, base] of [
        [0, plain.base],
        [1, replicated.base],
      ] as const) {
        const measured = await load([{ url: base + route.path, headers: route.headers }]);
        failed ||= measured.errors > 0;
        lines.push(
          `| ${route.name} | ${count} | ${measured.rps} | ${measured.p50.toFixed(1)} | ${measured.p99.toFixed(1)} | ${measured.errors} |`,
        );
      }
    const replicas = replicated.app.get(ReadReplicas);
    lines.push(
      '',
      `reads per target with 1 replica: ${JSON.stringify(Object.fromEntries(replicas.reads))}`,
    );

    // Read your writes: the same trivial read, anonymous (no check) and as an account with a
    // recorded write position (one primary-key read on the primary first).
    const caller: Principal = { kind: 'customer', id: buyer.id as number, userName: 'bench' };
    await replicas.recordWrite(caller);
    await replica.waitForReplay(primary);
    await replicas.checkAll();
    const anonymous = await timeReads(replicas, undefined);
    const checked = await timeReads(replicas, caller);
    lines.push(
      '',
      `read-your-writes check (${CHECKS} sequential ReadReplicas.read of SELECT 1 on the replica):`,
      `anonymous p50 ${anonymous.p50.toFixed(2)} ms, p99 ${anonymous.p99.toFixed(2)} ms; ` +
        `with the position check p50 ${checked.p50.toFixed(2)} ms, p99 ${checked.p99.toFixed(2)} ms; ` +
        `extra p50 ${(checked.p50 - anonymous.p50).toFixed(2)} ms`,
    );
    return { lines, failed };
  } finally {
    for (const app of apps.reverse()) await app.close();
    replica?.destroy();
    primary.destroy();
  }
}
