import { jest } from '@jest/globals';
import pg from 'pg';
import { JsonLogger } from '../../src/common/logging/json-logger.js';
import { EventLogService } from '../../src/events/services/event-log.service.js';
import { registerCustomer, TestCustomer } from '../factories/accounts.factory.js';
import { TEST_ADMIN_URL } from '../support/database.js';
import { pollUntil } from '../support/poll.js';
import { SseStream, StreamOptions } from '../support/sse-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { recordEvent, requestCreated } from '../factories/events.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * What the event streams do when something goes wrong underneath them (docs/events.md, "Across
 * instances"): the LISTEN connection is killed, a token expires under an open stream, a
 * transaction that writes no event holds the log back. The safety poll is set to 10 minutes, so
 * only the mechanism under test can explain a delivery.
 */
// A second instance and outside sessions need PostgreSQL; PGlite has one session.
const onPostgres = process.env.TEST_DB_MODE === 'pglite' ? describe.skip : describe;

const NO_POLL = { EVENTS_POLL_INTERVAL_MS: '600000', EVENTS_HEARTBEAT_SECONDS: '1' };

interface HubSession {
  pid: number;
  state: string | null;
  query: string;
}

onPostgres('event streams: recovery (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  const open: SseStream[] = [];
  const outside: pg.Client[] = [];

  beforeAll(async () => {
    a = await startTestApp(NO_POLL);
    b = await startTestApp(NO_POLL, { databaseUrl: a.databaseUrl });
  });
  afterEach(async () => {
    for (const stream of open.splice(0)) stream.close();
    for (const client of outside.splice(0)) await client.end().catch(() => undefined);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function stream(t: TestApp, path: string, options: StreamOptions = {}) {
    const s = await SseStream.open(t.baseUrl, path, options);
    open.push(s);
    return s;
  }
  const customerStream = (t: TestApp, who: TestCustomer) =>
    stream(t, '/api/events', { token: who.token });

  /** A session of its own, outside both instances' pools. */
  async function session(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: a.databaseUrl });
    await client.connect();
    outside.push(client);
    return client;
  }

  /** The hubs' LISTEN sessions on the test database (both instances'). */
  async function hubSessions(): Promise<HubSession[]> {
    return a.dataSource.query(
      `SELECT pid, state, query FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'event-hub'
        ORDER BY pid`,
    );
  }
  const listening = (s: HubSession) => s.state === 'idle' && /^LISTEN domain_events$/.test(s.query);

  it('reconnects a killed LISTEN session: what committed meanwhile and after arrives, in order, once', async () => {
    const before = await pollUntil(5000, hubSessions, (s) => s.filter(listening).length === 2);
    expect(before.filter(listening)).toHaveLength(2);
    const oldPids = before.map((s) => s.pid);

    const customer = await registerCustomer(a.api);
    const s = await customerStream(a, customer);
    // Baseline: a commit on B reaches A's stream by NOTIFY (B's commit signal is B's own).
    const first = await recordEvent(b, requestCreated(customer.id, 1));
    await s.untilId(first, 2000);

    // Kill both hubs' LISTEN sessions from outside and commit, through B, right after they are
    // gone: A's hub has no session to hear that NOTIFY on, so only its catch-up after the
    // reconnect can find the row.
    const runner = b.dataSource.createQueryRunner();
    let during: string;
    try {
      await runner.startTransaction();
      await b.app.get(EventLogService).record(runner.manager, requestCreated(customer.id, 2));
      during = (await runner.query(`SELECT currval('domain_events_id_seq')::text AS id`))[0].id;
      const killed: { ok: boolean }[] = await runner.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'event-hub'`,
      );
      expect(killed.map((k) => k.ok)).toEqual([true, true]);
      // Commit as soon as they are gone (pg_terminate_backend's own wait sleeps 100 ms, as long
      // as the hubs' first reconnect delay).
      const gone = await pollUntil(1000, hubSessions, (x) => x.length === 0, 1);
      expect(gone).toEqual([]);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    const committedAt = Date.now();
    // No new LISTEN session yet: the row committed while A was not listening.
    expect((await hubSessions()).filter((x) => !oldPids.includes(x.pid))).toEqual([]);

    await s.untilId(during, 3000);
    // Reconnect backoff starts at 100 ms.
    expect(Date.now() - committedAt).toBeLessThan(2000);

    // A new LISTEN session per instance, under the same name.
    const after = await pollUntil(5000, hubSessions, (x) => x.filter(listening).length === 2);
    expect(after.filter(listening)).toHaveLength(2);
    expect(after.some((x) => oldPids.includes(x.pid))).toBe(false);

    // And NOTIFY works again: a commit on B reaches A's stream at once.
    const sentAt = Date.now();
    const next = await recordEvent(b, requestCreated(customer.id, 3));
    await s.untilId(next, 2000);
    expect(Date.now() - sentAt).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.domainEvents.map((e) => e.id)).toEqual([first, during, next]);
  });

  it('holds a row back while a transaction that writes no event is open, and sends it promptly once it ends', async () => {
    const customer = await registerCustomer(a.api);
    const bystander = await registerCustomer(a.api);
    const onA = await customerStream(a, customer);
    const onB = await customerStream(b, customer);
    const baseline = await recordEvent(a, requestCreated(customer.id, 1));
    for (const s of [onA, onB]) await s.untilId(baseline, 2000);

    // An unrelated write, left open: it holds a transaction id, and ending it notifies nobody.
    const other = await session();
    await other.query('BEGIN');
    await other.query('UPDATE users SET token_version = token_version WHERE id = $1', [
      bystander.id,
    ]);
    const [{ xid }] = (await other.query('SELECT pg_current_xact_id_if_assigned()::text AS xid'))
      .rows as { xid: string | null }[];
    expect(xid).not.toBeNull();

    // Committed after it began (through A: A's own commit signal and NOTIFY both fire now).
    const held = await recordEvent(a, requestCreated(customer.id, 2));
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const s of [onA, onB]) expect(s.domainEvents.map((e) => e.id)).toEqual([baseline]);

    // It ends: no event, no NOTIFY, no poll for 10 minutes. The held-back retry finds the row.
    await other.query('COMMIT');
    const endedAt = Date.now();
    for (const s of [onA, onB]) {
      await s.untilId(held, 2000);
      expect(Date.now() - endedAt).toBeLessThan(500);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const s of [onA, onB]) expect(s.domainEvents.map((e) => e.id)).toEqual([baseline, held]);
  });
});

onPostgres('event streams: token expiry (e2e)', () => {
  let t: TestApp;
  /** Between the app and PostgreSQL, so a test can make the database go silent. */
  let proxy: TcpProxy;
  const open: SseStream[] = [];
  /** The request log lines of streams (`ended` says why a stream ended). */
  let lines: Record<string, unknown>[] = [];
  let spy: ReturnType<typeof jest.spyOn>;

  beforeAll(async () => {
    const admin = new URL(TEST_ADMIN_URL);
    proxy = await TcpProxy.start({ host: admin.hostname, port: Number(admin.port || 5432) });
    t = await startTestApp(
      {
        ...NO_POLL,
        TOKEN_TTL: '3',
        // Smaller than the TTL (required), and no refreshed token gets in the way.
        TOKEN_REFRESH_WINDOW: '1',
      },
      { routeDatabase: (url) => proxy.route(url) },
    );
  });
  beforeEach(() => {
    lines = [];
    spy = jest.spyOn(JsonLogger.prototype, 'log').mockImplementation(function (
      this: JsonLogger,
      message: unknown,
    ) {
      if ((message as { stream?: string })?.stream) lines.push(message as never);
    });
  });
  afterEach(() => {
    spy.mockRestore();
    proxy.thaw();
    for (const stream of open.splice(0)) stream.close();
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.cut();
  });

  const expiryOf = (token: string) =>
    (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }).exp;

  /** How each stream finished, and when (or 'still open' after `ms`). */
  const endings = (streams: SseStream[], ms = 8000) =>
    Promise.all(
      streams.map(async (s) => {
        let timer: NodeJS.Timeout | undefined;
        const how = await Promise.race([
          s.finished,
          new Promise<'still open'>((resolve) => (timer = setTimeout(resolve, ms, 'still open'))),
        ]);
        clearTimeout(timer);
        return { how, at: Date.now() };
      }),
    );

  it('ends a customer stream opened with a token, and one opened with a ticket, when the token expires', async () => {
    const customer = await registerCustomer(t.api);
    const exp = expiryOf(customer.token);
    const issued = await t.api.post('/api/events/ticket', undefined, { token: customer.token });
    expect(issued.body.code).toBe(0);
    const byToken = await SseStream.open(t.baseUrl, '/api/events', { token: customer.token });
    const byTicket = await SseStream.open(t.baseUrl, '/api/events', {
      query: { ticket: issued.body.data.ticket },
    });
    open.push(byToken, byTicket);
    expect(byToken.isStream && byTicket.isStream).toBe(true);

    const ends = await endings([byToken, byTicket]);
    for (const end of ends) {
      // A normal end of the response, not a reset...
      expect(end.how).toBe('end');
      // ...once the token expired (not before), within a heartbeat or two.
      expect(end.at).toBeGreaterThanOrEqual(exp * 1000);
      expect(end.at).toBeLessThan(exp * 1000 + 2500);
    }
    // The request log line (written as the response ends) says why.
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatchObject({ ended: 'token_expired' });
    expect(lines.map((l) => l.url).sort()).toEqual(
      ['/api/events', '/api/events?ticket=[redacted]'].sort(),
    );
  });

  it('ends a stream when its token expires while the database does not answer', async () => {
    const customer = await registerCustomer(t.api);
    const exp = expiryOf(customer.token);
    const s = await SseStream.open(t.baseUrl, '/api/events', { token: customer.token });
    open.push(s);
    expect(s.isStream).toBe(true);
    // The database goes silent before the token expires: the heartbeat's re-check of the
    // logins gets no answer (nor an error).
    proxy.freeze();
    const [end] = await endings([s]);
    expect(end.how).toBe('end');
    expect(end.at).toBeGreaterThanOrEqual(exp * 1000);
    expect(end.at).toBeLessThan(exp * 1000 + 2500);
    expect(lines).toEqual([expect.objectContaining({ ended: 'token_expired' })]);
  });
});
