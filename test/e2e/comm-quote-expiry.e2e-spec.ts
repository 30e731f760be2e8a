import { allowedActions, CommOrderStatus } from '../../src/communication/comm-order-status.js';
import {
  CommQuoteExpiryService,
  quoteExpiredText,
} from '../../src/communication/services/comm-quote-expiry.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoodsOnSale, TestGoods } from '../factories/catalogue.factory.js';
import { createCommOrder, staffQuote } from '../factories/communication.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { itRaces } from '../support/races.js';

const HOUR = 3_600_000;

describe('quote expiry: the job, across instances, and accept afterwards (e2e)', () => {
  let t: TestApp;
  /** A second instance on the same database (the same one on PGlite, which has one instance). */
  let t2: TestApp;
  let staff: TestAdmin;
  let alice: TestCustomer;
  let goods: TestGoods;

  beforeAll(async () => {
    t = await startTestApp();
    t2 = t.databaseUrl ? await startTestApp({}, { databaseUrl: t.databaseUrl }) : t;
    staff = await createAdmin(t);
    alice = await registerCustomer(t.api);
    goods = await createGoodsOnSale(t, { stock: 1000 });
  });
  afterAll(async () => {
    if (t2 !== t) await t2.close();
    await t.close();
  });

  const jobs = () => [t.app.get(CommQuoteExpiryService), t2.app.get(CommQuoteExpiryService)];

  /** A request quoted (version 1) valid for an hour. */
  async function quoted(product: TestGoods = goods): Promise<number> {
    const { id } = await createCommOrder(t.api, alice, product.id);
    await staffQuote(t.api, staff, id, '100', {
      valid_until: Math.floor((Date.now() + HOUR) / 1000),
    });
    return id as number;
  }
  /** Test set-up: move a quote's validity into the past instead of waiting for it. */
  const lapse = (ids: number[]) =>
    t.dataSource.query(
      `UPDATE comm_orders SET quote_valid_until = now() - interval '1 minute' WHERE id = ANY($1)`,
      [ids],
    );
  const requests = (ids: number[]) =>
    t.dataSource.query(
      `SELECT id, status, customer_unread_count, staff_unread_count, order_id
         FROM comm_orders WHERE id = ANY($1) ORDER BY id`,
      [ids],
    );
  const eventsOf = async (id: number) =>
    (
      await t.dataSource.query(
        `SELECT type, actor, status FROM domain_events WHERE comm_order_id = $1 ORDER BY id`,
        [id],
      )
    ).map(
      (e: { type: string; actor: string; status: number }) => `${e.type}:${e.actor}:${e.status}`,
    );
  const accept = (body: Record<string, unknown>) =>
    t.api.post('/api/communication/order/accept', body, { token: alice.token });

  itRaces(
    'due quotes expire exactly once with two instances racing; quotes not yet due stay',
    async () => {
      const due = [];
      for (let i = 0; i < 12; i++) due.push(await quoted());
      const notDue = [await quoted()];
      const open = (await createCommOrder(t.api, alice, goods.id)).id as number;
      await staffQuote(t.api, staff, open, '100'); // no valid_until: never expires
      notDue.push(open);
      await lapse(due);
      const before = await requests(due);

      const [a, b] = jobs();
      const runs = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      const expired = runs.flatMap((run) => run.expired);
      expect([...expired].sort((x, y) => x - y)).toEqual(due);
      expect(runs.flatMap((run) => run.failed)).toEqual([]);

      const after = await requests(due);
      after.forEach((row: Record<string, number>, i: number) => {
        expect(row.status).toBe(CommOrderStatus.InCommunication);
        // A system message: one more unread on both sides.
        expect(row.customer_unread_count).toBe(before[i].customer_unread_count + 1);
        expect(row.staff_unread_count).toBe(before[i].staff_unread_count + 1);
      });
      for (const id of due) {
        expect(
          (await eventsOf(id)).filter((e: string) => e.startsWith('comm.quote.expired')),
        ).toEqual(['comm.quote.expired:system:1']);
      }
      const history = await t.dataSource.query(
        `SELECT comm_order_id, actor_type, actor_id, from_status, to_status FROM comm_order_history
        WHERE action = 'expire' AND comm_order_id = ANY($1) ORDER BY comm_order_id`,
        [due],
      );
      expect(history).toEqual(
        due.map((id) => ({
          comm_order_id: id,
          actor_type: 'system',
          actor_id: 0,
          from_status: 2,
          to_status: 1,
        })),
      );
      const messages = await t.dataSource.query(
        `SELECT comm_order_id, sender_type, sender_id, content FROM comm_messages
        WHERE content = $2 AND comm_order_id = ANY($1) ORDER BY comm_order_id`,
        [due, quoteExpiredText(1)],
      );
      expect(messages).toEqual(
        due.map((id) => ({
          comm_order_id: id,
          sender_type: 'system',
          sender_id: 0,
          content: 'The quote (v1) expired unanswered',
        })),
      );
      // No audit row for the server's own change.
      const audit = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'request.expire'`,
      );
      expect(audit[0].n).toBe(0);

      expect((await requests(notDue)).map((r: { status: number }) => r.status)).toEqual([2, 2]);
      for (const id of notDue)
        expect(await eventsOf(id)).not.toContain('comm.quote.expired:system:1');
      expect((await a.runOnce()).expired).toEqual([]);
    },
  );

  it('accept after expiry answers COMM.QUOTE_EXPIRED (by id or by goods); allowed_actions as ever', async () => {
    const own = await createGoodsOnSale(t, { stock: 10 });
    const id = await quoted(own);
    await lapse([id]);
    expect((await jobs()[0].runOnce()).expired).toEqual([id]);

    for (const body of [{ id }, { goods_id: own.id }, { id, quote_version: 1 }]) {
      const res = await accept(body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ code: -1, error: 'COMM.QUOTE_EXPIRED' });
    }
    expect((await requests([id]))[0]).toMatchObject({ status: 1, order_id: null });

    const customer = await t.api.get(`/api/communication/order/detail?id=${id}`, {
      token: alice.token,
    });
    expect(customer.body.data.allowed_actions).toEqual(
      allowedActions(CommOrderStatus.InCommunication, 'customer'),
    );
    expect(customer.body.data.allowed_actions).toEqual(['cancel', 'send_message', 'update']);
    const forStaff = await t.api.get(`/system/api/communication/order/detail?id=${id}`, {
      admin: staff.token,
    });
    expect(forStaff.body.data.allowed_actions).toEqual([
      'quote',
      'cancel',
      'send_message',
      'images',
    ]);
  });

  it('a request quoted again after expiry can be accepted', async () => {
    const id = await quoted();
    await lapse([id]);
    await jobs()[1].runOnce();
    await staffQuote(t.api, staff, id, '120', {
      valid_until: Math.floor((Date.now() + HOUR) / 1000),
    });
    const res = await accept({ id, quote_version: 2 });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({ amount: 12000 });
    expect(await eventsOf(id)).toEqual([
      'comm.order.created:customer:0',
      'comm.quote.sent:staff:2',
      'comm.quote.expired:system:1',
      'comm.quote.sent:staff:2',
      'order.created:customer:0',
      'comm.quote.accepted:customer:3',
    ]);
  });

  itRaces(
    'expiry racing accept: each request ends accepted or expired, as if one ran first',
    async () => {
      const ids = [];
      for (let i = 0; i < 8; i++) ids.push(await quoted());
      // The jobs see the quotes as due (an hour later), the customer still sees them valid.
      const later = new Date(Date.now() + 2 * HOUR);
      const [a, b] = jobs();
      const answers = await Promise.all([
        ...ids.map((id) => accept({ id })),
        a.runOnce(later),
        b.runOnce(later),
      ]);
      const accepted = answers.slice(0, ids.length) as Awaited<ReturnType<typeof accept>>[];
      const rows = await requests(ids);
      for (const [i, id] of ids.entries()) {
        const events = await eventsOf(id);
        if (accepted[i].body.code === 0) {
          expect(rows[i].status).toBe(CommOrderStatus.Accepted);
          // The order event names the request too: exactly one order, no expiry.
          expect(events.slice(2)).toEqual([
            'order.created:customer:0',
            'comm.quote.accepted:customer:3',
          ]);
        } else {
          expect(['COMM.INVALID_TRANSITION', 'COMM.QUOTE_EXPIRED']).toContain(
            accepted[i].body.error,
          );
          expect(rows[i]).toMatchObject({
            status: CommOrderStatus.InCommunication,
            order_id: null,
          });
          expect(events.slice(2)).toEqual(['comm.quote.expired:system:1']);
        }
      }
    },
  );
});
