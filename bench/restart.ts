/**
 * `npm run bench:restart`: restart to ready on the embedded database. Starts the server the way
 * `npm start` does (`node scripts/start.mjs`, which skips the build when the sources are
 * unchanged) on an existing data directory, times launch to the first `GET /health/ready` = 200,
 * stops it with SIGTERM (no drain) and repeats; reports each time, the median and the spread.
 *
 * BENCH_RESTARTS (default 5) sets the number of starts, DATA_DIR the data directory (default
 * ./data, created and seeded by one untimed start first when it does not exist yet),
 * BENCH_RESTART_PORT the port (default 18_301). DATABASE_URL is removed from the server's
 * environment: this measures the embedded database. The load average before and after says
 * whether the machine was idle (the 1-minute figure before below a quarter of the cores;
 * numbers from a busy machine are indicative only).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 5);
const PORT = Number(process.env.BENCH_RESTART_PORT ?? 18_301);
const DATA_DIR = process.env.DATA_DIR ?? './data';
const ROOT = process.cwd();
const READY_URL = `http://127.0.0.1:${PORT}/health/ready`;

interface Start {
  ms: number;
  /** The server's own start-up marks (`startup` log line), when it printed them. */
  phases?: Record<string, number>;
  /** Whether it ran from the bundle (dist/src/server.bundle.mjs) or the compiled modules. */
  bundled?: boolean;
}

async function readyOnce(): Promise<boolean> {
  try {
    const response = await fetch(READY_URL);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** One start: launch, poll readiness every 10 ms, then SIGTERM and wait for the exit. */
async function startOnce(): Promise<Start> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    DATA_DIR,
    LOG_FORMAT: 'json',
    SHUTDOWN_DRAIN_MS: '0',
  };
  delete env.DATABASE_URL;
  delete env.npm_lifecycle_event; // the server must not watch this process as its npm parent
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    while (!(await readyOnce())) {
      if (exitCode !== undefined) throw new Error(`server exited (${exitCode}):\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = performance.now() - started;
    return { ms, ...startupLine(output) };
  } finally {
    if (exitCode === undefined) child.kill('SIGTERM');
    await exited;
  }
}

/** The `startup` log line the server writes once listening (JSON logs). */
function startupLine(output: string): Pick<Start, 'phases' | 'bundled'> {
  for (const line of output.split('\n')) {
    if (!line.includes('"startup"')) continue;
    try {
      const parsed = JSON.parse(line) as {
        msg?: unknown;
        bundled?: boolean;
        phases?: Record<string, number>;
      };
      if (parsed.msg === 'startup' && parsed.phases)
        return { phases: parsed.phases, bundled: parsed.bundled };
    } catch {
      // not a JSON line
    }
  }
  return {};
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  if (await readyOnce()) throw new Error(`something already answers on port ${PORT}`);
  // Untimed: brings dist/.build-stamp up to date, so every timed start finds the build current.
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--build-only'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('build failed');
  if (!existsSync(join(DATA_DIR, 'pgdata', 'PG_VERSION'))) {
    process.stdout.write(`no database in ${DATA_DIR} yet: one untimed first start creates it\n`);
    await startOnce();
  }
  const before = loadavg();
  const starts: Start[] = [];
  for (let i = 0; i < RESTARTS; i += 1) {
    const start = await startOnce();
    starts.push(start);
    const phases = start.phases
      ? ` (${start.bundled ? 'bundle' : 'modules'}: ` +
        Object.entries(start.phases)
          .map(([name, ms]) => `${name} ${ms} ms`)
          .join(', ') +
        ')'
      : '';
    process.stdout.write(`start ${i + 1}: ready in ${seconds(start.ms)}${phases}\n`);
  }
  const after = loadavg();
  const times = starts.map((s) => s.ms);
  const cores = cpus().length;
  // The figure after includes the starts' own load: judged from the one before, as bench/run.ts.
  const idle = before[0] < cores * 0.25;
  process.stdout.write(
    [
      '',
      `restart to ready (embedded database, ${DATA_DIR}, ${RESTARTS} starts): median ${seconds(median(times))}` +
        ` (${seconds(Math.min(...times))}–${seconds(Math.max(...times))}); target ≤ 3 s: ` +
        (median(times) <= 3000 ? 'met' : `missed by ${seconds(median(times) - 3000)}`),
      `load average before ${before.map((l) => l.toFixed(2)).join(' ')}, after ` +
        `${after.map((l) => l.toFixed(2)).join(' ')} on ${cores} cores: ` +
        (idle
          ? 'machine idle at the start'
          : 'machine BUSY at the start: numbers are indicative only'),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
