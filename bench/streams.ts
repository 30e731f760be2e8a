/**
 * The streams part of `npm run bench` (issue 17): how many idle Server-Sent-Event streams the
 * service holds and what each costs in memory, and how long a committed event takes to reach
 * the open streams. Called by bench/run.ts with the booted app (PostgreSQL only: delivery goes
 * through LISTEN/NOTIFY).
 *
 * - Idle: IDLE_STREAMS authenticated customer streams are opened from a separate client process
 *   (bench/stream-client.ts); the service's RSS and heap are taken after a forced GC before and
 *   after, and the difference is divided by the streams held. The same is done against a floor,
 *   bare Fastify holding as many SSE responses (bench/floor-streams.ts).
 * - Latency: LATENCY_STREAMS streams (customers with STREAMS_PER_CUSTOMER each, plus a few owner
 *   streams that see every event) while a writer process (bench/stream-writer.ts) commits
 *   EVENTS_PER_SECOND real events for LATENCY_SECONDS; every delivery's receive time minus its
 *   commit time, and every expected delivery that is missing, duplicated or sent to the wrong
 *   stream.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { TokenService } from '../src/users/services/token.service.js';
import type { OpenResult, Receipt, StreamSpec } from './stream-client.js';
import type { WriterJob, WriterMode, WriterResult, WriterTarget } from './stream-writer.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const IDLE_STREAMS = env('BENCH_IDLE_STREAMS', 2000);
const LATENCY_STREAMS = env('BENCH_LATENCY_STREAMS', 1000);
const EVENTS_PER_SECOND = env('BENCH_EVENTS_PER_SECOND', 100);
const LATENCY_SECONDS = env('BENCH_LATENCY_SECONDS', 20);
/** Owner streams in the latency run: they receive every event. */
const STAFF_STREAMS = env('BENCH_STAFF_STREAMS', 4);
/** A customer with a phone and a laptop: two streams each in the latency run. */
const STREAMS_PER_CUSTOMER = env('BENCH_STREAMS_PER_CUSTOMER', 2);
/** The idle run fills each customer up to the service's default cap per account. */
const IDLE_STREAMS_PER_CUSTOMER = 10;
/**
 * `http` (real changes), `record` (EventLogService.record), or `auto` (default): HTTP when a short
 * probe shows it keeps the rate on this machine, else record.
 */
const WRITER = (process.env.BENCH_STREAMS_WRITER ?? 'auto') as WriterMode | 'auto';
const PROBE_SECONDS = 3;
/** The HTTP writer must reach this share of EVENTS_PER_SECOND in the probe to be used. */
const PROBE_MIN_SHARE = 0.95;
const WRITER_MAX_IN_FLIGHT = 32;
/** Handshakes in flight at once: below the listen backlog (511), so no SYN is dropped. */
const OPEN_CONCURRENCY = 64;
const OPEN_TIMEOUT_MS = 120_000;
/** How long deliveries may still arrive after the writer's last commit. */
const GRACE_MS = 5_000;
const WARMUP_STREAMS = 100;
const TARGET_KIB_PER_STREAM = 20;
const TARGET_P99_MS = 100;

/** Settings for the app's config so the bench's own streams fit under its caps. */
export function streamsAppEnv(): Record<string, string> {
  return {
    EVENTS_MAX_STREAMS: String(Math.max(5000, IDLE_STREAMS, LATENCY_STREAMS) + WARMUP_STREAMS),
    EVENTS_MAX_STREAMS_PER_ACCOUNT: String(
      Math.max(10, IDLE_STREAMS_PER_CUSTOMER, STREAMS_PER_CUSTOMER, STAFF_STREAMS),
    ),
  };
}

export interface StreamsContext {
  app: NestFastifyApplication;
  base: string;
  databaseUrl: string;
  adminToken: string;
  goodsId: number;
}

// ---------------------------------------------------------------- child processes

