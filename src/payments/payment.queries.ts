import { defineQueries } from '../common/database/query-object.js';

/** Payments: gateway transactions and the gateways' settings rows (the rest are query builders). */
export const PaymentQueries = defineQueries(
  'payments.payment',
  {
    /** $1 = gateway, $2 = transaction id, $3 = payment id, $4 = order id, $5 = amount, $6 = currency, $7 = source: once per gateway transaction (no row = seen before). */
    recordTransaction: `INSERT INTO gateway_transactions
           (gateway, transaction_id, payment_id, order_id, amount, currency, source, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'settled')
         ON CONFLICT (gateway, transaction_id) DO NOTHING RETURNING id`,
    /** $1 = id, $2 = outcome. */
    setTransactionOutcome: `UPDATE gateway_transactions SET outcome = $2 WHERE id = $1`,
    /** $1 = gateway: its settings row, so that a save can lock it. */
    ensureGatewaySettings: `INSERT INTO payment_gateway_settings (gateway) VALUES ($1) ON CONFLICT DO NOTHING`,
  },
  {},
);
