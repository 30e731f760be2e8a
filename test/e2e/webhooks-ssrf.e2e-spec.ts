import { jest } from '@jest/globals';
import { WebhookDeliveryWorker } from '../../src/webhooks/services/webhook-delivery.worker.js';
import { WebhookDnsResolver } from '../../src/webhooks/services/webhook-dns.resolver.js';
import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { consumeAll, recordEvent, requestCreated } from '../factories/events.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The outbound address rules with WEBHOOK_ALLOW_PRIVATE off (the default): every non-public
 * target is refused when saved and again at delivery, names that resolve to one included, and a
 * name whose answer changes after the check (DNS rebinding). The only traffic goes to a receiver
 * on 127.0.0.1, which must never be reached. Plain http is allowed here so that the address
 * rule, not the scheme rule, is what refuses; a second app checks the scheme rule.
 */
describe('webhook outbound address rules (e2e)', () => {
  let t: TestApp;
  let owner: TestAdmin;
  let receiver: WebhookReceiver;
  let userId: number;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_HTTP: '1' });
    owner = await createAdmin(t);
    userId = (await registerCustomer(t.api)).id;
    receiver = await WebhookReceiver.start();
    await consumeAll(t, 'webhooks');
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const save = (body: Record<string, unknown>) =>
    t.api.post('/system/api/webhook/detail', body, { admin: owner.token });
  const endpointCount = async () =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM webhook_endpoints'))[0].n as number;
  /** A resolver that answers `address` for every name, for the duration of `run`. */
  const resolving = async <T>(answer: () => string, run: () => Promise<T>): Promise<T> => {
    const spy = jest.spyOn(t.app.get(WebhookDnsResolver), 'lookup').mockImplementation(() => {
      const address = answer();
      return Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]);
    });
    try {
      return await run();
    } finally {
      spy.mockRestore();
    }
  };

  const port = () => receiver.port;
  const FORMS: [string, () => string, RegExp][] = [
    [
      'loopback',
      () => `http://127.0.0.1:${port()}/`,
      /127\.0\.0\.1 is not a public address \(loopback\)/,
    ],
    ['loopback by name', () => `http://localhost:${port()}/`, /localhost resolves to .*loopback/],
    [
      'decimal IPv4',
      () => `http://2130706433:${port()}/`,
      /2130706433 is 127\.0\.0\.1, not a public address \(loopback\)/,
    ],
    [
      'octal IPv4',
      () => `http://0177.0.0.1:${port()}/`,
      /0177\.0\.0\.1 is 127\.0\.0\.1, not a public address/,
    ],
    [
      'hex IPv4',
      () => `http://0x7f.0.0.1:${port()}/`,
      /0x7f\.0\.0\.1 is 127\.0\.0\.1, not a public address/,
    ],
    ['IPv6 loopback', () => `http://[::1]:${port()}/`, /::1 is not a public address \(loopback\)/],
    ['IPv4-mapped IPv6', () => `http://[::ffff:127.0.0.1]:${port()}/`, /IPv4-mapped IPv6/],
    ['private 10/8', () => 'http://10.0.0.5/', /10\.0\.0\.5 is not a public address \(private\)/],
    ['private 192.168/16', () => 'http://192.168.1.10/', /\(private\)/],
    ['private 172.16/12', () => 'http://172.20.0.1/', /\(private\)/],
    [
      'cloud metadata',
      () => 'http://169.254.169.254/latest/meta-data/',
      /\(link-local, cloud metadata\)/,
    ],
    ['carrier-grade NAT', () => 'http://100.64.1.1/', /carrier-grade NAT/],
    ['unique-local IPv6', () => 'http://[fd12:3456::1]/', /unique-local/],
    ['link-local IPv6', () => 'http://[fe80::1]/', /link-local/],
    ['unspecified', () => `http://0.0.0.0:${port()}/`, /"this network"/],
  ];

  it.each(FORMS)('refuses a %s target when saved, with a clear -1', async (_name, url, msg) => {
    const before = await endpointCount();
    const res = await save({ url: url(), events: ['comm.order.created'] });
    expect(res.body).toMatchObject({ code: -1, error: 'WEBHOOK.TARGET_REFUSED' });
    expect(res.body.msg).toMatch(msg);
    expect(res.body.msg).toContain('WEBHOOK_ALLOW_PRIVATE');
    expect(await endpointCount()).toBe(before);
  });

  it.each([
    ['127.0.0.1', /resolves to 127\.0\.0\.1, not a public address \(loopback\)/],
    ['10.9.8.7', /resolves to 10\.9\.8\.7, not a public address \(private\)/],
    ['169.254.169.254', /cloud metadata/],
    ['fd00::5', /unique-local/],
    ['::ffff:10.0.0.1', /IPv4-mapped/],
  ])('refuses a name that resolves to %s', async (address, msg) => {
    const res = await resolving(
      () => address,
      () => save({ url: 'https://hooks.internal.test/x', events: ['order.paid'] }),
    );
    expect(res.body).toMatchObject({ code: -1, error: 'WEBHOOK.TARGET_REFUSED' });
    expect(res.body.msg).toMatch(msg);
  });

  it('refuses every form again at delivery, without connecting', async () => {
    // Rows as an older setting (or a hand edit) could have left them: saved, but not allowed now.
    const ids: number[] = [];
    for (const [, url] of FORMS) {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO webhook_endpoints (url, events, secret) VALUES ($1, '["comm.order.created"]', $2) RETURNING id`,
        [url(), `whsec_${Buffer.alloc(32, 1).toString('base64')}`],
      );
      ids.push(id);
    }
    await recordEvent(t, requestCreated(userId));
    await consumeAll(t, 'webhooks');
    expect(await t.app.get(WebhookDeliveryWorker).runOnce()).toBe(FORMS.length);

    expect(receiver.received).toHaveLength(0);
    const tries = await t.dataSource.query(
      `SELECT d.endpoint_id, d.status, a.status_code, a.error
         FROM webhook_deliveries d JOIN webhook_attempts a ON a.delivery_id = d.id
        WHERE d.endpoint_id = ANY($1) ORDER BY d.endpoint_id`,
      [ids],
    );
    expect(tries).toHaveLength(FORMS.length);
    tries.forEach(
      (row: { status: string; status_code: number | null; error: string }, i: number) => {
        expect(row).toMatchObject({ status: 'pending', status_code: null });
        expect(row.error).toMatch(FORMS[i][2]);
      },
    );
    await t.dataSource.query('DELETE FROM webhook_endpoints WHERE id = ANY($1)', [ids]);
  });

  it('refuses a name whose answer changes to a private address after it was saved (rebinding)', async () => {
    const url = `http://rebind.example.test:${receiver.port}/hooks`;
    // Saved while the name answers a public address (nothing is sent to it)...
    const saved = await resolving(
      () => '93.184.215.14',
      () => save({ url, events: ['comm.order.created'] }),
    );
    expect(saved.body.code).toBe(0);
    // ...then the name answers loopback, where the receiver listens.
    await recordEvent(t, requestCreated(userId));
    await consumeAll(t, 'webhooks');
    await resolving(
      () => '127.0.0.1',
      () => t.app.get(WebhookDeliveryWorker).runOnce(),
    );
    expect(receiver.received).toHaveLength(0);
    const [attempt] = await t.dataSource.query(
      `SELECT a.status_code, a.error FROM webhook_attempts a
         JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1`,
      [saved.body.data.id],
    );
    expect(attempt.status_code).toBeNull();
    expect(attempt.error).toMatch(
      /rebind\.example\.test resolves to 127\.0\.0\.1, not a public address \(loopback\)/,
    );
  });

  it('refuses a test ping to a target that is no longer allowed', async () => {
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO webhook_endpoints (url, events, secret) VALUES ($1, '["order.paid"]', 'whsec_AAAA') RETURNING id`,
      [`http://127.0.0.1:${receiver.port}/`],
    );
    const res = await t.api.post('/system/api/webhook/test', { id }, { admin: owner.token });
    expect(res.body.data).toMatchObject({ ok: false, status_code: null });
    expect(res.body.data.error).toMatch(/loopback/);
    expect(receiver.received).toHaveLength(0);
  });

  it('allows https only unless WEBHOOK_ALLOW_HTTP is set', async () => {
    const strict = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: '1' });
    try {
      const admin = await createAdmin(strict);
      const res = await strict.api.post(
        '/system/api/webhook/detail',
        { url: receiver.url, events: ['order.paid'] },
        { admin: admin.token },
      );
      expect(res.body).toMatchObject({ code: -1, error: 'WEBHOOK.TARGET_REFUSED' });
      expect(res.body.msg).toMatch(/must use https \(WEBHOOK_ALLOW_HTTP=1 allows plain http\)/);
      const [{ n }] = await strict.dataSource.query(
        'SELECT count(*)::int AS n FROM webhook_endpoints',
      );
      expect(n).toBe(0);
    } finally {
      await strict.close();
    }
  });
});