/** Forks a bench helper (compiled next to this file) and waits for its first message. */
async function start<T>(file: string): Promise<{ child: ChildProcess; hello: T }> {
  const child = fork(new URL(file, import.meta.url), {
    execArgv: [...process.execArgv.filter((a) => a !== '--expose-gc'), '--expose-gc'],
  });
  return { child, hello: await ask<T>(child, undefined, 30_000) };
}

/** Sends a message to a child and waits for its answer; a child that dies fails the run. */
function ask<T>(child: ChildProcess, message: unknown, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (answer: T) => (done(), resolve(answer));
    const onExit = (code: number | null) => (done(), reject(new Error(`helper exited (${code})`)));
    const timer = setTimeout(
      () => (done(), reject(new Error(`no answer in ${timeoutMs} ms`))),
      timeoutMs,
    );
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (message !== undefined) child.send(message as object);
  });
}

function openStreams(client: ChildProcess, streams: StreamSpec[]): Promise<OpenResult> {
  return ask(
    client,
    { cmd: 'open', streams, concurrency: OPEN_CONCURRENCY, timeoutMs: OPEN_TIMEOUT_MS },
    OPEN_TIMEOUT_MS + 10_000,
  );
}

const closeStreams = (client: ChildProcess) => ask(client, { cmd: 'close' }, 30_000);

function memoryAfterGc(): NodeJS.MemoryUsage {
  if (!globalThis.gc) throw new Error('the streams bench needs node --expose-gc (npm run bench)');
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage();
}

// ---------------------------------------------------------------- seeding

/** `count` new customers (SQL, like the scale pass) with a token each from the app's TokenService. */
async function customers(ctx: StreamsContext, count: number, tag: string) {
  const dataSource = ctx.app.get(DataSource);
  const rows: { id: number }[] = await dataSource.query(
    `INSERT INTO users (user_name, password_hash, invite_code)
     SELECT 'stream_' || $1 || '_' || g, 'x', 'st' || $1 || g FROM generate_series(1, $2) g
     RETURNING id`,
    [tag, count],
  );
  const tokens = ctx.app.get(TokenService);
  return rows.map(({ id }) => ({ id, token: tokens.forCustomer(id, 0) }));
}

/** One request per customer: the first through the API, copies of it by SQL for the others. */
async function requestsFor(ctx: StreamsContext, buyers: { id: number; token: string }[]) {
  const response = await fetch(`${ctx.base}/api/communication/order/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', token: buyers[0].token },
    body: JSON.stringify({
      archive_id: ctx.goodsId,
      title: 'Stream bench',
      content: 'Size 52',
      phone: '13800000000',
    }),
  });
  const created = (await response.json()) as { code: number; msg: string; data: { id: number } };
  if (created.code !== 0) throw new Error(`order/create: ${created.msg}`);
  const dataSource = ctx.app.get(DataSource);
  const columns: string[] = (
    await dataSource.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'comm_orders' AND column_name NOT IN ('id', 'user_id')
        ORDER BY ordinal_position`,
    )
  ).map((row: { column_name: string }) => `"${row.column_name}"`);
  const copies: { id: number; user_id: number; status: number }[] = await dataSource.query(
    `INSERT INTO comm_orders (user_id, ${columns.join(', ')})
     SELECT u, ${columns.map((c) => `o.${c}`).join(', ')}
       FROM comm_orders o, unnest($2::int[]) u WHERE o.id = $1
     RETURNING id, user_id, status`,
    [created.data.id, buyers.slice(1).map((b) => b.id)],
  );
  const byUser = new Map(copies.map((c) => [c.user_id, c]));
  return buyers.map((buyer, i): WriterTarget => ({
    token: buyer.token,
    userId: buyer.id,
    commOrderId: i === 0 ? created.data.id : byUser.get(buyer.id)!.id,
    status: i === 0 ? 0 : byUser.get(buyer.id)!.status,
  }));
}

// ---------------------------------------------------------------- idle streams

interface IdleResult {
  open: OpenResult;
  rssKiB: number;
  heapKiB: number;
}

