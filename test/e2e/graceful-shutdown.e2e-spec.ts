import { jest } from '@jest/globals';
import pg from 'pg';
import { CommOrderLookup } from '../../src/communication/services/comm-order.lookup.js';
import { createAdmin, registerCustomer } from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { createCommOrder, staffQuote } from '../factories/communication.factory.js';
import { pollUntil } from '../support/poll.js';
import { startTestApp } from '../support/test-app.js';

/** Only fails a hung test. */
const HANG_MS = 30_000;

/**
 * Shutdown lets in-flight requests finish: the HTTP server stops taking requests first, and the
 * pool closes only after (TypeORM closes it in a shutdown hook, which Nest runs after the server).
 * The in-flight request here is an accept kept waiting by a row lock held from outside the app.
 */
// Holding the row needs a second database session; PGlite (the no-PostgreSQL fallback) has one.
const itWithSecondSession = process.env.TEST_DB_MODE === 'pglite' ? it.skip : it;

describe('graceful shutdown (e2e)', () => {
  itWithSecondSession(
    'finishes a request that is in flight when the app is asked to close',
    async () => {
      const t = await startTestApp();
      const customer = await registerCustomer(t.api);
      const staff = await createAdmin(t);
      const goods = await createGoodsOnSale(t);
      const request = await createCommOrder(t.api, customer, goods.id);
      await staffQuote(t.api, staff, request.id, '99');

      // Hold the request's row so the accept keeps retrying (it waits without holding a connection).
      const options = t.dataSource.options as {
        url?: string;
        host?: string;
        port?: number;
        username?: string;
        database?: string;
      };
      const blocker = new pg.Client(
        options.url
          ? { connectionString: options.url }
          : {
              host: options.host,
              port: options.port,
              user: options.username,
              database: options.database,
            },
      );
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM comm_orders WHERE id = $1 FOR UPDATE', [request.id]);

      // The accept meets the held row (NOWAIT) and tries again: a second lookup of the row means
      // the first was refused by the lock, so the request is in flight and at the lock.
      const lookups = jest.spyOn(t.app.get(CommOrderLookup), 'lockVisible');
      try {
        let settled = false;
        const inFlight = t.api.post(
          '/api/communication/order/accept',
          { id: request.id },
          { token: customer.token },
        );
        inFlight.then(
          () => (settled = true),
          () => (settled = true),
        );
        expect(
          await pollUntil(
            HANG_MS,
            () => Promise.resolve(lookups.mock.calls.length),
            (n) => n >= 2,
          ),
        ).toBeGreaterThanOrEqual(2);

        const closing = t.app.close();
        // While closing, nothing new is accepted (the event: the listener is gone)...
        const probe = await pollUntil(
          HANG_MS,
          () =>
            fetch(`${t.baseUrl}/health`).then(
              (res) => `answered ${res.status}`,
              () => 'refused',
            ),
          (outcome) => outcome === 'refused',
        );
        expect(probe).toBe('refused');
        // ...while the accept is still in flight, still trying the row.
        const triesWhileClosing = lookups.mock.calls.length;
        expect(
          await pollUntil(
            HANG_MS,
            () => Promise.resolve(lookups.mock.calls.length),
            (n) => n > triesWhileClosing,
          ),
        ).toBeGreaterThan(triesWhileClosing);
        expect(settled).toBe(false);
        // ...but the accept in flight completes once the row is free, with its order placed.
        await blocker.query('COMMIT');
        const accepted = await inFlight;
        expect(accepted.body.code).toBe(0);
        expect(accepted.body.data.order_id).toMatch(/^\d{18}$/);
        // ...and tells the client to drop the connection, so close() need not wait for idle sockets.
        expect(accepted.headers.get('connection')).toBe('close');
        await closing;

        const [row] = (
          await blocker.query('SELECT status, order_id FROM comm_orders WHERE id = $1', [
            request.id,
          ])
        ).rows;
        expect(row).toEqual({ status: 3, order_id: accepted.body.data.id });
      } finally {
        // A failed step must not leave the row held (the app would wait for it) or the spy on.
        lookups.mockRestore();
        await blocker.query('ROLLBACK').catch(() => undefined);
        await blocker.end();
        await t.close().catch(() => undefined); // drops the database (the app is already closed)
      }
    },
  );
});
