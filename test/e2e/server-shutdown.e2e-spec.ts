import pg from 'pg';
import { uniqueName } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { ApiClient } from '../support/api-client.js';
import { createTestDatabase } from '../support/database.js';
import {
  buildIfStale,
  Outcome,
  requestOnce,
  ServerProcess,
  startBuiltServer,
} from '../support/server-process.js';

/**
 * SIGTERM to the built server (`node dist/src/main.js`, the production command) during a burst of
 * order creations and order lists on PostgreSQL. Every request must either complete with an
 * envelope or be refused before the server took it (refused on connect, or reset by the kernel
 * for a connection still queued when the listener closed: the server logs that it left no
 * connection it took unanswered); none may be cut mid-answer, and the stored orders and stock must
 * match the creations that answered code 0 (so a reset request wrote nothing).
 */
const onPostgres = process.env.TEST_DB_MODE === 'pglite' ? describe.skip : describe;
const ADMIN = { user_name: uniqueName('ops'), password: 'ops-password-1' };

onPostgres('server process shutdown (e2e)', () => {
  let database: { url: string; drop(): Promise<void> };
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    buildIfStale();
    database = await createTestDatabase();
  }, 240_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await database.drop();
  });

  it('drains on SIGTERM, then loses no request of a burst: each completes or is refused', async () => {
    server = await startBuiltServer(database.url, ADMIN, 1000);
    const { baseUrl } = server;
    const api = new ApiClient(baseUrl);
    const staff = await api.post('/system/api/login', ADMIN);
    const goods = await createGoods(api, staff.body.data.token as string, { stock: 100_000 });
    const register = await api.post('/api/register', {
      user_name: uniqueName(),
      password: 'secret123',
    });
    const token = register.body.data.token as string;

    // Ten clients, each sending order creations and lists alternately, each on a fresh
    // connection, until the server refuses them.
    const outcomes: { kind: 'create' | 'list'; at: number; outcome: Outcome }[] = [];
    let sigtermAt = Number.POSITIVE_INFINITY;
    const client = async (index: number) => {
      for (let n = 0; n < 2000; n++) {
        const create = (n + index) % 2 === 0;
        const outcome = create
          ? await requestOnce(
              baseUrl,
              'POST',
              '/api/order/create',
              { token },
              { goods_id: goods.id },
            )
          : await requestOnce(baseUrl, 'GET', '/api/orders', { token });
        outcomes.push({ kind: create ? 'create' : 'list', at: Date.now(), outcome });
        if (outcome.kind !== 'envelope') return;
      }
    };
    const readiness: { at: number; status: number | 'refused' | 'cut'; connection?: string }[] = [];
    const probe = async () => {
      for (;;) {
        const at = Date.now();
        // The body is read to its end, as a real probe does: a client that leaves after the
        // status line makes the server's answer end unfinished, which is the client's doing.
        let connection: string | undefined;
        const answer = await fetch(`${baseUrl}/health/ready`).then(
          (res) => {
            connection = res.headers.get('connection') ?? undefined;
            return res.arrayBuffer().then(
              () => res.status,
              () => 'cut' as const,
            );
          },
          () => 'refused' as const,
        );
        readiness.push({ at, status: answer, connection });
        if (answer === 'refused') return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const burst = Promise.all([...Array.from({ length: 10 }, (_, i) => client(i)), probe()]);
    while (outcomes.length < 100) await new Promise((resolve) => setTimeout(resolve, 20));
    sigtermAt = Date.now();
    server.child.kill('SIGTERM');
    await burst;
    const exitCode = await server.exited;

    const broken = outcomes.filter((o) => o.outcome.kind === 'broken');
    expect(broken).toEqual([]);
    expect(exitCode).toBe(0);
    // Every client ended on a refusal, after the drain kept serving: refused on connect, or reset
    // by the kernel for a connection the process never took (queued as the listener closed).
    const ends = outcomes.filter((o) => o.outcome.kind === 'refused' || o.outcome.kind === 'reset');
    expect(ends).toHaveLength(10);
    expect(ends.every((o) => o.at >= sigtermAt)).toBe(true);
    // And the process cut no connection it took: each got its answers.
    const ended = server
      .output()
      .split('\n')
      .find((line) => line.includes('"every connection ended"'));
    expect(JSON.parse(ended ?? '{}')).toMatchObject({ unanswered: 0 });
    const servedAfterSigterm = outcomes.filter(
      (o) => o.at > sigtermAt && o.outcome.kind === 'envelope',
    );
    expect(servedAfterSigterm.length).toBeGreaterThan(0);
    const answered = outcomes.flatMap((o) => (o.outcome.kind === 'envelope' ? [o.outcome] : []));
    expect(answered.every((o) => o.status === 200 && o.code === 0)).toBe(true);
    // Readiness turned 503 during the drain, before the server stopped accepting.
    // (A probe sent as the signal was on its way may still say 200; none after the first 503.)
    expect(readiness.filter((r) => r.status === 'cut')).toEqual([]);
    const first503 = readiness.findIndex((r) => r.status === 503);
    expect(first503).toBeGreaterThan(-1);
    expect(readiness[first503].at).toBeGreaterThanOrEqual(sigtermAt);
    expect(readiness.slice(first503).every((r) => r.status !== 200)).toBe(true);
    // Draining answers close their connection, so no client reuses one as the listener closes.
    expect(readiness.filter((r) => r.status === 503).every((r) => r.connection === 'close')).toBe(
      true,
    );
    // The shutdown says what it does.
    const logged = server.output();
    for (const step of ['SIGTERM', 'draining', 'closing', 'connection pool closed', '"closed"']) {
      expect(logged).toContain(step);
    }

    // Stored state: one order and one unit of stock per creation that answered code 0.
    const created = outcomes.filter(
      (o) => o.kind === 'create' && o.outcome.kind === 'envelope' && o.outcome.code === 0,
    ).length;
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const orders = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
      const stock = await db.query<{ stock: number }>('SELECT stock FROM archives WHERE id = $1', [
        goods.id,
      ]);
      expect(orders.rows[0].n).toBe(created);
      expect(stock.rows[0].stock).toBe(100_000 - created);
    } finally {
      await db.end();
    }
  }, 120_000);
});
