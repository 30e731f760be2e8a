import { jest } from '@jest/globals';
import { EventConsumerRunner } from '../../src/events/services/event-consumer.runner.js';
import { EventLogService } from '../../src/events/services/event-log.service.js';
import { MailWorker } from '../../src/notifications/services/mail.worker.js';
import { StaffNotices } from '../../src/notifications/services/staff-notices.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
  uniqueName,
} from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { createCommOrder, staffQuote, staffReply } from '../factories/communication.factory.js';
import { fundBalance, placeOrder, walk } from '../factories/orders.factory.js';
import { requestCreated } from '../factories/events.factory.js';
import { pollUntil } from '../support/poll.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

const STAFF = 'staff@example.com';
const PASSWORD = 'hunter2-smtp-password';
/** Far enough ahead that batches (MAIL_BATCH_SECONDS=3600) and retries are due. */
const later = () => new Date(Date.now() + 3 * 3600 * 1000);

async function configureMail(t: TestApp, admin: TestAdmin, port: number, extra = {}) {
  const res = await t.api.post(
    '/system/api/plugin/sendmail/setting',
    {
      server: '127.0.0.1',
      port,
      use_ssl: 0,
      account: 'shop@example.com',
      password: PASSWORD,
      recipient: STAFF,
      send_type: [3, 4, 5, 6, 7],
      sender_name: 'Test Shop',
      ...extra,
    },
    { admin: admin.token },
  );
  expect(res.body.code).toBe(0);
  const shop = await t.api.post(
    '/system/api/setting/system',
    { site_name: 'Test Shop', base_url: t.baseUrl, language: 'en' },
    { admin: admin.token },
  );
  expect(shop.body.code).toBe(0);
}

/**
 * Runs the consumer until it has handled every event in the log. A pass may hand over nothing
 * yet: an event is ready once every older transaction on the server has ended, and the
 * PostgreSQL server is shared with other test files (its oldest transaction is cluster-wide).
 */
