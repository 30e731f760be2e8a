import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments keep the gateway's order id (Stripe Checkout Session, PayPal order) apart from its
 * transaction id (`terrace_id`: `pi_…`, PayPal capture id), docs/payments.md. Rows written before
 * kept the session/order id in `terrace_id` until the money arrived: moved here, so a refund of a
 * payment staff confirmed by hand is never sent with a session or order id.
 */
export class PaymentGatewayOrderId1795570000001 implements MigrationInterface {
  name = 'PaymentGatewayOrderId1795570000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "payments" ADD "gateway_order_id" character varying(64) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(
      `UPDATE "payments" p SET "gateway_order_id" = p."terrace_id", "terrace_id" = ''
        WHERE p."terrace_id" <> ''
          AND ((p."gateway" = 'stripe' AND p."terrace_id" LIKE 'cs\\_%')
            OR (p."gateway" = 'paypal' AND NOT EXISTS (
                  SELECT 1 FROM "gateway_transactions" t
                   WHERE t."gateway" = 'paypal' AND t."transaction_id" = p."terrace_id")))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_payments_gateway_order_id" ON "payments" ("gateway", "gateway_order_id")
        WHERE "gateway_order_id" <> ''`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_payments_gateway_order_id"`);
    await queryRunner.query(
      `UPDATE "payments" SET "terrace_id" = "gateway_order_id" WHERE "terrace_id" = '' AND "gateway_order_id" <> ''`,
    );
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "gateway_order_id"`);
  }
}
