import { createAdmin, registerCustomer, TestCustomer } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import {
  fundBalance,
  OrderActors,
  PATH_TO,
  placeOrder,
  step,
  walk,
} from '../factories/orders.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { ActorRole } from '../../src/common/state-machine/actor.js';
import {
  OrderAction,
  OrderStatus,
  planTransition,
  RefundStatus,
  STATUS_FILTERS,
} from '../../src/orders/order-status.js';

/** Every lifecycle endpoint, as the transition table names it. */
const ENDPOINTS: Record<string, { action: OrderAction; actor: ActorRole }> = {
  pay: { action: 'pay', actor: 'customer' },
  admin_pay: { action: 'pay', actor: 'staff' },
  cancel: { action: 'cancel', actor: 'customer' },
  admin_cancel: { action: 'cancel', actor: 'staff' },
  deliver: { action: 'deliver', actor: 'staff' },
  finish: { action: 'finish', actor: 'customer' },
  admin_finish: { action: 'finish', actor: 'staff' },
  refund: { action: 'apply_refund', actor: 'customer' },
  approve_refund: { action: 'approve_refund', actor: 'staff' },
  reject_refund: { action: 'reject_refund', actor: 'staff' },
};

/** The state each PATH_TO walk leaves an order in (refunds are asked for from paid). */
function stateAfter(name: string) {
  const status = STATUS_FILTERS[name];
  return {
    status,
    refundStatus: name === 'refunded' ? RefundStatus.Refunded : RefundStatus.None,
    statusBeforeRefund: status === OrderStatus.Refunding ? OrderStatus.Paid : null,
  };
}

describe('order lifecycle: every transition and every forbidden one, from the table (e2e)', () => {
  let t: TestApp;
  let actors: OrderActors;
  let buyer: TestCustomer;
  let goodsId: number;

  beforeAll(async () => {
    t = await startTestApp({ ORDER_JOBS_INTERVAL_SECONDS: '0' });
    const admin = await createAdmin(t);
    buyer = await registerCustomer(t.api);
    actors = { api: t.api, buyer, adminToken: admin.token };
    goodsId = (await createGoods(t.api, admin.token, { price: 1000, stock: 100_000 })).id;
    await fundBalance(t.api, admin.token, buyer.id, 10_000_000);
  });
  afterAll(async () => {
    await t.close();
  });

  const orderRow = async (orderId: string) =>
    (
      await t.dataSource.query(
        'SELECT status, refund_status, status_before_refund FROM orders WHERE order_id = $1',
        [orderId],
      )
    )[0];

  for (const [from, path] of Object.entries(PATH_TO)) {
    for (const [endpoint, { action, actor }] of Object.entries(ENDPOINTS)) {
      const plan = planTransition(stateAfter(from), action, actor);
      const title = plan
        ? `${from}: ${endpoint} (${actor}) → status ${plan.to}, refund_status ${plan.toRefundStatus}`
        : `${from}: ${endpoint} (${actor}) is refused, naming the status`;

      it(title, async () => {
        const order = await placeOrder(t.api, buyer, { goods_id: goodsId, quantity: 1 });
        await walk(actors, order.order_id, path);
        const before = await orderRow(order.order_id);
        expect(before.status).toBe(stateAfter(from).status);
        const historyBefore = await t.dataSource.query(
          'SELECT count(*)::int AS n FROM order_history WHERE order_id = $1',
          [order.order_id],
        );

        const res = await step(actors, endpoint, order.order_id);
        const after = await orderRow(order.order_id);
        const [{ n }] = await t.dataSource.query(
          'SELECT count(*)::int AS n FROM order_history WHERE order_id = $1',
          [order.order_id],
        );

        if (plan) {
          expect(res.body).toMatchObject({ code: 0 });
          expect(after.status).toBe(plan.to);
          expect(after.refund_status).toBe(plan.toRefundStatus);
          expect(n).toBe(historyBefore[0].n + 1);
          const [last] = await t.dataSource.query(
            'SELECT * FROM order_history WHERE order_id = $1 ORDER BY id DESC LIMIT 1',
            [order.order_id],
          );
          expect(last).toMatchObject({
            action,
            // Stored in AnqiCMS's names: staff is `admin` (written out here, not read from the code).
            actor_kind: actor === 'staff' ? 'admin' : actor,
            from_status: plan.from,
            to_status: plan.to,
            from_refund_status: plan.fromRefundStatus,
            to_refund_status: plan.toRefundStatus,
          });
        } else {
          expect(res.status).toBe(200);
          expect(res.body).toMatchObject({ code: -1, error: 'ORDER.INVALID_TRANSITION' });
          expect(res.body.msg).toContain(`it is ${from}`);
          expect(res.body.details).toMatchObject({ status: before.status, action });
          expect(after).toEqual(before);
          expect(n).toBe(historyBefore[0].n);
        }
      });
    }
  }

  it('shows allowed_actions from the table on the order', async () => {
    const order = await placeOrder(t.api, buyer, { goods_id: goodsId });
    expect(order.allowed_actions).toEqual(['pay', 'cancel']);
    await walk(actors, order.order_id, ['pay', 'deliver']);
    const detail = await t.api.get('/api/order/detail', {
      token: buyer.token,
      query: { order_id: order.order_id },
    });
    expect(detail.body.data.allowed_actions).toEqual(['finish', 'apply_refund']);
    const admin = await t.api.get('/system/api/plugin/order/detail', {
      admin: actors.adminToken,
      query: { order_id: order.order_id },
    });
    expect(admin.body.data.allowed_actions).toEqual(['finish', 'apply_refund']);
    expect(admin.body.data.history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'pay',
      'deliver',
    ]);
  });

  it('lets a refused refund be asked for again, and restores a shipped order on refusal', async () => {
    const order = await placeOrder(t.api, buyer, { goods_id: goodsId });
    await walk(actors, order.order_id, ['pay', 'deliver', 'refund', 'reject_refund']);
    expect(await orderRow(order.order_id)).toEqual({
      status: OrderStatus.Delivered,
      refund_status: RefundStatus.Refused,
      status_before_refund: null,
    });
    await walk(actors, order.order_id, ['refund']);
    expect(await orderRow(order.order_id)).toEqual({
      status: OrderStatus.Refunding,
      refund_status: RefundStatus.None,
      status_before_refund: OrderStatus.Delivered,
    });
    await walk(actors, order.order_id, ['approve_refund']);
    expect((await orderRow(order.order_id)).status).toBe(OrderStatus.Refunded);
  });

  it('finds refunding orders with the refunding filter (AnqiCMS wrote 8 into refund_status)', async () => {
    const order = await placeOrder(t.api, buyer, { goods_id: goodsId });
    await walk(actors, order.order_id, ['pay', 'refund']);
    const res = await t.api.get('/api/orders', {
      token: buyer.token,
      query: { status: 'refunding', pageSize: 100 },
    });
    expect(res.body.code).toBe(0);
    expect(res.body.data.map((o: { order_id: string }) => o.order_id)).toContain(order.order_id);
    for (const item of res.body.data) {
      expect(item.status).toBe(8);
      expect(item.refund_status).toBe(0);
    }
  });
});
