import nock from 'nock';
import { randomBytes } from 'node:crypto';
import { CommQuoteExpiryService } from '../../src/communication/services/comm-quote-expiry.service.js';
import { EVENT_TYPE_NAMES, EVENT_TYPES } from '../../src/events/event-catalogue.js';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createGoods, TestGoods } from '../factories/catalogue.factory.js';
import { createCommOrder, staffQuote, staffReply } from '../factories/communication.factory.js';
import { fundBalance, OrderActors, placeOrder, step } from '../factories/orders.factory.js';
import {
  configureStripe,
  openGatewayPayment,
  stripeCheckoutCompleted,
  stripeSignature,
} from '../factories/payments.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/** An event row as the tests compare it (message_id as a number; id, txid and time left out). */
interface EventRow {
  type: string;
  user_id: number;
  comm_order_id: number | null;
  order_id: string | null;
  message_id: number | null;
  status: number | null;
  actor: string;
}

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;

/**
 * Every writer writes exactly its event: the real flows over HTTP (and the jobs through
 * runOnce), each step compared with the rows it added to domain_events.
 */
describe('the event log: one event per change, in the change’s transaction (e2e)', () => {
  let t: TestApp;
  let staff: TestAdmin;
  let alice: TestCustomer;
  let goods: TestGoods;
  let stripeGoods: TestGoods;
  /** What the Stripe fake answers to the next refund call. */
  const refundAnswers: string[] = [];
  const paidSessions = new Map<string, unknown>();

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock('https://api.stripe.com')
      .persist()
      .post('/v1/checkout/sessions')
      .reply((_uri, body) => {
        const form = Object.fromEntries(new URLSearchParams(body as string));
        const id = `cs_test_${form.client_reference_id}`;
        return [200, { id, object: 'checkout.session', url: `https://pay.example/${id}` }];
      })
      // Reconciliation asks about open sessions: `paidSessions` are the ones a test marked paid.
      .get(/\/v1\/checkout\/sessions\/cs_test_\d+$/)
      .reply((uri: string) => {
        const id = uri.split('/').pop()!;
        return [200, paidSessions.get(id) ?? { id, object: 'checkout.session' }];
      })
      // The payment jobs expire the session of a payment cancelled by a payment made another way.
      .post(/\/v1\/checkout\/sessions\/cs_test_\d+\/expire$/)
      .reply((uri: string) => [
        200,
        { id: uri.split('/')[4], object: 'checkout.session', status: 'expired' },
      ])
      .post('/v1/refunds')
      .reply((_uri, body) => {
        const form = Object.fromEntries(new URLSearchParams(body as string));
        const status = refundAnswers.shift() ?? 'succeeded';
        return [
          200,
          {
            id: `re_${form['metadata[payment_id]']}`,
            object: 'refund',
            status,
            amount: Number(form.amount),
            metadata: { out_refund_no: form['metadata[out_refund_no]'] },
          },
        ];
      });
    t = await startTestApp({ PUBLIC_URL: 'https://shop.example.com' });
    staff = await createAdmin(t);
    alice = await registerCustomer(t.api);
    goods = await createGoods(t.api, staff.token, { price: 1000, stock: 1000 });
    stripeGoods = await createGoods(t.api, staff.token, { price: 2599, stock: 1000 });
    await configureStripe(t.api, staff.token, WEBHOOK_SECRET);
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await t.close();
  });

  const mark = async (): Promise<string> =>
    (await t.dataSource.query(`SELECT COALESCE(max(id), 0)::text AS id FROM domain_events`))[0].id;
  const since = (id: string): Promise<EventRow[]> =>
    t.dataSource.query(
      `SELECT type, user_id, comm_order_id, order_id, message_id::int AS message_id, status, actor
         FROM domain_events WHERE id > $1 ORDER BY id`,
      [id],
    );
  /** Runs `change` and answers the events it wrote (also checking that the change succeeded). */
  async function eventsOf(change: () => Promise<unknown>) {
    const before = await mark();
    const res = await change();
    if (res && typeof res === 'object' && 'body' in res) {
      const answer = res as { status: number; body: unknown };
      // An envelope answers code 0; a gateway notification's acknowledgement answers 200.
      if (answer.body && typeof answer.body === 'object' && 'code' in answer.body)
        expect(answer.body.code).toBe(0);
      else expect(answer.status).toBe(200);
    }
    return since(before);
  }
  const lastMessage = async (commOrderId: number): Promise<number> =>
    (
      await t.dataSource.query(
        `SELECT max(id)::int AS id FROM comm_messages WHERE comm_order_id = $1`,
        [commOrderId],
      )
    )[0].id;
  const row = (
    type: string,
    user: TestCustomer,
    fields: Partial<Omit<EventRow, 'type' | 'user_id'>>,
  ): EventRow => ({
    type,
    user_id: user.id,
    comm_order_id: null,
    order_id: null,
    message_id: null,
    status: null,
    actor: 'customer',
    ...fields,
  });
  const customerPost = (path: string, body: object, who: TestCustomer = alice) =>
    t.api.post(`/api/communication/${path}`, body, { token: who.token });
  const staffPost = (path: string, body: object) =>
    t.api.post(`/system/api/communication/${path}`, body, { admin: staff.token });
  const actors = (): OrderActors => ({ api: t.api, buyer: alice, adminToken: staff.token });

  it('a request from creation to an accepted quote, and its shop order to finished', async () => {
    const before = await mark();
    const request = await createCommOrder(t.api, alice, goods.id);
    const id: number = request.id;
    const r = { comm_order_id: id };
    expect(await since(before)).toEqual([row('comm.order.created', alice, { ...r, status: 0 })]);

    expect(
      await eventsOf(() => customerPost('order/update', { id, title: 'A new title' })),
    ).toEqual([row('comm.order.updated', alice, { ...r, status: 0 })]);
    const sent = await eventsOf(() =>
      customerPost('message/send', { comm_order_id: id, message_type: 'text', content: 'hi' }),
    );
    expect(sent).toEqual([
      row('comm.message.created', alice, { ...r, status: 0, message_id: await lastMessage(id) }),
    ]);
    expect(await eventsOf(() => staffPost('order/read', { id }))).toEqual([
      row('comm.thread.read', alice, {
        ...r,
        status: 0,
        message_id: await lastMessage(id),
        actor: 'staff',
      }),
    ]);
    // Reading again moves no marker: no event.
    expect(await eventsOf(() => staffPost('order/read', { id }))).toEqual([]);

    expect(await eventsOf(() => staffReply(t.api, staff, id))).toEqual([
      row('comm.message.created', alice, {
        ...r,
        status: 1,
        message_id: await lastMessage(id),
        actor: 'staff',
      }),
    ]);
    expect(
      await eventsOf(() =>
        staffPost('message/send', { comm_order_id: id, message_type: 'text', content: 'more' }),
      ),
    ).toEqual([
      row('comm.message.created', alice, {
        ...r,
        status: 1,
        message_id: await lastMessage(id),
        actor: 'staff',
      }),
    ]);
    expect(
      await eventsOf(() =>
        staffPost('order/images', {
          id,
          sketch_images: ['https://cdn.example.com/sketch-1.jpg'],
        }),
      ),
    ).toEqual([row('comm.order.updated', alice, { ...r, status: 1, actor: 'staff' })]);
    expect(await eventsOf(() => customerPost('order/read', { id }))).toEqual([
      row('comm.thread.read', alice, { ...r, status: 1, message_id: await lastMessage(id) }),
    ]);

    expect(await eventsOf(() => staffQuote(t.api, staff, id, '100'))).toEqual([
      row('comm.quote.sent', alice, {
        ...r,
        status: 2,
        message_id: await lastMessage(id),
        actor: 'staff',
      }),
    ]);
    expect(await eventsOf(() => customerPost('order/reject', { id, reason: 'too much' }))).toEqual([
      row('comm.quote.rejected', alice, { ...r, status: 4, message_id: await lastMessage(id) }),
    ]);
    await staffQuote(t.api, staff, id, '80');

    let orderId = '';
    const accepted = await eventsOf(async () => {
      const res = await customerPost('order/accept', { id });
      orderId = res.body.data.order_id;
      return res;
    });
    expect(accepted).toEqual([
      row('order.created', alice, { ...r, order_id: orderId, status: 0 }),
      row('comm.quote.accepted', alice, {
        ...r,
        order_id: orderId,
        status: 3,
        message_id: await lastMessage(id),
      }),
    ]);

    // The shop order of the request: every order event names the request too.
    const o = { order_id: orderId, comm_order_id: id };
    await fundBalance(t.api, staff.token, alice.id, 100_000);
    expect(await eventsOf(() => step(actors(), 'pay', orderId))).toEqual([
      row('order.paid', alice, { ...o, status: 1 }),
    ]);
    expect(await eventsOf(() => step(actors(), 'deliver', orderId))).toEqual([
      row('order.shipped', alice, { ...o, status: 2, actor: 'staff' }),
    ]);
    expect(await eventsOf(() => step(actors(), 'finish', orderId))).toEqual([
      row('order.finished', alice, { ...o, status: 3 }),
    ]);
  });

  it('cancelling requests (either side), and a quote that expires unanswered', async () => {
    const mine = (await createCommOrder(t.api, alice, goods.id)).id as number;
    expect(await eventsOf(() => customerPost('order/cancel', { id: mine, reason: 'no' }))).toEqual([
      row('comm.order.cancelled', alice, {
        comm_order_id: mine,
        status: -1,
        message_id: await lastMessage(mine),
      }),
    ]);
    const theirs = (await createCommOrder(t.api, alice, goods.id)).id as number;
    expect(await eventsOf(() => staffPost('order/cancel', { id: theirs, reason: 'spam' }))).toEqual(
      [
        row('comm.order.cancelled', alice, {
          comm_order_id: theirs,
          status: -1,
          message_id: await lastMessage(theirs),
          actor: 'staff',
        }),
      ],
    );

    const quoted = (await createCommOrder(t.api, alice, goods.id)).id as number;
    await staffQuote(t.api, staff, quoted, '50', {
      valid_until: Math.floor(Date.now() / 1000) + 3600,
    });
    const expiry = t.app.get(CommQuoteExpiryService);
    const run = await eventsOf(() => expiry.runOnce(new Date(Date.now() + 3_601_000)));
    expect(run).toEqual([
      row('comm.quote.expired', alice, {
        comm_order_id: quoted,
        status: 1,
        message_id: await lastMessage(quoted),
        actor: 'system',
      }),
    ]);
  });

  it('shop orders: cancel by either side, staff offline pay, refunds asked, refused, approved', async () => {
    const cancelled = (await placeOrder(t.api, alice, { goods_id: goods.id, quantity: 1 }))
      .order_id as string;
    expect(await eventsOf(() => step(actors(), 'cancel', cancelled))).toEqual([
      row('order.cancelled', alice, { order_id: cancelled, status: -1 }),
    ]);
    const byStaff = (await placeOrder(t.api, alice, { goods_id: goods.id, quantity: 1 }))
      .order_id as string;
    expect(await eventsOf(() => step(actors(), 'admin_cancel', byStaff))).toEqual([
      row('order.cancelled', alice, { order_id: byStaff, status: -1, actor: 'staff' }),
    ]);

    let orderId = '';
    expect(
      await eventsOf(async () => {
        orderId = (await placeOrder(t.api, alice, { goods_id: goods.id, quantity: 1 })).order_id;
      }),
    ).toEqual([row('order.created', alice, { order_id: orderId, status: 0 })]);
    const o = { order_id: orderId };
    expect(await eventsOf(() => step(actors(), 'admin_pay', orderId))).toEqual([
      row('order.paid', alice, { ...o, status: 1, actor: 'staff' }),
    ]);
    expect(await eventsOf(() => step(actors(), 'refund', orderId))).toEqual([
      row('order.refund_requested', alice, { ...o, status: 8 }),
    ]);
    expect(await eventsOf(() => step(actors(), 'reject_refund', orderId))).toEqual([
      row('order.refund_refused', alice, { ...o, status: 1, actor: 'staff' }),
    ]);
    await step(actors(), 'refund', orderId);
    // The payment's own move (paid → refunded) is its event, after the order's, same transaction.
    expect(await eventsOf(() => step(actors(), 'approve_refund', orderId))).toEqual([
      row('order.refund_approved', alice, { ...o, status: 9, actor: 'staff' }),
      row('payment.refund_recorded', alice, { ...o, status: 9, actor: 'staff' }),
    ]);
  });

  it('the order jobs: auto-close and auto-finish write their events as the system', async () => {
    const unpaid = (await placeOrder(t.api, alice, { goods_id: goods.id, quantity: 1 }))
      .order_id as string;
    const shipped = (await placeOrder(t.api, alice, { goods_id: goods.id, quantity: 1 }))
      .order_id as string;
    await step(actors(), 'admin_pay', shipped);
    await step(actors(), 'deliver', shipped);
    const jobs = t.app.get(OrderJobsService);
    const closed = await eventsOf(() => jobs.runOnce(new Date(Date.now() + 31 * 60_000)));
    expect(closed.filter((e) => e.order_id === unpaid)).toEqual([
      row('order.closed', alice, { order_id: unpaid, status: -1, actor: 'system' }),
    ]);
    const finished = await eventsOf(() => jobs.runOnce(new Date(Date.now() + 11 * 86_400_000)));
    expect(finished.filter((e) => e.order_id === shipped)).toEqual([
      row('order.finished', alice, { order_id: shipped, status: 3, actor: 'system' }),
    ]);
  });

  describe('gateway payments and refunds (Stripe fake)', () => {
    const completed = (paymentId: string) => stripeCheckoutCompleted(paymentId);
    const refundUpdated = (paymentId: string, status: string) =>
      JSON.stringify({
        id: `evt_${randomBytes(8).toString('hex')}`,
        object: 'event',
        type: 'refund.updated',
        data: {
          object: {
            id: `re_${paymentId}`,
            object: 'refund',
            status,
            metadata: { out_refund_no: `R${paymentId}` },
          },
        },
      });
    const webhook = (payload: string) =>
      t.api.postRaw('/notify/stripe/pay', payload, {
        headers: { 'stripe-signature': stripeSignature(payload, WEBHOOK_SECRET) },
      });
    const refundJob = () => t.app.get(OrderJobsService).runOnce(new Date());

    /** A Stripe-paid order, then refunded by staff (apply + approve): its order number. */
    async function paidThenRefunded(): Promise<{ orderId: string; paymentId: string }> {
      const { orderId, payment } = await openGatewayPayment(t.api, alice, stripeGoods.id, 'stripe');
      const paid = await eventsOf(() => webhook(completed(payment.payment_id)));
      expect(paid).toEqual([
        row('order.paid', alice, { order_id: orderId, status: 1, actor: 'system' }),
      ]);
      const refunded = await eventsOf(() =>
        t.api.post(
          '/system/api/plugin/order/refund/apply',
          { order_id: orderId },
          { admin: staff.token },
        ),
      );
      expect(refunded).toEqual([
        row('order.refund_requested', alice, { order_id: orderId, status: 8, actor: 'staff' }),
        row('order.refund_approved', alice, { order_id: orderId, status: 9, actor: 'staff' }),
        row('payment.refund_recorded', alice, { order_id: orderId, status: 9, actor: 'staff' }),
      ]);
      return { orderId, paymentId: payment.payment_id as string };
    }

    it('reconciliation settles a payment whose notification never came: order.paid', async () => {
      const { orderId, payment } = await openGatewayPayment(t.api, alice, stripeGoods.id, 'stripe');
      const session = JSON.parse(completed(payment.payment_id)).data.object;
      paidSessions.set(session.id, session);
      const reconciled = await eventsOf(() =>
        t.app.get(OrderJobsService).runOnce(new Date(Date.now() + 6 * 60_000)),
      );
      expect(reconciled).toEqual([
        row('order.paid', alice, { order_id: orderId, status: 1, actor: 'system' }),
      ]);
    });

    it('a switch of pay way cancels the open payment: payment.cancelled, the order unchanged', async () => {
      const { orderId } = await openGatewayPayment(t.api, alice, stripeGoods.id, 'stripe');
      const switched = await eventsOf(() =>
        t.api.post(
          '/api/order/payment',
          { order_id: orderId, pay_way: 'offline' },
          { token: alice.token },
        ),
      );
      expect(switched).toEqual([
        row('payment.cancelled', alice, { order_id: orderId, status: 0, actor: 'customer' }),
      ]);
    });

    it('a late payment changes no order: payment.late_received, then its refund payment.refunded', async () => {
      const { orderId, payment } = await openGatewayPayment(t.api, alice, stripeGoods.id, 'stripe');
      // The order's open payment ends with it.
      expect(await eventsOf(() => step(actors(), 'cancel', orderId))).toEqual([
        row('order.cancelled', alice, { order_id: orderId, status: -1 }),
        row('payment.cancelled', alice, { order_id: orderId, status: -1, actor: 'system' }),
      ]);
      expect(await eventsOf(() => webhook(completed(payment.payment_id)))).toEqual([
        row('payment.late_received', alice, { order_id: orderId, status: -1, actor: 'system' }),
      ]);
      refundAnswers.push('succeeded');
      expect(await eventsOf(refundJob)).toEqual([
        row('payment.refunded', alice, { order_id: orderId, status: -1, actor: 'system' }),
      ]);
    });

    it('a refund the gateway confirms writes payment.refunded once', async () => {
      const { orderId } = await paidThenRefunded();
      refundAnswers.push('succeeded');
      expect(await eventsOf(refundJob)).toEqual([
        row('payment.refunded', alice, { order_id: orderId, status: 9, actor: 'system' }),
      ]);
      expect(await eventsOf(refundJob)).toEqual([]);
    });

    it('a refund refused for good writes payment.failed (staff only)', async () => {
      const { orderId } = await paidThenRefunded();
      refundAnswers.push('failed');
      expect(await eventsOf(refundJob)).toEqual([
        row('payment.failed', alice, { order_id: orderId, status: 9, actor: 'system' }),
      ]);
      expect(EVENT_TYPES['payment.failed'].customer).toBe(false);
    });

    it('a refund confirmed later by notification: the event once, however often it comes', async () => {
      const { orderId, paymentId } = await paidThenRefunded();
      refundAnswers.push('pending');
      expect(await eventsOf(refundJob)).toEqual([]); // processing: nothing final yet
      const notification = refundUpdated(paymentId, 'succeeded');
      const copies = await eventsOf(async () => {
        const answers = await Promise.all(Array.from({ length: 5 }, () => webhook(notification)));
        expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
      });
      expect(copies).toEqual([
        row('payment.refunded', alice, { order_id: orderId, status: 9, actor: 'system' }),
      ]);
    });
  });

  it('a change that rolls back writes no event: a balance payment short of money', async () => {
    const poor = await registerCustomer(t.api);
    const orderId = (await placeOrder(t.api, poor, { goods_id: goods.id, quantity: 1 }))
      .order_id as string;
    const before = await mark();
    // The pay transition (and its event) is written before the debit finds no money.
    const res = await t.api.post(
      '/api/order/payment',
      { order_id: orderId, pay_way: 'balance' },
      { token: poor.token },
    );
    expect(res.body.code).not.toBe(0);
    expect(res.status).toBeLessThan(500);
    expect(await since(before)).toEqual([]);
    const [order] = await t.dataSource.query(`SELECT status FROM orders WHERE order_id = $1`, [
      orderId,
    ]);
    expect(order.status).toBe(0);
  });

  it('rows are thin: only the listed columns, ids and short codes, never text', async () => {
    const columns = await t.dataSource.query(
      `SELECT column_name, data_type, character_maximum_length AS length
         FROM information_schema.columns WHERE table_name = 'domain_events' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'bigint', length: null },
      { column_name: 'txid', data_type: 'xid8', length: null },
      { column_name: 'type', data_type: 'character varying', length: 48 },
      { column_name: 'user_id', data_type: 'integer', length: null },
      { column_name: 'comm_order_id', data_type: 'integer', length: null },
      { column_name: 'order_id', data_type: 'character varying', length: 32 },
      { column_name: 'message_id', data_type: 'bigint', length: null },
      { column_name: 'status', data_type: 'smallint', length: null },
      { column_name: 'actor', data_type: 'character varying', length: 8 },
      { column_name: 'created_time', data_type: 'timestamp with time zone', length: null },
    ]);
    const rows: EventRow[] = await since('0');
    expect(rows.length).toBeGreaterThan(30);
    for (const e of rows) {
      expect(EVENT_TYPE_NAMES).toContain(e.type);
      expect(['customer', 'staff', 'system']).toContain(e.actor);
      if (e.order_id !== null) expect(e.order_id).toMatch(/^\d+$/);
      // The ids an event names follow its subject.
      const spec = EVENT_TYPES[e.type as keyof typeof EVENT_TYPES];
      if (spec.subject === 'comm_order') expect(e.comm_order_id).not.toBeNull();
      else expect(e.order_id).not.toBeNull();
      expect(e.message_id !== null).toBe('message' in spec);
    }
  });

  it('every type of the catalogue was written by one of the flows above', async () => {
    const written: { type: string }[] = await t.dataSource.query(
      `SELECT DISTINCT type FROM domain_events`,
    );
    const types = new Set(written.map((w) => w.type));
    expect(EVENT_TYPE_NAMES.filter((type) => !types.has(type))).toEqual([]);
  });
});