/** Warm up, then memory after a GC before and after opening `specs`, per stream held. */
async function idleMemory(
  client: ChildProcess,
  specs: StreamSpec[],
  memory: () => Promise<NodeJS.MemoryUsage>,
): Promise<IdleResult> {
  // Lazily built code paths and pools exist before the baseline, not inside the difference.
  await openStreams(client, specs.slice(0, WARMUP_STREAMS));
  await closeStreams(client);
  await sleep(1000);
  const before = await memory();
  const open = await openStreams(client, specs);
  await sleep(1000); // the last handshakes' garbage and socket buffers settle
  const after = await memory();
  await closeStreams(client);
  const perStream = (bytes: number) => (open.opened ? bytes / open.opened / 1024 : NaN);
  return {
    open,
    rssKiB: perStream(after.rss - before.rss),
    heapKiB: perStream(after.heapUsed - before.heapUsed),
  };
}

async function idlePass(ctx: StreamsContext, client: ChildProcess) {
  const accounts = await customers(ctx, Math.ceil(IDLE_STREAMS / IDLE_STREAMS_PER_CUSTOMER), 'i');
  const specs = Array.from({ length: IDLE_STREAMS }, (_, i) => ({
    url: `${ctx.base}/api/events`,
    headers: { token: accounts[i % accounts.length].token },
  }));
  const service = await idleMemory(client, specs, () => Promise.resolve(memoryAfterGc()));

  const { child: floor, hello } = await start<{ port: number }>('./floor-streams.js');
  try {
    const floorSpecs = specs.map(() => ({
      url: `http://127.0.0.1:${hello.port}/events`,
      headers: {},
    }));
    const floorResult = await idleMemory(client, floorSpecs, async () => {
      const answer = await ask<{ memory: NodeJS.MemoryUsage }>(floor, 'memory', 30_000);
      return answer.memory;
    });
    return { accounts: accounts.length, service, floor: floorResult };
  } finally {
    floor.send('stop');
  }
}

// ---------------------------------------------------------------- latency

interface Delivery {
  /** Expected (stream, event) pairs, each counted once. */
  expected: number;
  received: number;
  missing: number;
  duplicates: number;
  /** Writer events on a stream that must not see them, or unknown events on a customer stream. */
  unexpected: number;
  /** Events of the HTTP probe that arrived after it (held back): left out of everything. */
  lateProbe: number;
  /** Receive time − commit time (for the HTTP writer: − the response's arrival). */
  latencies: number[];
  /** Receive time − the moment the write started (an upper bound). */
  fromStart: number[];
}

/**
 * Matches what the streams received with what the writer committed. `owners[s]` is the target
 * index whose events stream s must receive, or -1 for an owner stream (every event); `probe`
 * holds the message ids the HTTP probe wrote before the measured run.
 */
function match(
  commits: WriterResult['commits'],
  receipts: Receipt[],
  owners: number[],
  mode: WriterMode,
  probe: Set<number>,
): Delivery {
  const committed = new Map(
    commits.map(([key, target, startedAt, at]) => [key, { target, startedAt, at }]),
  );
  const staffStreams = owners.filter((o) => o < 0).length;
  const streamsOf = new Map<number, number>();
  for (const owner of owners) streamsOf.set(owner, (streamsOf.get(owner) ?? 0) + 1);
  let expected = 0;
  for (const [, target] of commits) expected += (streamsOf.get(target) ?? 0) + staffStreams;
  const seen = new Set<string>();
  const result: Delivery = {
    expected,
    received: 0,
    missing: 0,
    duplicates: 0,
    unexpected: 0,
    lateProbe: 0,
    latencies: [],
    fromStart: [],
  };
  for (const [stream, id, messageId, receivedAt] of receipts) {
    const key = mode === 'http' ? messageId : Number(id);
    const commit = key === null ? undefined : committed.get(key);
    const owner = owners[stream];
    if (messageId !== null && probe.has(messageId)) {
      result.lateProbe++;
      continue;
    }
    if (!commit) {
      if (owner >= 0) result.unexpected++; // staff may see other events; a customer may not
      continue;
    }
    if (owner >= 0 && owner !== commit.target) {
      result.unexpected++;
      continue;
    }
    if (seen.has(`${stream}:${key}`)) {
      result.duplicates++;
      continue;
    }
    seen.add(`${stream}:${key}`);
    result.received++;
    result.latencies.push(receivedAt - commit.at);
    result.fromStart.push(receivedAt - commit.startedAt);
  }
  result.missing = expected - result.received;
  return result;
}

