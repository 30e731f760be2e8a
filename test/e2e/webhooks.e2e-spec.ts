import { jest } from '@jest/globals';
import { EventConsumerRunner } from '../../src/events/services/event-consumer.runner.js';
import { MailWorker } from '../../src/notifications/services/mail.worker.js';
import { WebhookDeliveryWorker } from '../../src/webhooks/services/webhook-delivery.worker.js';
import { WebhookDnsResolver } from '../../src/webhooks/services/webhook-dns.resolver.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { consumeAll, recordEvent, requestCreated } from '../factories/events.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Outgoing webhooks through the real stack: staff API, the event consumer filling the outbox,
 * the worker sending to receivers on 127.0.0.1 that verify every delivery with the
 * standardwebhooks library. Background workers are off here: each test drives the consumer and
 * the worker with runOnce(), and makes retries due by moving next_try_at (the schedule itself
 * is checked on the stored times).
 */
describe('webhooks (e2e)', () => {
  let t: TestApp;
  let owner: TestAdmin;
  let customer: TestCustomer;
  let runner: EventConsumerRunner;
  let worker: WebhookDeliveryWorker;
  let sink: SmtpSink;
  const STAFF_ADDRESS = 'ops@shop.example';
  const receivers: WebhookReceiver[] = [];
  const secretsSeen: string[] = [];
  const output: string[] = [];
  let stdout: { mockRestore(): void };
  let stderr: { mockRestore(): void };

  beforeAll(async () => {
    // Every log line the app writes, at the most verbose level, is kept to look for secrets.
    const keep = (chunk: unknown) => {
      output.push(String(chunk));
      return true;
    };
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(keep);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(keep);
    // Staff are mailed when an endpoint is disabled: a real SMTP server takes the mail.
    sink = new SmtpSink();
    await sink.start();
    t = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE: '1',
      WEBHOOK_ALLOW_HTTP: '1',
      LOG_LEVEL: 'verbose',
      SMTP_SERVER: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_USE_SSL: '0',
      SMTP_RECIPIENT: STAFF_ADDRESS,
      SMTP_SENDER_ADDRESS: 'shop@shop.example',
    });
    owner = await createAdmin(t);
    customer = await registerCustomer(t.api);
    runner = t.app.get(EventConsumerRunner);
    worker = t.app.get(WebhookDeliveryWorker);
    await runner.runOnce(); // the consumer starts at the log's head
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await t.close();
    await sink.stop();
    stdout.mockRestore();
    stderr.mockRestore();
  });

  const receiver = async () => {
    const r = await WebhookReceiver.start();
    receivers.push(r);
    return r;
  };
  const save = (body: Record<string, unknown>, admin = owner) =>
    t.api.post('/system/api/webhook/detail', body, { admin: admin.token });
  /** Creates an endpoint for `r` and teaches `r` its secret. */
  const endpointFor = async (r: WebhookReceiver, events = ['comm.order.created']) => {
    const res = await save({ url: r.url, events, description: 'test receiver' });
    expect(res.body.code).toBe(0);
    r.secrets.push(res.body.data.secret);
    secretsSeen.push(res.body.data.secret);
    return res.body.data as { id: number; secret: string };
  };
  const event = (commOrderId = 1) => recordEvent(t, requestCreated(customer.id, commOrderId));
  /** The consumer queues, then the worker sends what is due. */
  const deliver = async () => {
    await consumeAll(t, 'webhooks');
    return worker.runOnce();
  };
  const makeDue = () =>
    t.dataSource.query(
      `UPDATE webhook_deliveries SET next_try_at = now() WHERE status = 'pending'`,
    );
  const deliveriesOf = (endpointId: number, eventId?: string) =>
    t.api.get('/system/api/webhook/attempts', {
      admin: owner.token,
      query: { id: endpointId, event_id: eventId },
    });

  it('creates an endpoint and shows its whsec_ secret once', async () => {
    const r = await receiver();
    const created = await endpointFor(r, ['comm.order.created', 'order.paid']);
    expect(created.secret).toMatch(/^whsec_/);
    expect(Buffer.from(created.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    const detail = await t.api.get('/system/api/webhook/detail', {
      admin: owner.token,
      query: { id: created.id },
    });
    expect(detail.body.data).toMatchObject({
      id: created.id,
      url: r.url,
      events: ['comm.order.created', 'order.paid'],
      enabled: true,
      description: 'test receiver',
      disabled_reason: '',
    });
    const list = await t.api.get('/system/api/webhook/list', { admin: owner.token });
    expect(list.body.total).toBeGreaterThanOrEqual(1);
    for (const text of [detail.text, list.text]) {
      expect(text).not.toContain(created.secret);
      expect(text).not.toContain('secret"');
    }
    const [audit] = await t.dataSource.query(
      `SELECT action, details FROM audit_logs WHERE entity_type = 'webhook' AND entity_id = $1`,
      [String(created.id)],
    );
    expect(audit.action).toBe('webhook.create');
    expect(JSON.stringify(audit.details)).not.toContain(created.secret);
  });

  it('delivers a subscribed event once, signed, with the thin event data', async () => {
    const r = await receiver();
    const { id } = await endpointFor(r);
    const eventId = await event(41);
    await recordEvent(t, {
      type: 'order.paid',
      userId: customer.id,
      orderId: 'X1',
      status: 1,
      actor: 'staff',
    });
    await deliver();
    await deliver(); // nothing is sent twice

    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    expect(got.verifiedBy).toEqual(r.secrets);
    expect(got.headers['webhook-id']).toBe(eventId);
    expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(JSON.parse(got.body)).toEqual({
      type: 'comm.order.created',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        id: Number(eventId),
        user_id: customer.id,
        comm_order_id: 41,
        order_id: null,
        message_id: null,
        status: 0,
        actor: 'customer',
      },
    });
    const res = await deliveriesOf(id);
    expect(res.body.data).toEqual([
      expect.objectContaining({
        event_id: Number(eventId),
        type: 'comm.order.created',
        status: 'delivered',
        tries: 1,
        next_try: 0,
        attempts: [expect.objectContaining({ status_code: 200, response: 'answer 200' })],
      }),
    ]);
  });

  it('retries 500, 500, then delivers on the third try with the same webhook-id', async () => {
    const r = await receiver();
    r.replies = [500, 500];
    const { id } = await endpointFor(r);
    const eventId = await event();
    await deliver();
    const afterFirst = await deliveriesOf(id);
    const nextTry = afterFirst.body.data[0].next_try as number;
    // About 5 s after the first failure (±10 %).
    expect(nextTry - Date.now() / 1000).toBeGreaterThan(3);
    expect(nextTry - Date.now() / 1000).toBeLessThan(6);
    expect(await worker.runOnce()).toBe(0); // not due yet

    await makeDue();
    await worker.runOnce();
    const [{ wait }] = await t.dataSource.query(
      `SELECT extract(epoch FROM next_try_at - now())::int AS wait FROM webhook_deliveries WHERE event_id = $1 AND endpoint_id = $2`,
      [eventId, id],
    );
    expect(wait).toBeGreaterThan(250); // about 5 min after the second
    expect(wait).toBeLessThan(335);
    await makeDue();
    await worker.runOnce();

    expect(r.received.map((x) => [x.id, x.status, x.verifiedBy.length])).toEqual([
      [eventId, 500, 1],
      [eventId, 500, 1],
      [eventId, 200, 1],
    ]);
    const res = await deliveriesOf(id, eventId);
    expect(res.body.data[0]).toMatchObject({ status: 'delivered', tries: 3, next_try: 0 });
    expect(
      res.body.data[0].attempts.map((a: { status_code: number; duration_ms: number }) => [
        a.status_code,
        typeof a.duration_ms,
      ]),
    ).toEqual([
      [200, 'number'],
      [500, 'number'],
      [500, 'number'],
    ]);
  });

  it('gives a delivery up after its eighth try', async () => {
    const r = await receiver();
    r.replies = Array<number>(8).fill(503);
    const { id } = await endpointFor(r);
    const eventId = await event();
    await deliver();
    for (let i = 0; i < 7; i++) {
      await makeDue();
      await worker.runOnce();
    }
    expect(r.received).toHaveLength(8);
    const res = await deliveriesOf(id, eventId);
    expect(res.body.data[0]).toMatchObject({ status: 'failed', tries: 8, next_try: 0 });
    await makeDue();
    await worker.runOnce();
    expect(r.received).toHaveLength(8);
  });

  it('disables an endpoint that answers 410 Gone', async () => {
    const r = await receiver();
    r.replies = [410];
    const { id } = await endpointFor(r);
    await event();
    await deliver();
    const detail = await t.api.get('/system/api/webhook/detail', {
      admin: owner.token,
      query: { id },
    });
    expect(detail.body.data).toMatchObject({ enabled: false });
    expect(detail.body.data.disabled_reason).toContain('410');
    // Staff are told by mail (queued with the disabling, sent after commit), with the address
    // but not its query (a receiver's token may ride there).
    await t.app.get(MailWorker).runOnce();
    const [notice] = sink
      .to(STAFF_ADDRESS)
      .filter((mail) => mail.parsed.subject?.includes(`#${id}`));
    expect(notice.parsed.subject).toMatch(new RegExp(`Webhook endpoint #${id} was disabled$`));
    expect(notice.parsed.text).toContain(new URL(r.url).host);
    expect(notice.parsed.text).toContain('410');
    // Nothing is queued for a disabled endpoint.
    await event();
    await deliver();
    expect(r.received).toHaveLength(1);

    // Staff enable it again: the reason is cleared and new events flow.
    const enabled = await save({ id, enabled: true });
    expect(enabled.body.data).toMatchObject({ enabled: true, disabled_reason: '' });
    await event();
    await deliver();
    expect(r.received).toHaveLength(2);
  });

  it('disables an endpoint that has failed for 5 days', async () => {
    const r = await receiver();
    r.replies = [500];
    const { id } = await endpointFor(r);
    await t.dataSource.query(
      `UPDATE webhook_endpoints SET failing_since = now() - interval '5 days 1 minute' WHERE id = $1`,
      [id],
    );
    await event();
    await deliver();
    const detail = await t.api.get('/system/api/webhook/detail', {
      admin: owner.token,
      query: { id },
    });
    expect(detail.body.data).toMatchObject({
      enabled: false,
      disabled_reason: 'Every delivery failed for 5 days',
    });
  });

  it('replays one event, and every event since a time, with the same webhook-id', async () => {
    const r = await receiver();
    const { id } = await endpointFor(r);
    const first = await event();
    const second = await event();
    await deliver();
    expect(r.ids()).toEqual([first, second]);

    const one = await t.api.post(
      '/system/api/webhook/replay',
      { id, event_id: Number(first) },
      { admin: owner.token },
    );
    expect(one.body).toMatchObject({ code: 0, data: { queued: 1 } });
    await worker.runOnce();
    expect(r.ids()).toEqual([first, second, first]);
    expect(r.received[2].verifiedBy).toEqual(r.secrets);

    const since = await t.api.post(
      '/system/api/webhook/replay',
      { id, since: Math.floor(Date.now() / 1000) - 60 },
      { admin: owner.token },
    );
    // Every subscribed event of the last minute, also those from before this endpoint existed.
    expect(since.body.code).toBe(0);
    expect(since.body.data.queued).toBeGreaterThanOrEqual(2);
    await worker.runOnce();
    expect(r.ids().slice(3)).toEqual(expect.arrayContaining([first, second]));

    const unknown = await t.api.post(
      '/system/api/webhook/replay',
      { id, event_id: 999_999 },
      { admin: owner.token },
    );
    expect(unknown.body).toMatchObject({ code: -1, error: 'WEBHOOK.EVENT_NOT_FOUND' });
    const both = await t.api.post(
      '/system/api/webhook/replay',
      { id, event_id: Number(first), since: 1 },
      { admin: owner.token },
    );
    expect(both.body).toMatchObject({ code: -1, error: 'WEBHOOK.REPLAY_EVENT_OR_SINCE' });
  });

  it('signs with the old and the new secret for 24 h after a rotation', async () => {
    const r = await receiver();
    const { id, secret: old } = await endpointFor(r);
    const rotated = await t.api.post('/system/api/webhook/rotate', { id }, { admin: owner.token });
    expect(rotated.body.code).toBe(0);
    const fresh = rotated.body.data.secret as string;
    secretsSeen.push(fresh);
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(rotated.body.data.previous_secret_until - Date.now() / 1000).toBeGreaterThan(
      24 * 3600 - 60,
    );
    r.secrets = [old, fresh];

    await event();
    await deliver();
    const [during] = r.received;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(during.verifiedBy).toEqual([old, fresh]);

    // 24 h later only the new secret signs.
    await t.dataSource.query(
      `UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    await event();
    await deliver();
    const after = r.received[1];
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(after.verifiedBy).toEqual([fresh]);
    const detail = await t.api.get('/system/api/webhook/detail', {
      admin: owner.token,
      query: { id },
    });
    expect(detail.body.data.previous_secret_until).toBe(0);
    expect(detail.text).not.toContain(fresh);
  });

  it('sends a signed test ping now and answers the result', async () => {
    const r = await receiver();
    const { id } = await endpointFor(r);
    r.replies = [202];
    const res = await t.api.post('/system/api/webhook/test', { id }, { admin: owner.token });
    expect(res.body.data).toMatchObject({ ok: true, status_code: 202, response: 'answer 202' });
    expect(JSON.parse(r.received[0].body)).toMatchObject({
      type: 'webhook.ping',
      data: { endpoint_id: id },
    });
    expect(r.received[0].verifiedBy).toEqual(r.secrets);

    await r.close();
    const down = await t.api.post('/system/api/webhook/test', { id }, { admin: owner.token });
    expect(down.body.data).toMatchObject({ ok: false, status_code: null });
    expect(down.body.data.error).toContain('ECONNREFUSED');
  });

  it('connects to the address it checked, not to a second DNS answer', async () => {
    const r = await receiver();
    const resolver = t.app.get(WebhookDnsResolver);
    let lookups = 0;
    const spy = jest.spyOn(resolver, 'lookup').mockImplementation(() => {
      lookups++;
      // The check at save and the one before sending get the receiver; anything after would not.
      return Promise.resolve([{ address: lookups <= 2 ? '127.0.0.1' : '127.0.0.2', family: 4 }]);
    });
    try {
      const res = await save({
        url: `http://hooks.pinned.test:${r.port}/hooks`,
        events: ['comm.order.created'],
      });
      expect(res.body.code).toBe(0);
      r.secrets.push(res.body.data.secret);
      await event();
      await deliver();
      expect(lookups).toBe(2);
      expect(r.received).toHaveLength(1);
      expect(r.received[0].headers.host).toBe(`hooks.pinned.test:${r.port}`);
    } finally {
      spy.mockRestore();
    }
  });

  it('deletes an endpoint with its deliveries', async () => {
    const r = await receiver();
    const { id } = await endpointFor(r);
    await event();
    await consumeAll(t, 'webhooks');
    const res = await t.api.post('/system/api/webhook/delete', { id }, { admin: owner.token });
    expect(res.body).toMatchObject({ code: 0, data: null });
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1',
      [id],
    );
    expect(n).toBe(0);
    await worker.runOnce();
    expect(r.received).toHaveLength(0);
    const again = await t.api.post('/system/api/webhook/delete', { id }, { admin: owner.token });
    expect(again.body).toMatchObject({ code: -1, error: 'WEBHOOK.NOT_FOUND' });
  });

  it('lets only the owner in', async () => {
    const service = await createAdmin(t, 'service');
    const finance = await createAdmin(t, 'finance');
    for (const admin of [service, finance]) {
      expect((await t.api.get('/system/api/webhook/list', { admin: admin.token })).body.code).toBe(
        1002,
      );
      const res = await save({ url: 'http://127.0.0.1:9/x', events: ['order.paid'] }, admin);
      expect(res.body.code).toBe(1002);
    }
    const asCustomer = await t.api.get('/system/api/webhook/list', { token: customer.token });
    expect([1001, 1002]).toContain(asCustomer.body.code);
  });

  it('refuses bad input with a clear -1 and writes nothing', async () => {
    const count = async () =>
      (
        await t.dataSource.query(
          `SELECT (SELECT count(*) FROM webhook_endpoints)::int AS endpoints,
                  (SELECT count(*) FROM audit_logs)::int AS audits`,
        )
      )[0];
    const before = await count();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ url: 'not a url', events: ['order.paid'] }, /not a valid URL/],
      [{ url: 'ftp://127.0.0.1/x', events: ['order.paid'] }, /ftp: is not https/],
      [
        { url: 'http://127.0.0.1:9/x', events: ['order.paid', 'order.exploded'] },
        /unknown event type "order.exploded"/,
      ],
      [{ url: 'http://127.0.0.1:9/x', events: [] }, /events/],
      [{ url: 'http://127.0.0.1:9/x' }, /url and events are required/],
      [{ events: ['order.paid'] }, /url and events are required/],
      [{ url: 'http://no-such-host.invalid/x', events: ['order.paid'] }, /does not resolve/],
      [{ url: 'http://127.0.0.1:9/x', events: ['order.paid'], enabled: 'yes' }, /enabled/],
    ];
    for (const [body, msg] of cases) {
      const res = await save(body);
      expect({ body, code: res.body.code }).toEqual({ body, code: -1 });
      expect(res.body.msg).toMatch(msg);
    }
    const update = await save({ id: 999_999, description: 'x' });
    expect(update.body).toMatchObject({ code: -1, error: 'WEBHOOK.NOT_FOUND' });
    expect(await count()).toEqual(before);
  });

  it('never writes a secret to the log', () => {
    expect(secretsSeen.length).toBeGreaterThan(5);
    const logged = output.join('');
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of secretsSeen) {
      expect(logged).not.toContain(secret);
      expect(logged).not.toContain(secret.slice(6));
    }
  });
});
