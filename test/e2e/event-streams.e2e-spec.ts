import { connect } from 'node:net';
import {
  roleMay,
  STAFF_PERMISSIONS,
  STAFF_ROLES,
  StaffRole,
} from '../../src/common/auth/staff-roles.js';
import { EVENT_TYPE_NAMES, EVENT_TYPES, EventType } from '../../src/events/event-catalogue.js';
import { EventLogService } from '../../src/events/services/event-log.service.js';
import { StreamRegistry } from '../../src/events/services/stream-registry.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { createCommOrder, staffReply } from '../factories/communication.factory.js';
import { dataOf, SseStream, StreamOptions } from '../support/sse-client.js';
import { recordEvent, requestCreated } from '../factories/events.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * The live event streams (docs/events.md) over real HTTP on PostgreSQL: two instances on one
 * database (a third with small limits), writers in real transactions.
 */
// Several instances and a second session need PostgreSQL; PGlite has one session.
const onPostgres = process.env.TEST_DB_MODE === 'pglite' ? describe.skip : describe;

const FAST = {
  EVENTS_HEARTBEAT_SECONDS: '1',
  EVENTS_POLL_INTERVAL_MS: '500',
  EVENTS_MAX_STREAMS_PER_ACCOUNT: '3',
};

onPostgres('event streams (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  /** Small limits: 2 streams, 1 s tickets, 16 KiB of unsent output per stream. */
  let c: TestApp;
  let owner: TestAdmin;
  let goodsId: number;
  const open: SseStream[] = [];

  beforeAll(async () => {
    a = await startTestApp(FAST);
    b = await startTestApp(FAST, { databaseUrl: a.databaseUrl });
    c = await startTestApp(
      {
        ...FAST,
        EVENTS_MAX_STREAMS: '2',
        EVENTS_TICKET_TTL: '1',
        EVENTS_STREAM_BUFFER_BYTES: '16384',
      },
      { databaseUrl: a.databaseUrl },
    );
    owner = await createAdmin(a);
    goodsId = (await createGoodsOnSale(a)).id;
  });
  afterEach(() => {
    for (const stream of open.splice(0)) stream.close();
  });
  afterAll(async () => {
    await c?.close();
    await b?.close();
    await a?.close();
  });

  async function stream(t: TestApp, path: string, options: StreamOptions = {}) {
    const s = await SseStream.open(t.baseUrl, path, options);
    open.push(s);
    return s;
  }
  const customerStream = (t: TestApp, who: TestCustomer, options: StreamOptions = {}) =>
    stream(t, '/api/events', { token: who.token, ...options });
  const staffStream = (t: TestApp, who: TestAdmin, options: StreamOptions = {}) =>
    stream(t, '/system/api/events', { admin: who.token, ...options });

  async function customerMessage(who: TestCustomer, commOrderId: number, n: number) {
    const res = await a.api.post(
      '/api/communication/message/send',
      { comm_order_id: commOrderId, message_type: 'text', content: `message ${n}` },
      { token: who.token },
    );
    if (res.body.code !== 0) throw new Error(res.text);
  }

  it('serves a customer stream on instance B with the staff reply made on instance A, once', async () => {
    const customer = await registerCustomer(a.api);
    const request = await createCommOrder(a.api, customer, goodsId);
    const s = await customerStream(b, customer);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(s.headers['cache-control']).toBe('no-cache, no-transform');
    expect(s.headers['x-accel-buffering']).toBe('no');
    expect(s.headers['x-request-id']).toBeTruthy();
    expect(s.headers['x-content-type-options']).toBe('nosniff'); // helmet's
    expect(s.headers['content-encoding']).toBeUndefined();

    const reply = await staffReply(a.api, owner, request.id, 'hello from A');
    await s.untilEvents(1);
    // A moment for a duplicate to show up, if there were one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.retry).toBe(3000);
    // (The request's creation may come too: "live from now" starts at this instance's head,
    // which can be a few milliseconds behind a commit on instance A.)
    const replies = s.domainEvents.filter((e) => e.event === 'comm.message.created');
    expect(replies).toHaveLength(1);
    const data = dataOf(replies[0]);
    expect(data).toEqual({
      id: Number(replies[0].id),
      type: 'comm.message.created',
      comm_order_id: request.id,
      order_id: null,
      message_id: expect.any(Number),
      status: expect.any(Number),
      actor: 'staff',
      created_time: expect.any(Number),
    });
    expect(reply).toBeDefined();
  });

  it('delivers a burst of 50 changes complete and in id order on both instances', async () => {
    const customer = await registerCustomer(a.api);
    const request = await createCommOrder(a.api, customer, goodsId);
    const streams = [
      await customerStream(a, customer),
      await customerStream(b, customer),
      await staffStream(a, owner),
      await staffStream(b, owner),
    ];
    for (let n = 0; n < 50; n++) await customerMessage(customer, request.id, n);
    const ids: string[] = (
      await a.dataSource.query(
        `SELECT id::text FROM domain_events WHERE comm_order_id = $1 AND type = 'comm.message.created' ORDER BY domain_events.id`,
        [request.id],
      )
    ).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(50);
    for (const s of streams) {
      await s.untilId(ids[49]);
      const got = s.domainEvents
        .filter((e) => e.event === 'comm.message.created' && dataOf(e).comm_order_id === request.id)
        .map((e) => e.id);
      expect(got).toEqual(ids);
    }
  });

  it('keeps the log order where ids gain a digit inside one transaction (live and catch-up)', async () => {
    const customer = await registerCustomer(a.api);
    const live = [await customerStream(a, customer), await customerStream(b, customer)];
    // The next ids straddle a power of ten (…9995 to …10004): as text '10000' sorts before
    // '9995', so a reader ordering by its text columns would skip or repeat rows here.
    await a.dataSource.query(
      `SELECT setval('domain_events_id_seq',
         (10 ^ ceil(log(greatest(last_value, 10) + 10)))::bigint - 6) FROM domain_events_id_seq`,
    );
    const ids = await a.dataSource.transaction(async (manager) => {
      const written: string[] = [];
      for (let n = 0; n < 10; n++) {
        await a.app.get(EventLogService).record(manager, requestCreated(customer.id, n + 1));
        const [row] = await manager.query(`SELECT currval('domain_events_id_seq')::text AS id`);
        written.push(row.id as string);
      }
      return written;
    });
    expect(ids[9].length).toBe(ids[0].length + 1);
    const resumed = await customerStream(b, customer, { query: { last_event_id: ids[0] } });
    for (const s of live) {
      await s.untilId(ids[9]);
      expect(s.events.map((e) => e.id)).toEqual(ids);
    }
    await resumed.untilId(ids[9]);
    expect(resumed.events.map((e) => e.id)).toEqual(ids.slice(1));
  });

  it('delivers every row once, in commit-safe order, when a smaller id commits later', async () => {
    const customer = await registerCustomer(a.api);
    const readers = [
      await customerStream(a, customer),
      await customerStream(b, customer),
      await staffStream(b, owner),
    ];
    // T1 starts first and takes its transaction id; T2 then inserts (the smallest id) and stays
    // open; T3 inserts and commits; T1 inserts (the largest id) and commits; T2 commits last.
    const t1 = a.dataSource.createQueryRunner();
    const t2 = a.dataSource.createQueryRunner();
    const log = a.app.get(EventLogService);
    const lastId = async (runner: typeof t1) =>
      (
        (await runner.query(`SELECT currval('domain_events_id_seq')::text AS id`)) as {
          id: string;
        }[]
      )[0].id;
    try {
      await t1.startTransaction();
      await t1.query('SELECT pg_current_xact_id()');
      await t2.startTransaction();
      await log.record(t2.manager, requestCreated(customer.id, 2));
      const id2 = await lastId(t2);
      const id3 = await recordEvent(a, requestCreated(customer.id, 3));
      await log.record(t1.manager, requestCreated(customer.id, 1));
      const id1 = await lastId(t1);
      await t1.commitTransaction();
      expect(BigInt(id2) < BigInt(id3) && BigInt(id3) < BigInt(id1)).toBe(true);
      // id3 and id1 have committed, id2 (the smallest) has not: a reader walking ids would read
      // id3 and id1 now and pass over id2 for good. Here T1's row is final (T1 is older than
      // every transaction in flight) and goes out; T3's waits behind T2.
      for (const s of readers) await s.untilId(id1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const s of readers) expect(s.domainEvents.map((e) => e.id)).toEqual([id1]);
      await t2.commitTransaction();
      // Once T2 commits, the rest arrive, each once, in (txid, id) order: the same on every reader.
      const expected: string[] = (
        await a.dataSource.query(
          'SELECT id::text FROM domain_events WHERE user_id = $1 ORDER BY txid, domain_events.id',
          [customer.id],
        )
      ).map((r: { id: string }) => r.id);
      expect(expected).toEqual([id1, id2, id3]);
      for (const s of readers) {
        await s.untilId(id3);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(s.domainEvents.map((e) => e.id)).toEqual(expected);
      }
    } finally {
      for (const runner of [t1, t2]) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
  });

  it('resumes exactly after Last-Event-ID (or ?last_event_id=), and resets on an id not in the log', async () => {
    const customer = await registerCustomer(a.api);
    const request = await createCommOrder(a.api, customer, goodsId);
    const first = await customerStream(a, customer);
    await customerMessage(customer, request.id, 0);
    // (The request's creation may arrive first: live starts at this instance's head.)
    await first.until((x) => x.domainEvents.some((e) => e.event === 'comm.message.created'));
    const last = first.domainEvents.find((e) => e.event === 'comm.message.created')!.id!;
    first.close();
    for (let n = 1; n <= 5; n++) await customerMessage(customer, request.id, n);
    const five: string[] = (
      await a.dataSource.query(
        'SELECT id::text FROM domain_events WHERE user_id = $1 AND id > $2 ORDER BY domain_events.id',
        [customer.id, last],
      )
    ).map((r: { id: string }) => r.id);
    expect(five).toHaveLength(5);

    const resumed = await customerStream(b, customer, { headers: { 'last-event-id': last } });
    const firstConnection = await customerStream(a, customer, { query: { last_event_id: last } });
    for (const s of [resumed, firstConnection]) {
      await s.untilEvents(5);
      expect(s.events.map((e) => e.id)).toEqual(five);
    }
    // ...and live after that, still once each.
    const sentinel = await recordEvent(a, requestCreated(customer.id));
    for (const s of [resumed, firstConnection]) {
      await s.untilId(sentinel);
      expect(s.events.map((e) => e.id)).toEqual([...five, sentinel]);
    }

    // The first event was cleaned away by retention: one reset, whose id is the hub's head.
    await a.dataSource.query('DELETE FROM domain_events WHERE id = $1', [last]);
    for (const cursor of [last, '987654321']) {
      const s = await customerStream(a, customer, { headers: { 'last-event-id': cursor } });
      await s.until((x) => x.events.length >= 1);
      const [head] = await a.dataSource.query(
        'SELECT id::text FROM domain_events ORDER BY txid DESC, id DESC LIMIT 1',
      );
      expect(s.events).toEqual([{ id: head.id, event: 'reset', data: expect.any(String) }]);
      const next = await recordEvent(a, requestCreated(customer.id));
      await s.untilId(next);
      expect(s.events.map((e) => e.event)).toEqual(['reset', 'comm.order.created']);
    }

    // (Another customer: this one has its 3 streams open.)
    const bad = await registerCustomer(a.api);
    const badHeader = await customerStream(a, bad, { headers: { 'last-event-id': 'abc' } });
    expect(badHeader.body).toMatchObject({ code: -1, error: 'EVENTS.BAD_LAST_EVENT_ID' });
    const badQuery = await customerStream(a, bad, { query: { last_event_id: '1e9' } });
    expect(badQuery.body).toMatchObject({ code: -1, error: 'COMMON.VALIDATION' });
  });

  it('gives each viewer exactly the types the catalogue and the role table allow', async () => {
    const owner1 = await registerCustomer(a.api);
    const other = await registerCustomer(a.api);
    const staff = {} as Record<StaffRole, TestAdmin>;
    for (const role of STAFF_ROLES) staff[role] = await createAdmin(a, role);
    const streams = {
      customer: await customerStream(a, owner1),
      other: await customerStream(b, other),
      ...Object.fromEntries(
        await Promise.all(
          STAFF_ROLES.map(async (role) => [role, await staffStream(a, staff[role])] as const),
        ),
      ),
    } as Record<'customer' | 'other' | StaffRole, SseStream>;

    // Expected, from the tables themselves: a role sees a type when any permission the type
    // lists names the role (owner: everything); a customer sees customer types on own rows.
    const roleSees = (role: StaffRole, type: EventType) =>
      role === 'owner' ||
      EVENT_TYPES[type].staff.some((p) =>
        (STAFF_PERMISSIONS[p].roles as readonly string[]).includes(role),
      );
    // (Cross-checked with the guard's roleMay, which the streams use.)
    for (const role of STAFF_ROLES)
      for (const type of EVENT_TYPE_NAMES)
        expect(roleSees(role, type)).toBe(EVENT_TYPES[type].staff.some((p) => roleMay(role, p)));

    for (const type of EVENT_TYPE_NAMES) {
      await recordEvent(a, {
        type,
        userId: owner1.id,
        commOrderId: 7,
        orderId: '202611230000000007',
        messageId: 'message' in EVENT_TYPES[type] ? 70 : null,
        status: 1,
        actor: 'system',
      });
    }
    // Closing rows for the second customer: one that each stream sees, so "it arrived" means
    // every row before it was dispatched (a stream gets its rows in log order).
    const closing: EventType[] = ['comm.order.created', 'order.created', 'payment.refunded'];
    for (const type of closing) await recordEvent(a, { type, userId: other.id, actor: 'customer' });

    const expected = (viewer: 'customer' | 'other' | StaffRole) => {
      const sees = (type: EventType) =>
        viewer === 'customer' || viewer === 'other'
          ? EVENT_TYPES[type].customer
          : roleSees(viewer, type);
      const batch = viewer === 'other' ? [] : EVENT_TYPE_NAMES.filter(sees);
      return [...batch, ...(viewer === 'customer' ? [] : closing.filter(sees))];
    };
    // The first customer last: its stream has no closing row, but by then the hub of its
    // instance has dispatched the closing rows to the staff streams, so every row before them.
    const order = ['other', ...STAFF_ROLES, 'customer'] as const;
    for (const viewer of order) {
      const s = streams[viewer];
      const want = expected(viewer);
      expect({ viewer, some: want.length > 0 }).toEqual({ viewer, some: true });
      await s.untilEvents(want.length);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect({ viewer, got: s.domainEvents.map((e) => e.event) }).toEqual({ viewer, got: want });
    }
    // Never the customer's own payment failure; never another customer's rows.
    expect(streams.customer.domainEvents.map((e) => e.event)).not.toContain('payment.failed');
    expect(streams.other.domainEvents).toHaveLength(3);
  });

  it('sends nothing for a change that rolls back', async () => {
    const customer = await registerCustomer(a.api);
    const s = await customerStream(a, customer);
    await expect(
      a.dataSource.transaction(async (manager) => {
        await a.app.get(EventLogService).record(manager, requestCreated(customer.id));
        throw new Error('the change fails after recording its event');
      }),
    ).rejects.toThrow('the change fails');
    const sentinel = await recordEvent(a, requestCreated(customer.id, 9));
    await s.untilId(sentinel);
    expect(s.domainEvents.map((e) => e.id)).toEqual([sentinel]);
  });

  it('caps streams per account (429) and per instance (503), with Retry-After', async () => {
    const customer = await registerCustomer(a.api);
    const three = [];
    for (let n = 0; n < 3; n++) three.push(await customerStream(a, customer));
    expect(three.every((s) => s.isStream)).toBe(true);
    const fourth = await customerStream(a, customer);
    expect(fourth.status).toBe(429);
    expect(fourth.headers['retry-after']).toBe('5');
    expect(fourth.body).toMatchObject({ code: -1, error: 'EVENTS.TOO_MANY_STREAMS', data: null });
    // The cap is per instance: B still takes one.
    expect((await customerStream(b, customer)).isStream).toBe(true);
    // Once one closes, there is room again.
    three[0].close();
    await waitFor(async () => (await customerStream(a, customer)).isStream);

    const others = [await registerCustomer(a.api), await registerCustomer(a.api)];
    const full = [await customerStream(c, others[0]), await customerStream(c, others[1])];
    expect(full.every((s) => s.isStream)).toBe(true);
    const refused = await customerStream(c, customer);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({ code: -1, error: 'EVENTS.STREAMS_FULL' });
    for (const s of full) s.close();
    await waitFor(() => c.app.get(StreamRegistry).openCount === 0);
  });

  it('opens a stream with a single-use ticket, once, on any instance; never with a token in the URL', async () => {
    const customer = await registerCustomer(a.api);
    const issued = await a.api.post('/api/events/ticket', undefined, { token: customer.token });
    expect(issued.body).toMatchObject({
      code: 0,
      msg: '',
      data: { ticket: expect.stringMatching(/^[\w-]{43}$/), expires_in: 60 },
    });
    const { ticket, expire_time } = issued.body.data;
    expect(expire_time).toBeGreaterThan(Date.now() / 1000 + 50);
    // Only its hash is stored.
    const [stored] = await a.dataSource.query(
      `SELECT encode(ticket_hash, 'hex') AS hash FROM event_stream_tickets WHERE account_id = $1 AND account_kind = 'customer'`,
      [customer.id],
    );
    expect(stored.hash).not.toContain(ticket);

    const s = await stream(b, '/api/events', { query: { ticket } });
    expect(s.isStream).toBe(true);
    const sentinel = await recordEvent(a, requestCreated(customer.id));
    await s.untilId(sentinel);
    const again = await stream(a, '/api/events', { query: { ticket } });
    expect(again.body).toMatchObject({ code: 1001, error: 'AUTH.NOT_LOGGED_IN' });
    expect(again.body.msg).toMatch(/ticket/);

    // A ticket from C lives 1 s.
    const short = (await c.api.post('/api/events/ticket', undefined, { token: customer.token }))
      .body.data;
    expect(short.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await stream(a, '/api/events', { query: { ticket: short.ticket } })).body.code).toBe(
      1001,
    );

    // A staff ticket opens the staff stream, not the customer one.
    const staffTicket = (
      await a.api.post('/system/api/events/ticket', undefined, { admin: owner.token })
    ).body.data.ticket;
    expect((await stream(a, '/api/events', { query: { ticket: staffTicket } })).body).toMatchObject(
      { code: 1002 },
    );
    const staffTicket2 = (
      await a.api.post('/system/api/events/ticket', undefined, { admin: owner.token })
    ).body.data.ticket;
    expect(
      (await stream(a, '/system/api/events', { query: { ticket: staffTicket2 } })).isStream,
    ).toBe(true);

    // Long-lived tokens never in the URL, even valid ones.
    for (const [path, name, token] of [
      ['/api/events', 'token', customer.token],
      ['/api/events', 'access_token', customer.token],
      ['/system/api/events', 'admin', owner.token],
    ]) {
      const refused = await stream(a, path, { query: { [name]: token } });
      expect(refused.body).toMatchObject({ code: 1001, error: 'AUTH.NOT_LOGGED_IN' });
      expect(refused.body.msg).toMatch(/ticket/);
    }
    // The token cookie (what a browser on the same site sends) works.
    const byCookie = await stream(a, '/api/events', {
      headers: { cookie: `token=${customer.token}` },
    });
    expect(byCookie.isStream).toBe(true);
    // Not logged in, or the wrong kind: the usual envelopes.
    expect((await stream(a, '/api/events')).body).toMatchObject({ code: 1001 });
    expect((await staffStream(a, owner, {})).isStream).toBe(true);
    expect((await stream(a, '/system/api/events', { token: customer.token })).body).toMatchObject({
      code: 1002,
    });
  });

  it('ends a staff stream when the account is disabled or its role changes', async () => {
    const service = await createAdmin(a, 'service');
    const fulfilment = await createAdmin(a, 'fulfilment');
    const disabled = await staffStream(b, service);
    const demoted = await staffStream(a, fulfilment);
    expect(disabled.isStream && demoted.isStream).toBe(true);
    const res = await a.api.post(
      '/system/api/admin/status',
      { id: service.id, status: 0 },
      { admin: owner.token },
    );
    expect(res.body.code).toBe(0);
    await a.dataSource.query(`UPDATE admins SET role = 'finance' WHERE id = $1`, [fulfilment.id]);
    // Within a heartbeat (1 s here), as a normal end of the response.
    expect(await withTimeout(disabled.finished, 5000)).toBe('end');
    expect(await withTimeout(demoted.finished, 5000)).toBe('end');
    expect(disabled.comments).toContain('ping');
  });

  it('ends a customer stream (also one opened with a ticket) when the password changes', async () => {
    const customer = await registerCustomer(a.api);
    const ticket = (await a.api.post('/api/events/ticket', undefined, { token: customer.token }))
      .body.data.ticket;
    const byToken = await customerStream(a, customer);
    const byTicket = await stream(b, '/api/events', { query: { ticket } });
    expect(byToken.isStream && byTicket.isStream).toBe(true);
    const res = await a.api.post(
      '/api/user/password',
      { old_password: customer.password, password: 'another-secret-1' },
      { token: customer.token },
    );
    expect(res.body.code).toBe(0);
    expect(await withTimeout(byToken.finished, 5000)).toBe('end');
    expect(await withTimeout(byTicket.finished, 5000)).toBe('end');
  });

  it('documents both streams and the tickets in Swagger, with the event data schema', async () => {
    const doc = (await (await fetch(`${a.baseUrl}/docs-json`)).json()) as any;
    const data = doc.components.schemas.DomainEventDataDto;
    expect(Object.keys(data.properties).sort()).toEqual([
      'actor',
      'comm_order_id',
      'created_time',
      'id',
      'message_id',
      'order_id',
      'status',
      'type',
    ]);
    expect(data.properties.type.enum).toEqual(EVENT_TYPE_NAMES);
    for (const path of ['/api/events', '/system/api/events']) {
      const op = doc.paths[path].get;
      expect(Object.keys(op.responses['200'].content)).toEqual(['text/event-stream']);
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
        ['Last-Event-ID', 'last_event_id', 'ticket'].sort(),
      );
      expect(op.description).toMatch(/reset/);
      expect(op.responses.default.description).toMatch(/EVENTS.TOO_MANY_STREAMS/);
      const ticket = doc.paths[`${path}/ticket`].post;
      expect(ticket.responses['200'].content['application/json'].schema.properties.data).toEqual({
        $ref: '#/components/schemas/StreamTicketResponseDto',
      });
    }
  });

  it('drops a consumer that stops reading once its buffer is full; others go on', async () => {
    const slowCustomer = await registerCustomer(a.api);
    const reader = await registerCustomer(a.api);
    const healthy = await customerStream(c, reader);
    // A client that sends the request and then never reads a byte.
    const port = new URL(c.baseUrl).port;
    const socket = connect(Number(port), '127.0.0.1');
    socket.pause();
    let closed = false;
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.write(
      `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nToken: ${slowCustomer.token}\r\n\r\n`,
    );
    await waitFor(() => c.app.get(StreamRegistry).openCount === 2);
    // Live heap, not garbage not yet collected (npm run jest passes --expose-gc).
    const liveHeap = () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage().heapUsed;
    };
    const before = liveHeap();
    // ~10 MB of events for the slow customer: far more than the kernel's socket buffers hold.
    await a.dataSource.query(
      `WITH rows AS (
         INSERT INTO domain_events (type, user_id, comm_order_id, status, actor)
         SELECT 'comm.order.updated', $1, g, 1, 'customer' FROM generate_series(1, 40000) g
         RETURNING id)
       SELECT pg_notify('domain_events', max(id)::text) FROM rows`,
      [slowCustomer.id],
    );
    await waitFor(() => c.app.get(StreamRegistry).openCount === 1, 20_000);
    const grown = liveHeap() - before;
    // The stream was dropped with at most its buffer unsent, not 10 MB kept for it.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    socket.resume();
    await waitFor(() => closed, 10_000);
    // The healthy stream on the same instance is unaffected.
    const sentinel = await recordEvent(a, requestCreated(reader.id));
    await healthy.untilId(sentinel);
    expect(healthy.domainEvents.map((e) => e.id)).toEqual([sentinel]);
  }, 60_000);
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
