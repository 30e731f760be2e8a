import { randomBytes } from 'node:crypto';
import { currentRequestId } from '../../src/common/logging/request-context.js';
import { HUB_STATEMENT } from '../../src/events/event-log.queries.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { CREATE_BODY } from '../factories/communication.factory.js';
import { createAdmin, registerCustomer } from '../factories/accounts.factory.js';
import { pollUntil } from '../support/poll.js';
import { startTestApp, TestApp } from '../support/test-app.js';

interface Sent {
  text: string;
  requestId: string | undefined;
}

/**
 * Work a request only wakes is not the request's: the event hub reads the log as soon as a
 * request's transaction commits, but that read (and the consumer passes it wakes) must not carry
 * the request's id in its log lines and statement counts. (The passes themselves:
 * src/common/jobs/background-passes.spec.ts.)
 */
describe('background work woken by a request (e2e)', () => {
  let t: TestApp;
  let sent: Sent[] = [];
  let uninstall: () => void;

  beforeAll(async () => {
    // On the embedded database the commit's in-process signal is the only wake (no LISTEN, and
    // the safety poll is off): on PostgreSQL a NOTIFY can win the race and wake the hub first.
    t = await startTestApp(
      { EVENT_WORKERS: 'true', EVENTS_POLL_INTERVAL_MS: '600000' },
      { embedded: true },
    );
    const pg = (t.dataSource.driver as unknown as { postgres: { Client: { prototype: object } } })
      .postgres;
    const prototype = pg.Client.prototype as { query: (...args: unknown[]) => unknown };
    const original = prototype.query;
    prototype.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? '');
      sent.push({ text, requestId: currentRequestId() });
      return original.apply(this, args);
    };
    uninstall = () => (prototype.query = original);
  });

  afterAll(async () => {
    uninstall();
    await t.close();
  });

  it('reads the event log after a request’s commit outside that request', async () => {
    const staff = await createAdmin(t);
    const goods = await createGoods(t.api, staff.token);
    const customer = await registerCustomer(t.api);
    const requestId = `wake-${randomBytes(6).toString('hex')}`;
    // The set-up's own commits woke the hub too: wait until it has gone quiet, so that the read
    // below is the one this request's commit starts (not a re-read queued behind another).
    let count = -1;
    await pollUntil(
      10_000,
      () => Promise.resolve(sent.length),
      (now) => {
        const quiet = now === count;
        count = now;
        return quiet;
      },
      300,
    );
    sent = [];
    const res = await t.api.post(
      '/api/communication/order/create',
      { archive_id: goods.id, ...CREATE_BODY },
      { token: customer.token, headers: { 'x-request-id': requestId } },
    );
    expect(res.body.code).toBe(0);
    // The commit woke the hub: its read follows, outside the request.
    const hubReads = await pollUntil(
      10_000,
      () => Promise.resolve(sent.filter((s) => s.text.startsWith(HUB_STATEMENT))),
      (reads) => reads.length > 0,
    );
    expect(hubReads.length).toBeGreaterThan(0);
    const ofRequest = sent.filter((s) => s.requestId === requestId);
    expect(ofRequest.some((s) => /INSERT INTO "?comm_orders/.test(s.text))).toBe(true);
    expect(ofRequest.filter((s) => s.text.startsWith(HUB_STATEMENT))).toEqual([]);
  });
});
