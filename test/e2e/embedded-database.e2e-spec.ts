import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