async function latencyPass(ctx: StreamsContext, client: ChildProcess) {
  const customerStreams = Math.max(0, LATENCY_STREAMS - STAFF_STREAMS);
  const buyers = await customers(ctx, Math.ceil(customerStreams / STREAMS_PER_CUSTOMER), 'l');
  const targets = await requestsFor(ctx, buyers);
  const owners = [
    ...Array.from({ length: customerStreams }, (_, i) => i % targets.length),
    ...Array.from({ length: STAFF_STREAMS }, () => -1),
  ];
  const specs = owners.map((owner): StreamSpec =>
    owner < 0
      ? {
          url: `${ctx.base}/system/api/events`,
          headers: { admin: ctx.adminToken },
        }
      : {
          url: `${ctx.base}/api/events`,
          headers: { token: targets[owner].token },
        },
  );
  const open = await openStreams(client, specs);
  const writer = await chooseWriter(ctx, targets, client);
  const measured = await measureWrites(ctx, targets, writer.mode);
  const delivery = await collectDeliveries(client, measured.written, owners, writer);
  const { closedEarly } = await ask<{ closedEarly: number }>(client, { cmd: 'receipts' }, 30_000);
  await closeStreams(client);
  return {
    open,
    customers: targets.length,
    customerStreams,
    writer,
    ...measured,
    delivery,
    closedEarly,
  };
}

const writerJob = (ctx: StreamsContext, targets: WriterTarget[], mode: WriterMode) => ({
  mode,
  rate: EVENTS_PER_SECOND,
  seconds: LATENCY_SECONDS,
  maxInFlight: WRITER_MAX_IN_FLIGHT,
  base: ctx.base,
  databaseUrl: ctx.databaseUrl,
  targets,
});

/** The writer to use, and for `auto` the rate the HTTP probe reached (its events are dropped). */
async function chooseWriter(ctx: StreamsContext, targets: WriterTarget[], client: ChildProcess) {
  let mode: WriterMode = WRITER === 'record' ? 'record' : 'http';
  let probeRate: number | undefined;
  const probeKeys = new Set<number>();
  if (WRITER === 'auto') {
    const probe = await write({ ...writerJob(ctx, targets, 'http'), seconds: PROBE_SECONDS });
    probeRate = probe.commits.length / probe.seconds;
    if (probeRate < EVENTS_PER_SECOND * PROBE_MIN_SHARE) mode = 'record';
    for (const [messageId] of probe.commits) probeKeys.add(messageId);
  }
  await sleep(1000);
  await ask(client, { cmd: 'receipts' }, 30_000); // nothing before the measured writes counts
  return { mode, probeRate, probeKeys };
}

/** The writer's run, with the service process's CPU and event-loop delay over it. */
async function measureWrites(ctx: StreamsContext, targets: WriterTarget[], mode: WriterMode) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const writing = write(writerJob(ctx, targets, mode));
  const others = await otherWriters(ctx.databaseUrl, writing);
  const written = await writing;
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  loop.disable();
  return {
    written,
    others,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    loopP99Ms: loop.percentile(99) / 1e6,
  };
}

/**
 * The event reader delivers only below the oldest writing transaction of the whole server
 * (pg_snapshot_xmin), so a write open in ANOTHER database (other people's tests on a shared
 * server) holds every delivery back. Samples them every 250 ms until `until` settles, on a
 * connection of its own, to tell that apart from the service's own latency.
 */
async function otherWriters(databaseUrl: string, until: Promise<unknown>) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let running = true;
  void until.finally(() => (running = false)).catch(() => undefined);
  const result = { samples: 0, held: 0, longestMs: 0 };
  try {
    while (running) {
      const { rows } = await client.query<{ open: number; ms: number }>(
        `SELECT count(*)::int AS open,
                coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)) * 1000, 0)::float8 AS ms
           FROM pg_stat_activity
          WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()`,
      );
      result.samples++;
      if (rows[0].open > 0) result.held++;
      result.longestMs = Math.max(result.longestMs, rows[0].ms);
      await sleep(250);
    }
  } finally {
    await client.end();
  }
  return result;
}

