import { createHmac, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import type { TestApp } from '../support/test-app.js';
import type { ApiClient } from '../support/api-client.js';
import type { TestCustomer } from './accounts.factory.js';
import { placeOrder } from './orders.factory.js';

/** Signs a webhook payload as Stripe does: HMAC-SHA256 of "t.payload" with the secret. */
export function stripeSignature(
  payload: string,
  secret: string,
  t = Math.floor(Date.now() / 1000),
): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
}

/**
 * Stripe's `checkout.session.completed` event for one of our payments, paid in full: 2599 USD
 * cents, the price of the specs' Stripe product; `overrides` change the session's fields.
 */
export function stripeCheckoutCompleted(
  paymentId: string,
  overrides: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    id: `evt_${randomBytes(8).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_test_${paymentId}`,
        object: 'checkout.session',
        client_reference_id: paymentId,
        payment_intent: `pi_${paymentId}`,
        amount_total: 2599,
        currency: 'usd',
        payment_status: 'paid',
        ...overrides,
      },
    },
  });
}

/** The Stripe test account every Stripe spec saves (USD), and the answer to that save. */
export async function configureStripe(api: ApiClient, adminToken: string, webhookSecret: string) {
  const saved = await api.post(
    '/system/api/plugin/pay/config',
    {
      stripe_secret_key: 'sk_test_51Hx',
      stripe_webhook_secret: webhookSecret,
      stripe_currency: 'usd',
    },
    { admin: adminToken },
  );
  expect(saved.body.code).toBe(0);
  return saved;
}

/** A one-unit order of `goodsId` and its gateway payment opened with `payWay` (answer: code 0). */
export async function openGatewayPayment(
  api: ApiClient,
  buyer: TestCustomer,
  goodsId: number,
  payWay: string,
): Promise<{ orderId: string; payment: any }> {
  const { order_id: orderId } = await placeOrder(api, buyer, { goods_id: goodsId, quantity: 1 });
  const res = await api.post(
    '/api/order/payment',
    { order_id: orderId, pay_way: payWay },
    { token: buyer.token },
  );
  expect(res.body.code).toBe(0);
  return { orderId: orderId as string, payment: res.body.data };
}

/** What a gateway payment did to an order: its status and how many ledger and `pay` history rows. */
export async function gatewayPaymentState(
  dataSource: DataSource,
  orderId: string,
): Promise<{ status: number; ledger: number; history: number }> {
  const [row] = await dataSource.query(
    `SELECT o.status,
            (SELECT count(*)::int FROM gateway_transactions WHERE order_id = $1) AS ledger,
            (SELECT count(*)::int FROM order_history WHERE order_id = $1 AND action = 'pay') AS history
       FROM orders o WHERE o.order_id = $1`,
    [orderId],
  );
  return row;
}

/**
 * Staff approve the order's refund, then the refund job runs three times: the gateway fails the
 * first call, the retry an hour later goes through, and nothing is due after that. `gatewayCalls`
 * are the refund calls the gateway has seen: none until the job runs (no remote call inside the
 * approval's transaction).
 */
export async function approveRefundThenRetryOnce(
  t: TestApp,
  adminToken: string,
  orderId: string,
  paymentId: string,
  gatewayCalls: () => readonly unknown[],
): Promise<void> {
  const approved = await t.api.post(
    '/system/api/plugin/order/refund/apply',
    { order_id: orderId },
    { admin: adminToken },
  );
  expect(approved.body.data.status).toBe(9);
  expect(gatewayCalls()).toEqual([]);
  const jobs = t.app.get(OrderJobsService);
  const refundNo = `R${paymentId}`;
  expect((await jobs.runOnce(new Date())).payments.failed).toEqual([refundNo]);
  expect((await jobs.runOnce(new Date(Date.now() + 3_600_000))).payments.refunds_sent).toEqual([
    refundNo,
  ]);
  expect((await jobs.runOnce(new Date(Date.now() + 7_200_000))).payments.refunds_sent).toEqual([]);
}