async function consumeLog(t: TestApp, runner: EventConsumerRunner): Promise<void> {
  const behind = await pollUntil(
    10_000,
    async () => {
      await runner.runOnce();
      const [row] = await t.dataSource.query<{ behind: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM domain_events e, event_consumers c
                         WHERE c.name = 'mail' AND (e.txid, e.id) > (c.txid, c.last_id)) AS behind`,
      );
      return row.behind;
    },
    (stillBehind) => !stillBehind,
    20,
  );
  expect(behind).toBe(false);
}

const customerWithEmail = async (t: TestApp) => {
  const email = `${uniqueName('c')}@example.com`;
  return { ...(await registerCustomer(t.api, { email })), email };
};

/**
 * Email notifications through the real stack: events → the `mail` consumer → mail_outbox → the
 * worker → a real SMTP server in this process. Passes are run explicitly (EVENT_WORKERS=false)
 * except in the background-path test at the end.
 */
describe('email notifications (e2e)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: TestAdmin;
  let goodsId: number;
  let runner: EventConsumerRunner;
  let worker: MailWorker;

  /** The consumer's passes until it has handled the whole log, then every mail due in the next hours. */
  const deliver = async () => {
    await consumeLog(t, runner);
    return worker.runOnce({ dueBy: later() });
  };
  const outbox = (where: string, params: unknown[] = []) =>
    t.dataSource.query(`SELECT * FROM mail_outbox WHERE ${where} ORDER BY id`, params);

  beforeAll(async () => {
    sink = new SmtpSink();
    await sink.start();
    t = await startTestApp({ MAIL_BATCH_SECONDS: '3600' });
    runner = t.app.get(EventConsumerRunner);
    worker = t.app.get(MailWorker);
    await runner.runOnce(); // the consumer's first run starts at the log's head
    admin = await createAdmin(t);
    await configureMail(t, admin, sink.port);
    goodsId = (await createGoods(t.api, admin.token, { price: 9900, stock: 1000 })).id;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('mails staff about a new request, and a customer one mail for three staff messages', async () => {
    const customer = await customerWithEmail(t);
    const request = await createCommOrder(t.api, customer, goodsId, { title: 'Three replies' });
    for (const text of ['first answer', 'second answer', 'third answer'])
      await staffReply(t.api, admin, request.id, text);
    await deliver();

    const staffMails = sink.to(STAFF).filter((m) => m.parsed.subject?.includes('Three replies'));
    expect(staffMails).toHaveLength(1);
    expect(staffMails[0].parsed.subject).toBe('[Test Shop] New request: Three replies');
    expect(staffMails[0].user).toBe('shop@example.com');

    const mails = sink.to(customer.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0].parsed;
    expect(mail.subject).toBe('[Test Shop] New reply to your request "Three replies"');
    for (const text of ['first answer', 'second answer', 'third answer']) {
      expect(mail.text).toContain(text);
      expect(mail.html).toContain(text);
    }
    expect(mail.from?.value[0]).toEqual({ name: 'Test Shop', address: 'shop@example.com' });
    // No token, no secret in what leaves.
    expect(mails[0].raw).not.toContain(customer.token);
    expect(mails[0].raw).not.toContain(PASSWORD);
  });

  it('sends nothing when the customer read the thread before the batch left', async () => {
    const customer = await customerWithEmail(t);
    const request = await createCommOrder(t.api, customer, goodsId);
    for (const text of ['a', 'b', 'c']) await staffReply(t.api, admin, request.id, text);
    await consumeLog(t, runner);
    const read = await t.api.post(
      '/api/communication/order/read',
      { id: request.id },
      { token: customer.token },
    );
    expect(read.body.code).toBe(0);
    await deliver();
    expect(sink.to(customer.email)).toHaveLength(0);
    const rows = await outbox('comm_order_id = $1 AND audience = $2', [request.id, 'customer']);
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['skipped']);
  });

  it('retries a 450 and delivers once; a 550 fails and is listed with the reply', async () => {
    const busy = await customerWithEmail(t);
    const bounce = await customerWithEmail(t);
    sink.reject(busy.email, 450, 1);
    sink.reject(bounce.email, 550);
    for (const customer of [busy, bounce]) {
      const request = await createCommOrder(t.api, customer, goodsId, { title: 'Quote me' });
      await staffQuote(t.api, admin, request.id, '99.50');
    }
    await deliver();

    const delivered = sink.to(busy.email);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].parsed.text).toContain('Price: 99.50');
    const [busyRow] = await outbox('user_id = $1 AND kind = $2', [busy.id, 'quote_sent']);
    expect(busyRow).toMatchObject({ status: 'sent', attempts: 2 });
    expect(busyRow.last_error).toBe('');

    expect(sink.to(bounce.email)).toHaveLength(0);
    const list = await t.api.get('/system/api/plugin/sendmail/list', { admin: admin.token });
    expect(list.body.code).toBe(0);
    const failed = list.body.data.find((m: { address: string }) => m.address === bounce.email);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, kind: 'quote_sent' });
    expect(failed.last_error).toMatch(/^550/);
    expect(failed.subject).toContain('Quote me');
    expect(list.body.total).toBeGreaterThanOrEqual(list.body.data.length);
  });

  it('switches a category off through the one-click link, without logging in', async () => {
    const customer = await customerWithEmail(t);
    const first = await createCommOrder(t.api, customer, goodsId);
    await staffQuote(t.api, admin, first.id);
    await deliver();
    const [mail] = sink.to(customer.email);
    expect(mail.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const header = mail.raw.match(/List-Unsubscribe:\s*<([^>]+)>/)?.[1];
    expect(header).toBeDefined();
    const link = new URL(header!);
    expect(link.origin).toBe(t.baseUrl);
    expect(mail.parsed.text).toContain(link.href);

    // GET shows a button and changes nothing (link scanners); a forged signature is refused.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const forged = new URL(link);
    forged.searchParams.set('u', String(customer.id + 1));
    const refused = await fetch(forged, { method: 'POST' });
    expect(((await refused.json()) as { error: string }).error).toBe(
      'MAIL.INVALID_UNSUBSCRIBE_LINK',
    );

    const oneClick = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const prefs = await t.api.get('/api/user/notifications', { token: customer.token });
    expect(prefs.body.data).toEqual({
      reply: true,
      quote: false,
      shipped: true,
      refund: true,
      has_email: true,
    });

    const second = await createCommOrder(t.api, customer, goodsId);
    await staffQuote(t.api, admin, second.id);
    await deliver();
    expect(sink.to(customer.email)).toHaveLength(1);

    // The customer turns it back on through the API.
    const on = await t.api.post(
      '/api/user/notifications',
      { quote: true },
      { token: customer.token },
    );
    expect(on.body.data.quote).toBe(true);
  });

  it('tells staff about new, paid and refund-requested orders, and the customer about shipping and refunds', async () => {
    const buyer = await customerWithEmail(t);
    await fundBalance(t.api, admin.token, buyer.id, 100_000);
    const actors = { api: t.api, buyer, adminToken: admin.token };
    const shipped = await placeOrder(t.api, buyer, { goods_id: goodsId, quantity: 1 });
    await walk(actors, shipped.order_id, ['pay', 'deliver']);
    const refunded = await placeOrder(t.api, buyer, { goods_id: goodsId, quantity: 1 });
    await walk(actors, refunded.order_id, ['pay', 'refund', 'approve_refund']);
    const refused = await placeOrder(t.api, buyer, { goods_id: goodsId, quantity: 1 });
    await walk(actors, refused.order_id, ['pay', 'refund', 'reject_refund']);
    await deliver();

    const subjects = (address: string, orderNo: string) =>
      sink
        .to(address)
        .map((m) => m.parsed.subject ?? '')
        .filter((subject) => subject.includes(orderNo));
    expect(subjects(buyer.email, shipped.order_id)).toEqual([
      `[Test Shop] Order ${shipped.order_id} has shipped`,
    ]);
    const shippedMail = sink.to(buyer.email).find((m) => m.parsed.subject?.includes('shipped'));
    expect(shippedMail?.parsed.text).toContain('Tracking number: SF123');
    expect(subjects(buyer.email, refunded.order_id)).toEqual([
      `[Test Shop] Refund approved for order ${refunded.order_id}`,
    ]);
    expect(subjects(buyer.email, refused.order_id)).toEqual([
      `[Test Shop] Refund refused for order ${refused.order_id}`,
    ]);
    expect(subjects(STAFF, shipped.order_id).sort()).toEqual(
      [
        `[Test Shop] New order ${shipped.order_id}`,
        `[Test Shop] Order ${shipped.order_id} paid`,
      ].sort(),
    );
    expect(subjects(STAFF, refunded.order_id)).toContain(
      `[Test Shop] Refund requested for order ${refunded.order_id}`,
    );
  });

  it('names the part refunded in the mails of an after-sales refund, not the order total', async () => {
    const buyer = await customerWithEmail(t);
    await fundBalance(t.api, admin.token, buyer.id, 9900);
    const actors = { api: t.api, buyer, adminToken: admin.token };
    const order = await placeOrder(t.api, buyer, { goods_id: goodsId, quantity: 1 });
    await walk(actors, order.order_id, ['pay', 'deliver', 'finish']);
    const asked = await t.api.post(
      '/api/order/refund',
      { order_id: order.order_id, refund_amount: 2500, reason: 'one broken' },
      { token: buyer.token },
    );
    expect(asked.body.code).toBe(0);
    await walk(actors, order.order_id, ['approve_refund']);
    await deliver();
    const approved = sink
      .to(buyer.email)
      .find((m) => m.parsed.subject?.includes(`Refund approved for order ${order.order_id}`));
    expect(approved?.parsed.text).toContain('25.00');
    expect(approved?.parsed.text).not.toContain('99.00');
    const requested = sink
      .to(STAFF)
      .find((m) => m.parsed.subject?.includes(`Refund requested for order ${order.order_id}`));
    expect(requested?.parsed.text).toContain('25.00');
  });

  it('mails nobody for a change that rolled back, and nothing to a customer without email', async () => {
    const before = sink.received.length;
    const rows = Number((await outbox('true')).length);
    const noEmail = await registerCustomer(t.api);
    await expect(
      t.dataSource.transaction(async (manager) => {
        await t.app.get(EventLogService).record(manager, requestCreated(noEmail.id, 999_999));
        throw new Error('the change fails after recording its event');
      }),
    ).rejects.toThrow('the change fails');
    await deliver();
    expect(sink.received.length).toBe(before);
    expect((await outbox('true')).length).toBe(rows);

    const request = await createCommOrder(t.api, noEmail, goodsId);
    await staffQuote(t.api, admin, request.id);
    await deliver();
    const [row] = await outbox('user_id = $1 AND kind = $2', [noEmail.id, 'quote_sent']);
    expect(row).toMatchObject({
      status: 'skipped',
      last_error: 'the customer has no email address',
    });
    const prefs = await t.api.get('/api/user/notifications', { token: noEmail.token });
    expect(prefs.body.data.has_email).toBe(false);
  });

  it('answers settings without the password, and refuses bad input naming the field', async () => {
    const view = await t.api.get('/system/api/plugin/sendmail/setting', { admin: admin.token });
    expect(view.body.data).toMatchObject({
      server: '127.0.0.1',
      port: sink.port,
      use_ssl: 0,
      account: 'shop@example.com',
      password: '',
      has_password: true,
      recipient: STAFF,
      send_type: [3, 4, 5, 6, 7],
      configured: true,
      env_fields: [],
    });
    expect(view.text).not.toContain(PASSWORD);

    for (const [body, message] of [
      [{ port: 70000 }, /port/],
      [{ use_ssl: 3 }, /use_ssl must be 0 \(none\), 1 \(SSL\) or 2 \(STARTTLS\)/],
      [
        { recipient: 'ops@example.com, not-an-address' },
        /recipient: "not-an-address" is not an email address/,
      ],
      [{ send_type: [4, 99] }, /send_type must hold codes of 1, 2, 3, 4, 5, 6, 7/],
      [{ server: 'smtp.example.com\r\nRCPT TO:<x@y.z>' }, /server must be a host name/],
    ] as const) {
      const res = await t.api.post('/system/api/plugin/sendmail/setting', body, {
        admin: admin.token,
      });
      expect(res.body.code).toBe(-1);
      expect(res.body.msg).toMatch(message);
    }
    const after = await t.api.get('/system/api/plugin/sendmail/setting', { admin: admin.token });
    expect(after.body.data).toEqual(view.body.data);

    // An empty password (what the panel echoes back) keeps it, as does AnqiCMS's mask.
    for (const password of ['', '********'])
      await t.api.post('/system/api/plugin/sendmail/setting', { password }, { admin: admin.token });
    const [stored] = await t.dataSource.query('SELECT password FROM mail_settings');
    expect(stored.password).toBe(PASSWORD);
    const kept = await t.api.get('/system/api/plugin/sendmail/setting', { admin: admin.token });
    expect(kept.body.data.has_password).toBe(true);

    const audit = await t.dataSource.query(
      `SELECT details FROM audit_logs WHERE action = 'mail_settings.save' ORDER BY id`,
    );
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });

  it('is owner-only: other staff roles get 1002', async () => {
    for (const role of ['service', 'finance', 'fulfilment'] as const) {
      const other = await createAdmin(t, role);
      const paths = [
        ['GET', '/system/api/plugin/sendmail/setting'],
        ['POST', '/system/api/plugin/sendmail/setting'],
        ['POST', '/system/api/plugin/sendmail/test'],
        ['GET', '/system/api/plugin/sendmail/list'],
      ] as const;
      for (const [method, path] of paths) {
        const res =
          method === 'GET'
            ? await t.api.get(path, { admin: other.token })
            : await t.api.post(path, { server: 'evil.example.com' }, { admin: other.token });
        expect(res.body.code).toBe(1002);
      }
    }
    const view = await t.api.get('/system/api/plugin/sendmail/setting', { admin: admin.token });
    expect(view.body.data.server).toBe('127.0.0.1');
  });

  it("sends a test mail now and answers the server's reply", async () => {
    const res = await t.api.post(
      '/system/api/plugin/sendmail/test',
      { recipient: 'tester@example.com' },
      { admin: admin.token },
    );
    expect(res.body.code).toBe(0);
    expect(res.body.data.response).toMatch(/^250/);
    expect(res.body.data.accepted).toEqual(['tester@example.com']);
    expect(sink.to('tester@example.com')[0].parsed.subject).toBe('[Test Shop] Test mail');

    sink.reject(STAFF, 550, 1);
    const refused = await t.api.post(
      '/system/api/plugin/sendmail/test',
      {},
      { admin: admin.token },
    );
    expect(refused.body).toMatchObject({ code: -1, error: 'MAIL.TEST_FAILED' });
    expect(refused.body.msg).toMatch(/550/);
  });

  it('queues staff notices for other modules in their transaction, once per key', async () => {
    const notices = t.app.get(StaffNotices);
    const notice = {
      key: 'webhook.disabled:7',
      subject: 'Endpoint 7 disabled',
      text: 'It failed for 5 days.',
    };
    expect(await t.dataSource.transaction((m) => notices.queue(m, notice))).toBe(1);
    expect(await t.dataSource.transaction((m) => notices.queue(m, notice))).toBe(0);
    await expect(
      t.dataSource.transaction(async (m) => {
        await notices.queue(m, { ...notice, key: 'rolled-back' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await deliver();
    const mails = sink.to(STAFF).filter((m) => m.parsed.subject?.includes('Endpoint 7'));
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toBe('[Test Shop] Endpoint 7 disabled');
    expect(mails[0].parsed.text).toContain('It failed for 5 days.');
    expect(await outbox(`dedupe_key LIKE 'staff_notice:rolled-back%'`)).toEqual([]);
  });

  it('deletes finished mails older than MAIL_RETENTION, never pending ones', async () => {
    await t.dataSource.query(
      `INSERT INTO mail_outbox (dedupe_key, kind, audience, address, status, due_time, updated_time)
       VALUES ('old-sent', 'staff_notice', 'staff', 'a@example.com', 'sent', now(), now() - interval '31 days'),
              ('old-pending', 'staff_notice', 'staff', 'a@example.com', 'pending', now() + interval '1 day', now() - interval '31 days')`,
    );
    expect(await worker.prune()).toBe(1);
    const left = await outbox(`dedupe_key LIKE 'old-%'`);
    expect(left.map((r: { dedupe_key: string }) => r.dedupe_key)).toEqual(['old-pending']);
    await t.dataSource.query(`DELETE FROM mail_outbox WHERE dedupe_key = 'old-pending'`);
  });

  itRaces('sends each mail once with two instances racing their workers', async () => {
    const t2 = await startTestApp({}, { databaseUrl: t.databaseUrl });
    try {
      const notices = t.app.get(StaffNotices);
      const keys = Array.from({ length: 30 }, (_, i) => `race-${i}`);
      await t.dataSource.transaction(async (m) => {
        for (const key of keys) await notices.queue(m, { key, subject: key, text: key });
      });
      const workers = [t.app.get(MailWorker), t2.app.get(MailWorker)];
      await Promise.all([...workers, ...workers].map((w) => w.runOnce()));
      const subjects = sink
        .to(STAFF)
        .map((m) => m.parsed.subject ?? '')
        .filter((s) => / race-\d+$/.test(s));
      expect(subjects.sort()).toEqual(keys.map((k) => `[Test Shop] ${k}`).sort());
      const rows = await outbox(`dedupe_key LIKE 'staff_notice:race-%'`);
      expect(
        rows.every(
          (r: { status: string; attempts: number }) => r.status === 'sent' && r.attempts === 1,
        ),
      ).toBe(true);
    } finally {
      await t2.close();
    }
  });
});

describe('email notifications: SMTP_* environment variables (e2e)', () => {
  it('win over stored values, cannot be changed by staff, and no password reaches the logs', async () => {
    const sink = new SmtpSink();
    await sink.start();
    const lines: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    const spies = [capture(process.stdout), capture(process.stderr)];
    const t = await startTestApp({
      SMTP_SERVER: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_ACCOUNT: 'env@example.com',
      SMTP_PASSWORD: 'env-smtp-password-123',
      LOG_LEVEL: 'verbose',
    });
    try {
      const admin = await createAdmin(t);
      const view = await t.api.get('/system/api/plugin/sendmail/setting', { admin: admin.token });
      expect(view.body.data).toMatchObject({
        server: '127.0.0.1',
        port: sink.port,
        account: 'env@example.com',
        password: '',
        has_password: true,
        env_fields: ['server', 'port', 'account', 'password'],
      });
      const refused = await t.api.post(
        '/system/api/plugin/sendmail/setting',
        { server: 'smtp.other.example.com', recipient: 'ops@example.com' },
        { admin: admin.token },
      );
      expect(refused.body).toMatchObject({ code: -1, error: 'MAIL.SETTING_FROM_ENV' });
      expect(refused.body.msg).toContain('SMTP_SERVER');
      const saved = await t.api.post(
        '/system/api/plugin/sendmail/setting',
        { recipient: 'ops@example.com' },
        { admin: admin.token },
      );
      expect(saved.body.data.recipient).toBe('ops@example.com');

      const test = await t.api.post('/system/api/plugin/sendmail/test', {}, { admin: admin.token });
      expect(test.body.code).toBe(0);
      const [mail] = sink.to('ops@example.com');
      expect(mail.user).toBe('env@example.com');
      expect(lines.join('')).toContain('mail settings saved');
      expect(lines.join('')).not.toContain('env-smtp-password-123');
    } finally {
      for (const spy of spies) spy.mockRestore();
      await t.close();
      await sink.stop();
    }
  });
});

describe('email notifications: background path (e2e)', () => {
  it('mails staff about a new request within seconds, woken after commit', async () => {
    const sink = new SmtpSink();
    await sink.start();
    const t = await startTestApp({ EVENT_WORKERS: 'true' });
    try {
      const admin = await createAdmin(t);
      await configureMail(t, admin, sink.port);
      // The consumer starts at the log's head on its first (background) pass.
      await pollUntil(
        20_000,
        () => t.dataSource.query(`SELECT 1 FROM event_consumers WHERE name = 'mail'`),
        (rows) => rows.length === 1,
      );
      const goods = await createGoods(t.api, admin.token);
      const customer: TestCustomer = await registerCustomer(t.api);
      await createCommOrder(t.api, customer, goods.id, { title: 'Background' });
      // A bound, not a latency measurement: the event is ready once every older transaction on
      // the (shared) server has ended; unloaded, the mail arrives well under a second later.
      const mails = await pollUntil(
        20_000,
        () => Promise.resolve(sink.to(STAFF)),
        (received) => received.length > 0,
      );
      expect(mails.map((m) => m.parsed.subject)).toEqual(['[Test Shop] New request: Background']);
    } finally {
      await t.close();
      await sink.stop();
    }
  });
});