/** Receipts until every expected delivery arrived, or GRACE_MS after the last commit. */
async function collectDeliveries(
  client: ChildProcess,
  written: WriterResult,
  owners: number[],
  writer: { mode: WriterMode; probeKeys: Set<number> },
): Promise<Delivery> {
  const receipts: Receipt[] = [];
  const matchAll = () => match(written.commits, receipts, owners, writer.mode, writer.probeKeys);
  let delivery = matchAll();
  for (const deadline = performance.now() + GRACE_MS; performance.now() < deadline;) {
    const answer = await ask<{ receipts: Receipt[] }>(client, { cmd: 'receipts' }, 30_000);
    receipts.push(...answer.receipts);
    delivery = matchAll();
    if (delivery.missing <= 0) break;
    await sleep(250);
  }
  return delivery;
}

async function write(job: WriterJob): Promise<WriterResult> {
  const { child } = await start<{ ready: true }>('./stream-writer.js');
  return ask<WriterResult>(child, job, (job.seconds + 120) * 1000);
}

// ---------------------------------------------------------------- report

/** p = 100 is the largest; NaN when nothing was measured. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function idleLines(idle: Awaited<ReturnType<typeof idlePass>>): string[] {
  const row = (name: string, r: IdleResult) =>
    `| ${name} | ${r.open.opened} of ${IDLE_STREAMS} (${r.open.failed} failed) | ${(r.open.ms / 1000).toFixed(1)} | ${r.rssKiB.toFixed(1)} | ${r.heapKiB.toFixed(1)} |`;
  const lines = [
    `Idle streams: ${IDLE_STREAMS} authenticated customer streams (${idle.accounts} customers, up to ${IDLE_STREAMS_PER_CUSTOMER} each) opened from a separate process, one socket each over loopback; memory after a forced GC before and after opening, ÷ streams held`,
    '',
    '| process | streams held | open in s | RSS KiB/stream | heap used KiB/stream |',
    '|---|---|---|---|---|',
    row('service (GET /api/events)', idle.service),
    row('floor (bare Fastify, bench/floor-streams.ts)', idle.floor),
    '',
    `service ÷ floor, RSS per stream: ${(idle.service.rssKiB / idle.floor.rssKiB).toFixed(2)}×, heap per stream: ${(idle.service.heapKiB / idle.floor.heapKiB).toFixed(2)}×; target ≤ ${TARGET_KIB_PER_STREAM} KiB per idle stream (the larger of RSS and heap: RSS can grow less than the heap when the heap reuses pages it already held): ${verdict(Math.max(idle.service.rssKiB, idle.service.heapKiB) <= TARGET_KIB_PER_STREAM)}`,
  ];
  for (const [name, r] of [
    ['service', idle.service],
    ['floor', idle.floor],
  ] as const) {
    if (r.open.firstError) lines.push(`${name}: first failed stream: ${r.open.firstError}`);
  }
  return lines;
}

function latencyLines(latency: Awaited<ReturnType<typeof latencyPass>>): string[] {
  const { written, delivery } = latency;
  const fromCommit = [...delivery.latencies].sort((a, b) => a - b);
  const fromStart = [...delivery.fromStart].sort((a, b) => a - b);
  const p99 = percentile(fromCommit, 99);
  const ms = (sorted: number[], p: number) => percentile(sorted, p).toFixed(1);
  const row = (name: string, sorted: number[]) =>
    `| ${name} | ${ms(sorted, 50)} | ${ms(sorted, 99)} | ${ms(sorted, 100)} |`;
  const { mode, probeRate } = latency.writer;
  const how =
    mode === 'http'
      ? 'customers sending messages (POST /api/communication/message/send → comm.message.created)'
      : 'EventLogService.record in short transactions of its own (comm.order.updated), as another instance would';
  const why =
    probeRate === undefined
      ? `BENCH_STREAMS_WRITER=${mode}`
      : `the HTTP probe reached ${probeRate.toFixed(1)}/s of ${EVENTS_PER_SECOND}/s in ${PROBE_SECONDS} s`;
  const commitRow =
    mode === 'http'
      ? 'commit (the response arrived; a lower bound)'
      : 'commit (COMMIT returned to the writer)';
  const request = mode === 'http' ? 'request sent' : 'transaction began';
  const lines = [
    `Commit-to-delivery: ${latency.open.opened} of ${LATENCY_STREAMS} streams open (${latency.customerStreams} for ${latency.customers} customers, ${STREAMS_PER_CUSTOMER} each, + ${STAFF_STREAMS} owner streams that see every event; ${latency.open.failed} failed); writer in its own process (${why}): ${how}`,
    `writer: ${written.commits.length} events in ${written.seconds.toFixed(1)} s = ${(written.commits.length / written.seconds).toFixed(1)}/s (asked ${EVENTS_PER_SECOND}/s for ${LATENCY_SECONDS} s), ${written.late} ticks late, ${written.errors} errors${written.firstError ? ` (first: ${written.firstError})` : ''}`,
    `writing transactions open in other databases of the server (they hold deliveries back): in ${latency.others.held} of ${latency.others.samples} samples, the longest open ${latency.others.longestMs.toFixed(0)} ms`,
    `deliveries: ${delivery.received} of ${delivery.expected} expected, ${delivery.missing} missing, ${delivery.duplicates} duplicates, ${delivery.unexpected} unexpected, ${latency.closedEarly} streams closed early, ${delivery.lateProbe} late deliveries of the probe left out; service process: ${latency.cpuPercent.toFixed(0)}% of a core, event-loop delay p99 ${latency.loopP99Ms.toFixed(1)} ms`,
    '',
    '| latency measured from | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|',
    row(commitRow, fromCommit),
    row(`the write's start (${request}; an upper bound)`, fromStart),
    '',
    `target p99 ≤ ${TARGET_P99_MS} ms (from the commit): ${verdict(p99 <= TARGET_P99_MS)}; no missing, duplicate or unexpected delivery: ${verdict(delivery.missing === 0 && delivery.duplicates === 0 && delivery.unexpected === 0)}`,
  ];
  if (latency.open.firstError) lines.push(`first failed stream: ${latency.open.firstError}`);
  return lines;
}

/** The fan-out figures for the bench's summary (bench/run.ts). */
export interface FanOut {
  streams: number;
  eventsPerSecond: number;
  p99Ms: number;
  targetP99Ms: number;
  /** No missing, duplicate or unexpected delivery. */
  complete: boolean;
}

