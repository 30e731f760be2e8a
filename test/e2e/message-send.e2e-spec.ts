import { CommOrderStatus } from '../../src/communication/comm-order-status.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createCommOrder, staffReply } from '../factories/communication.factory.js';
import { createGoodsOnSale, TestGoods } from '../factories/catalogue.factory.js';
import { lockWaiters } from '../support/row-lock.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * A message send is one statement (lock, status check, message, thread counters, event and, for
 * staff, the audit row): racing sends must still end as if serial, and a send the status refuses
 * must write nothing, also when the status changed while it waited for the row lock.
 */
describe('Message send in one statement (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let customer: TestCustomer;
  let goods: TestGoods;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    customer = await registerCustomer(t.api);
    goods = await createGoodsOnSale(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (side: 'customer' | 'staff', id: number, content: string) =>
    side === 'customer'
      ? t.api.post(
          '/api/communication/message/send',
          { comm_order_id: id, message_type: 'text', content },
          { token: customer.token },
        )
      : t.api.post(
          '/system/api/communication/message/send',
          { comm_order_id: id, message_type: 'text', content },
          { admin: admin.token },
        );

  async function threadState(id: number) {
    const [order] = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT message_count, last_message_id::int, customer_last_read_id::int, staff_last_read_id::int,
              customer_unread_count, staff_unread_count, status
         FROM comm_orders WHERE id = $1`,
      [id],
    );
    const [messages] = await t.dataSource.query<{ n: number; last: number }[]>(
      `SELECT count(*)::int AS n, coalesce(max(id), 0)::int AS last FROM comm_messages WHERE comm_order_id = $1`,
      [id],
    );
    const [events] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM domain_events WHERE comm_order_id = $1 AND type = 'comm.message.created'`,
      [id],
    );
    const [audits] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_logs WHERE entity_type = 'request' AND entity_id = $1 AND action = 'request.message'`,
      [String(id)],
    );
    return { order, messages, events: events.n, audits: audits.n };
  }

  it('ends racing sends from both sides as if serial: counters, events and audit rows agree', async () => {
    const request = await createCommOrder(t.api, customer, goods.id);
    await staffReply(t.api, admin, request.id); // pending → in communication (the reply transition)
    const before = await threadState(request.id);

    const sides = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 'customer' : 'staff'));
    const results = await Promise.all(
      sides.map((side, i) => send(side as never, request.id, `m${i}`)),
    );
    expect(results.map((r) => r.body.code)).toEqual(sides.map(() => 0));

    const after = await threadState(request.id);
    expect(after.messages.n).toBe(before.messages.n + 16);
    expect(after.order.message_count).toBe(after.messages.n);
    expect(after.order.last_message_id).toBe(after.messages.last);
    expect(after.events).toBe(before.events + 16);
    expect(after.audits).toBe(before.audits + 8);
    // Each side has read up to its own last message; unread = the other side's messages since.
    const [unread] = await t.dataSource.query<{ customer: number; staff: number }[]>(
      `SELECT count(*) FILTER (WHERE m.sender_type <> 'user' AND m.id > o.customer_last_read_id)::int AS customer,
              count(*) FILTER (WHERE m.sender_type <> 'admin' AND m.id > o.staff_last_read_id)::int AS staff
         FROM comm_messages m JOIN comm_orders o ON o.id = m.comm_order_id WHERE o.id = $1`,
      [request.id],
    );
    expect({
      customer: after.order.customer_unread_count,
      staff: after.order.staff_unread_count,
    }).toEqual(unread);
    // The answer is the message written, as the thread lists it.
    const ids = results.map((r) => r.body.data.id as number);
    expect(new Set(ids).size).toBe(16);
    const [first] = await t.dataSource.query<{ content: string; sender_type: string }[]>(
      'SELECT content, sender_type FROM comm_messages WHERE id = $1',
      [ids[1]],
    );
    expect(first).toEqual({ content: 'm1', sender_type: 'admin' });
    // The staff audit rows name the message each wrote.
    const audited = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_logs WHERE entity_type = 'request' AND entity_id = $1 AND action = 'request.message'`,
      [String(request.id)],
    );
    const staffIds = ids.filter((_, i) => sides[i] === 'staff').sort((a, b) => a - b);
    expect(audited.map((row) => row.details.message_id as number).sort((a, b) => a - b)).toEqual(
      staffIds,
    );
    expect(new Set(audited.map((row) => JSON.stringify(Object.keys(row.details).sort())))).toEqual(
      new Set(['["message_id","message_type"]']),
    );
    expect(results[1].body.data).toMatchObject({
      comm_order_id: request.id,
      sender_id: admin.id,
      sender_type: 'admin',
      message_type: 'text',
      content: 'm1',
      quote_version: 0,
    });
  });

  it('refuses and writes nothing when the request was cancelled while the send waited for its lock', async () => {
    const request = await createCommOrder(t.api, customer, goods.id);
    await staffReply(t.api, admin, request.id);
    const before = await threadState(request.id);

    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('UPDATE comm_orders SET status = $1 WHERE id = $2', [
        CommOrderStatus.Cancelled,
        request.id,
      ]);
      const pending = [send('customer', request.id, 'late'), send('staff', request.id, 'late')];
      expect(await lockWaiters(t.dataSource, 2)).toBeGreaterThanOrEqual(2);
      await runner.commitTransaction();
      const refused = await Promise.all(pending);
      for (const res of refused) {
        expect(res.body.code).toBe(-1);
        expect(res.body.msg).toMatch(/cancel/i);
      }
    } finally {
      await runner.release();
    }
    const after = await threadState(request.id);
    expect(after.messages).toEqual(before.messages);
    expect(after.order.message_count).toBe(before.order.message_count);
    expect(after.events).toBe(before.events);
    expect(after.audits).toBe(before.audits);
  });

  it('answers someone else’s request as not found and writes nothing', async () => {
    const other = await registerCustomer(t.api);
    const request = await createCommOrder(t.api, other, goods.id);
    const before = await threadState(request.id);
    const res = await send('customer', request.id, 'not mine');
    expect(res.body.code).toBe(-1);
    expect(await threadState(request.id)).toEqual(before);
  });
});
