import { registerCustomer, TestCustomer } from './accounts.factory.js';
import { createGroup, TestGroup } from './groups.factory.js';
import { ApiClient } from '../support/api-client.js';
import type { TestApp } from '../support/test-app.js';

/** Places an order through POST /api/order/create; throws unless it succeeds. */
export async function placeOrder(
  api: ApiClient,
  buyer: TestCustomer,
  body: Record<string, unknown>,
): Promise<any> {
  const res = await api.post('/api/order/create', body, { token: buyer.token });
  if (res.body.code !== 0) throw new Error(`order create failed: ${res.text}`);
  return res.body.data;
}

/**
 * Test data set-up at scale: `count` copies of one placed order in one statement, numbered
 * `<order_id>-<g>` for g = 1..count, with `statusSql` (an expression of g) as their status.
 */
export async function copyOrder(
  t: TestApp,
  orderId: string,
  count: number,
  statusSql: string,
): Promise<void> {
  const columns: string[] = (
    await t.dataSource.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'orders' AND column_name <> 'id'`,
    )
  ).map((row: { column_name: string }) => row.column_name);
  const select = columns.map((c) =>
    c === 'order_id' ? `o.order_id || '-' || g` : c === 'status' ? statusSql : `o."${c}"`,
  );
  await t.dataSource.query(
    `INSERT INTO orders (${columns.map((c) => `"${c}"`).join(', ')})
     SELECT ${select.join(', ')} FROM orders o, generate_series(1, $2::int) g WHERE o.order_id = $1`,
    [orderId, count],
  );
}

/** Credits a customer's balance through the staff API (ledger entry kind admin_adjust). */
export async function fundBalance(
  api: ApiClient,
  adminToken: string,
  userId: number,
  amount: number,
  reason = 'test funds',
): Promise<void> {
  const res = await api.post(
    '/system/api/user/balance',
    { user_id: userId, amount, reason },
    { admin: adminToken },
  );
  if (res.body.code !== 0) throw new Error(`fund balance failed: ${res.text}`);
}

export interface OrderActors {
  api: ApiClient;
  buyer: TestCustomer;
  adminToken: string;
}

/** Runs one lifecycle step over HTTP and returns the envelope (tests assert codes). */
export function step(
  actors: OrderActors,
  action: string,
  orderId: string,
  extra: Record<string, unknown> = {},
) {
  const { api, buyer, adminToken } = actors;
  const body = { order_id: orderId, ...extra };
  switch (action) {
    case 'pay':
      return api.post(
        '/api/order/payment',
        { pay_way: 'balance', ...body },
        { token: buyer.token },
      );
    case 'admin_pay':
      return api.post('/system/api/plugin/order/pay', body, { admin: adminToken });
    case 'cancel':
      return api.post('/api/order/cancel', body, { token: buyer.token });
    case 'admin_cancel':
      return api.post('/system/api/plugin/order/canceled', body, { admin: adminToken });
    case 'deliver':
      return api.post(
        '/system/api/plugin/order/deliver',
        { express_company: 'SF', tracking_number: 'SF123', ...body },
        { admin: adminToken },
      );
    case 'finish':
      return api.post('/api/order/finish', body, { token: buyer.token });
    case 'admin_finish':
      return api.post('/system/api/plugin/order/finished', body, { admin: adminToken });
    case 'refund':
      return api.post('/api/order/refund', body, { token: buyer.token });
    case 'approve_refund':
      return api.post(
        '/system/api/plugin/order/refund',
        { status: 1, ...body },
        { admin: adminToken },
      );
    case 'reject_refund':
      return api.post(
        '/system/api/plugin/order/refund',
        { status: -1, ...body },
        { admin: adminToken },
      );
    default:
      throw new Error(`unknown step ${action}`);
  }
}

/** Steps (from a new waiting order) that lead to each status; names match order-status.ts. */
export const PATH_TO: Record<string, string[]> = {
  waiting: [],
  paid: ['pay'],
  delivery: ['pay', 'deliver'],
  finished: ['pay', 'deliver', 'finish'],
  closed: ['cancel'],
  refunding: ['pay', 'refund'],
  refunded: ['pay', 'refund', 'approve_refund'],
};

/** Walks an existing order along `steps`, failing loudly if one is refused. */
export async function walk(actors: OrderActors, orderId: string, steps: string[]): Promise<void> {
  for (const action of steps) {
    const res = await step(actors, action, orderId);
    if (res.body.code !== 0) throw new Error(`${action} failed: ${res.text}`);
  }
}

/**
 * A referral chain that earns commissions: `buyer` invited by `inviter` (a member of a free
 * group sharing `share_reward` %, `parent_reward` % to its inviter), invited by `grandparent`.
 * The inviter joins the way customers do: buying the group (a free vip order).
 */
export async function referralChain(
  api: ApiClient,
  adminToken: string,
  rewards = { share_reward: 10, parent_reward: 5 },
): Promise<{
  sharing: TestGroup;
  grandparent: TestCustomer;
  inviter: TestCustomer;
  buyer: TestCustomer;
}> {
  const sharing = await createGroup(api, adminToken, { price: 0, ...rewards });
  const grandparent = await registerCustomer(api);
  const inviter = await registerCustomer(api, { invite_id: grandparent.id });
  const buyer = await registerCustomer(api, { invite_id: inviter.id });
  const vip = await placeOrder(api, inviter, { type: 'vip', group_id: sharing.id });
  const paid = await api.post(
    '/api/order/payment',
    { order_id: vip.order_id, pay_way: 'balance' },
    { token: inviter.token },
  );
  if (paid.body.code !== 0) throw new Error(`joining the group failed: ${paid.text}`);
  return { sharing, grandparent, inviter, buyer };
}
