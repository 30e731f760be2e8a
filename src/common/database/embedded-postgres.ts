import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

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
  stop(): Promise<void>;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts PGlite (Postgres compiled to WASM) and serves it on a loopback port through
 * pglite-socket, so the app talks to it with the same `pg` driver, SQL and type parsing as a
 * real server. PGlite is single-session: the pool in front of it must hold one connection, which
 * serialises transactions (correct, just not parallel). `dataDir` of 'memory://' keeps nothing.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const inMemory = dataDir === 'memory://';
  const pgDir = inMemory ? dataDir : join(dataDir, 'pgdata');
  const lockFile = inMemory ? undefined : join(dataDir, 'pgdata.lock');
  let freshlyCreated = inMemory;

  if (lockFile) {
    mkdirSync(dataDir, { recursive: true });
    // Two processes on one PGlite directory would corrupt it; a stale lock (dead pid) is taken over.
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
    freshlyCreated = !existsSync(join(pgDir, 'PG_VERSION'));
  }

  const db = await PGlite.create(pgDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();

  return {
    endpoint: { host: '127.0.0.1', port: address.port, user: 'postgres', database: 'postgres' },
    freshlyCreated,
    async stop() {
      await server.stop();
      await db.close();
      if (lockFile) rmSync(lockFile, { force: true });
    },
  };
}
