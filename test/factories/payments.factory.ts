import { DataSource } from 'typeorm';

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