/** Runs both parts; `failed` when a stream could not open or a delivery went wrong. */
export async function streamsPass(
  ctx: StreamsContext,
): Promise<{ lines: string[]; failed: boolean; fanOut: FanOut }> {
  const { child: client } = await start<{ ready: true }>('./stream-client.js');
  try {
    const idle = await idlePass(ctx, client);
    const latency = await latencyPass(ctx, client);
    const { delivery } = latency;
    const failed =
      idle.service.open.failed > 0 ||
      latency.open.failed > 0 ||
      latency.written.errors > 0 ||
      latency.closedEarly > 0 ||
      delivery.missing !== 0 ||
      delivery.duplicates > 0 ||
      delivery.unexpected > 0;
    const fanOut: FanOut = {
      streams: latency.open.opened,
      eventsPerSecond: latency.written.commits.length / latency.written.seconds,
      p99Ms: percentile(
        [...delivery.latencies].sort((a, b) => a - b),
        99,
      ),
      targetP99Ms: TARGET_P99_MS,
      complete: delivery.missing === 0 && delivery.duplicates === 0 && delivery.unexpected === 0,
    };
    return { lines: ['', ...idleLines(idle), '', ...latencyLines(latency)], failed, fanOut };
  } finally {
    client.send('exit');
  }
}
