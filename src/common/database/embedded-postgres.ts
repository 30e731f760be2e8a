import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface DatabaseEndpoint {
  host: string;
  port: number;
  user: string;
  database: string;
}

export interface EmbeddedPostgres {
  endpoint: DatabaseEndpoint;
  /** True when the data directory was created by this start (an empty database). */
  freshlyCreated: boolean;
  /**
   * Settles with the reason if the database's thread ends without `stop()` (PGlite aborted):
   * every query fails from then on, so the server should stop and be restarted.
   */
  lost: Promise<Error>;
  /** Stops serving and closes the database cleanly; safe to call more than once. */
  stop(): Promise<void>;
}

/** PGlite and its socket server run on this worker thread (see the file). */
const WORKER_FILE = new URL('./embedded-postgres.worker.mjs', import.meta.url);
const STOP_TIMEOUT_MS = 30_000;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Data directories this process has open (two PGlites on one directory would corrupt it too). */
const openHere = new Set<string>();

/**
 * Two processes on one PGlite directory would corrupt it; a stale lock (dead pid) is taken over.
 */
function takeLock(dataDir: string, lockFile: string): void {
  if (openHere.has(lockFile))
    throw new Error(`The embedded database in ${dataDir} is already open in this process.`);
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(lockFile)) {
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && processIsAlive(holder)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${holder}. ` +
          'Stop it, use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  openHere.add(lockFile);
}

function releaseLock(lockFile: string): void {
  rmSync(lockFile, { force: true });
  openHere.delete(lockFile);
}

/** Starts the thread and waits for its port; a failed boot rejects with the thread's error. */
function startThread(pgDir: string): Promise<{ worker: Worker; port: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: { pgDir } });
    const failed = (reason: string) =>
      reject(new Error(`The embedded database in ${pgDir} did not start: ${reason}`));
    const onError = (error: Error) => failed(error.message);
    const onExit = (code: number) => failed(`its thread ended (exit code ${code})`);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.once('message', (message: { port: number }) => {
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve({ worker, port: message.port });
    });
  });
}

async function boot(dataDir: string): Promise<EmbeddedPostgres> {
  const inMemory = dataDir === 'memory://';
  const pgDir = inMemory ? dataDir : join(dataDir, 'pgdata');
  const lockFile = inMemory ? undefined : resolve(dataDir, 'pgdata.lock');
  if (lockFile) takeLock(dataDir, lockFile);
  const freshlyCreated = inMemory || !existsSync(join(pgDir, 'PG_VERSION'));

  let worker: Worker;
  let port: number;
  try {
    ({ worker, port } = await startThread(pgDir));
  } catch (error) {
    if (lockFile) releaseLock(lockFile);
    throw error;
  }
  // The thread does not keep the process alive by itself; stop() holds it until it has closed.
  worker.unref();

  let stopping: Promise<void> | undefined;
  let lastError: Error | undefined;
  worker.on('error', (error) => (lastError = error));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const lost = new Promise<Error>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping)
        resolve(lastError ?? new Error(`the embedded database ended (exit code ${code})`));
    }),
  );

  return {
    endpoint: { host: '127.0.0.1', port, user: 'postgres', database: 'postgres' },
    freshlyCreated,
    lost,
    stop() {
      stopping ??= (async () => {
        worker.ref();
        worker.postMessage('stop');
        // A close that hangs must not hold the process forever; PGlite recovers at the next start.
        const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
        if (lockFile) releaseLock(lockFile);
      })();
      return stopping;
    },
  };
}

/** Started early by `prestartEmbeddedPostgres`, by data directory, until the app takes it. */
const prestarted = new Map<string, Promise<EmbeddedPostgres>>();

/**
 * Starts PGlite (PostgreSQL compiled to WASM) on its own thread and serves it on a loopback port
 * through pglite-socket, so the app talks to it with the same `pg` driver, SQL and type parsing
 * as a real server. PGlite is single-session: the pool in front of it must hold one connection,
 * which serialises transactions (correct, just not parallel). `dataDir` of 'memory://' keeps
 * nothing. Takes over a start `prestartEmbeddedPostgres` began for the same directory.
 */
export function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const early = prestarted.get(dataDir);
  prestarted.delete(dataDir);
  return early ?? boot(dataDir);
}

/**
 * Begins the start before the app's modules load (main.ts): PGlite's boot then runs on the
 * other core meanwhile instead of after it. A failure surfaces where the app takes it over.
 */
export function prestartEmbeddedPostgres(dataDir: string): void {
  if (prestarted.has(dataDir)) return;
  const started = boot(dataDir);
  started.catch(() => undefined);
  prestarted.set(dataDir, started);
}
