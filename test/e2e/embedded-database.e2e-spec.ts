import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  EmbeddedPostgres,
  prestartEmbeddedPostgres,
  startEmbeddedPostgres,
} from '../../src/common/database/embedded-postgres.js';
import { EventLogService } from '../../src/events/services/event-log.service.js';
import { SseStream } from '../support/sse-client.js';
import { startTestApp } from '../support/test-app.js';

/**
 * The newcomer path: no DATABASE_URL, data on disk under DATA_DIR. The first start migrates,
 * seeds the demo accounts and creates the ADMIN_USER_NAME admin; a restart keeps everything.
 */
describe('embedded PGlite database on disk (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'custom-order-data-'));
  const env = {
    DATA_DIR: dataDir,
    JWT_SECRET: '',
    SEED_DEMO: 'true',
    ADMIN_USER_NAME: 'boss',
    ADMIN_PASSWORD: 'boss-password',
    // No safety poll during the test: events must arrive through the in-process commit signal
    // (PGlite has one session, so there is no LISTEN connection).
    EVENTS_POLL_INTERVAL_MS: '600000',
  };

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds on the first start, and keeps data and tokens across a restart', async () => {
    const first = await startTestApp(env, { embedded: true });
    let token: string;
    try {
      const demo = await first.api.post('/api/login', { user_name: 'demo', password: 'demo123' });
      expect(demo.body.code).toBe(0);
      expect(
        (await first.api.post('/system/api/login', { user_name: 'admin', password: 'admin123' }))
          .body.code,
      ).toBe(0);
      expect(
        (
          await first.api.post('/system/api/login', {
            user_name: 'boss',
            password: 'boss-password',
          })
        ).body.code,
      ).toBe(0);
      const reg = await first.api.post('/api/register', {
        user_name: 'persisted',
        password: 'secret123',
      });
      expect(reg.body.code).toBe(0);
      token = reg.body.data.token;
    } finally {
      await first.close();
    }

    const second = await startTestApp(env, { embedded: true });
    try {
      // The generated JWT secret was kept in DATA_DIR, so the old token still works.
      const me = await second.api.get('/api/user/detail', { token });
      expect(me.body).toMatchObject({ code: 0, data: { user_name: 'persisted' } });
      expect(
        (await second.api.post('/api/login', { user_name: 'persisted', password: 'secret123' }))
          .body.code,
      ).toBe(0);
      const [{ count }] = await second.dataSource.query(
        `SELECT count(*)::int AS count FROM users WHERE user_name = 'demo'`,
      );
      expect(count).toBe(1);

      // Event streams work on the embedded database too, through the same read path.
      const stream = await SseStream.open(second.baseUrl, '/api/events', { token });
      expect(stream.isStream).toBe(true);
      await second.dataSource.transaction((manager) =>
        second.app.get(EventLogService).record(manager, {
          type: 'comm.order.created',
          userId: me.body.data.id,
          commOrderId: 1,
          actor: 'customer',
        }),
      );
      await stream.untilEvents(1);
      expect(stream.domainEvents[0].event).toBe('comm.order.created');
      stream.close();
    } finally {
      await second.close();
    }
  }, 180_000); // two PGlite boots (WASM) and the demo seed: over a minute on a busy 2-core machine
});

/**
 * The embedded database (PGlite on its own worker thread behind pglite-socket), started the way
 * the server starts it: what it serves, that a clean stop keeps the data, that one directory is
 * never opened twice (by this process or another), that a failed boot says why and leaves no
 * lock, and that the app takes over the start main.ts began early.
 */
async function query(embedded: EmbeddedPostgres, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ ...embedded.endpoint });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL on its own thread (e2e)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-pg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves SQL, keeps the data across a clean stop and start, and releases its lock', async () => {
    const first = await startEmbeddedPostgres(dir);
    expect(first.freshlyCreated).toBe(true);
    expect(readFileSync(join(dir, 'pgdata.lock'), 'utf8')).toBe(String(process.pid));
    await query(first, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    await Promise.all([first.stop(), first.stop()]); // a second stop waits for the same one
    expect(existsSync(join(dir, 'pgdata.lock'))).toBe(false);

    const second = await startEmbeddedPostgres(dir);
    try {
      expect(second.freshlyCreated).toBe(false);
      expect(await query(second, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('refuses a directory this process already has open, and one a live process holds', async () => {
    const open = await startEmbeddedPostgres(dir);
    try {
      await expect(startEmbeddedPostgres(dir)).rejects.toThrow(/already open in this process/);
      expect(await query(open, 'SELECT 1 AS one')).toEqual([{ one: 1 }]); // still serving
    } finally {
      await open.stop();
    }

    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(dir, 'pgdata.lock'), String(holder.pid));
      await expect(startEmbeddedPostgres(dir)).rejects.toThrow(
        new RegExp(`in use by process ${holder.pid}`),
      );
      expect(readFileSync(join(dir, 'pgdata.lock'), 'utf8')).toBe(String(holder.pid));
    } finally {
      holder.kill('SIGKILL');
    }
    // The holder is gone: its lock is stale and taken over.
    await new Promise((resolve) => holder.once('exit', resolve));
    const taken = await startEmbeddedPostgres(dir);
    await taken.stop();
  }, 60_000);

  it('fails a start on an unusable data directory with the reason, leaving no lock', async () => {
    mkdirSync(join(dir, 'pgdata'));
    writeFileSync(join(dir, 'pgdata', 'PG_VERSION'), '9\n'); // another PostgreSQL's files
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow(
      `The embedded database in ${join(dir, 'pgdata')} did not start: PGlite failed to initialize`,
    );
    expect(existsSync(join(dir, 'pgdata.lock'))).toBe(false);
    // Nothing was left open: the directory can be used once it is fixed.
    rmSync(join(dir, 'pgdata'), { recursive: true });
    const fixed = await startEmbeddedPostgres(dir);
    await fixed.stop();
  }, 60_000);

  it('hands the start main.ts began early to the app, once', async () => {
    prestartEmbeddedPostgres(dir);
    prestartEmbeddedPostgres(dir); // a repeat is the same start, not a second database
    const taken = await startEmbeddedPostgres(dir); // would be refused as "already open" otherwise
    try {
      expect(await query(taken, 'SELECT 2 AS two')).toEqual([{ two: 2 }]);
      // Taken over once: a later start is a new one, refused while this one is open.
      await expect(startEmbeddedPostgres(dir)).rejects.toThrow(/already open in this process/);
    } finally {
      await taken.stop();
    }
  }, 60_000);

  it('runs in memory without a lock file', async () => {
    const memory = await startEmbeddedPostgres('memory://');
    try {
      expect(memory.freshlyCreated).toBe(true);
      expect(await query(memory, 'SELECT 3 AS three')).toEqual([{ three: 3 }]);
    } finally {
      await memory.stop();
    }
  }, 60_000);
});
