import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Throwaway PostgreSQL clusters for the replica tests and the replica bench: a primary made with `initdb` and streaming
 * replicas made with `pg_basebackup -R -X stream`, each on its own free loopback port and in its
 * own temporary directory, tuned to start fast (small shared_buffers, fsync off). Run as the
 * `postgres` user when the tests run as root (PostgreSQL refuses to run as root).
 */
const BIN_DIRS = [
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/17/bin',
];

function binDir(): string | undefined {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const found = BIN_DIRS.find((dir) => existsSync(join(dir, 'initdb')));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  return which.status === 0 && path ? path.replace(/\/initdb$/, '') : undefined;
}

/** Why clusters cannot be made here, or undefined when they can. */
export function clustersUnavailable(): string | undefined {
  if (!binDir())
    return 'initdb not found (install the PostgreSQL server package, or set PG_BIN_DIR)';
  return undefined;
}

const asRoot = process.getuid?.() === 0;

function run(program: string, args: string[]): string {
  const bin = join(binDir()!, program);
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' })
    : spawnSync(bin, args, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${program} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    chownSync(dir, Number(id), Number(gid));
  }
  return dir;
}

const FAST_SETTINGS = `
listen_addresses = '127.0.0.1'
shared_buffers = 16MB
fsync = off
full_page_writes = off
wal_level = replica
max_wal_senders = 5
max_connections = 60
hot_standby = on
wal_receiver_status_interval = 1s
logging_collector = off
`;

export class PgCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private running: boolean,
  ) {}

  /** postgres://postgres@127.0.0.1:<port>/<database> (trust authentication on loopback). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A new primary cluster, started. */
  static async primary(): Promise<PgCluster> {
    const dir = ownedTempDir('pg-primary-');
    const data = join(dir, 'data');
    run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]);
    const port = await freePort();
    appendFileSync(
      data + '/postgresql.conf',
      `${FAST_SETTINGS}port = ${port}\nunix_socket_directories = '${dir}'\n`,
    );
    appendFileSync(data + '/pg_hba.conf', 'host replication all 127.0.0.1/32 trust\n');
    const cluster = new PgCluster(dir, port, false);
    cluster.start();
    return cluster;
  }

  /**
   * A streaming replica of this cluster (`pg_basebackup -R -X stream`), started and caught up.
   */
  async replica(): Promise<PgCluster> {
    const dir = ownedTempDir('pg-replica-');
    const data = join(dir, 'data');
    run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-D',
      data,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ]);
    const port = await freePort();
    appendFileSync(
      join(data, 'postgresql.auto.conf'),
      `port = ${port}\nunix_socket_directories = '${dir}'\n`,
    );
    const replica = new PgCluster(dir, port, false);
    replica.start();
    // One commit replayed after the start, so the replica knows when it last replayed one
    // (pg_last_xact_replay_timestamp(), which its lag is measured from).
    await query(this.url(), 'SELECT txid_current()');
    await replica.waitForReplay(this);
    return replica;
  }

  /**
   * Replays what the primary commits from now on only after `delay` (a PostgreSQL interval, e.g.
   * '1h'; '0' replays at once again), which makes its lag deterministic.
   */
  delayReplay(delay: string): void {
    appendFileSync(
      join(this.dir, 'data', 'postgresql.auto.conf'),
      `recovery_min_apply_delay = '${delay}'\n`,
    );
    if (this.running) run('pg_ctl', ['-D', join(this.dir, 'data'), 'reload']);
  }

  /** Resolves once this replica has replayed everything the primary has written so far. */
  async waitForReplay(primary: PgCluster): Promise<void> {
    const target = await query<{ lsn: string }>(
      primary.url(),
      'SELECT pg_current_wal_insert_lsn()::text AS lsn',
    );
    for (;;) {
      const row = await query<{ done: boolean }>(
        this.url(),
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
        [target.lsn],
      ).catch(() => ({ done: false }));
      if (row.done) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  start(): void {
    run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    this.running = true;
  }

  stop(): void {
    if (!this.running) return;
    run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
    this.running = false;
  }

  /** Stops the cluster (if running) and removes its directory. */
  destroy(): void {
    try {
      if (this.running)
        run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } finally {
      this.running = false;
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** One row of one statement on a fresh connection. */
export async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows[0] as T;
  } finally {
    await client.end();
  }
}
