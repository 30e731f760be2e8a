import { MigrationInterface, QueryRunner } from 'typeorm';

export class OnlinePayments1795490000001 implements MigrationInterface {
  name = 'OnlinePayments1795490000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "gateway_refunds" ("id" SERIAL NOT NULL, "out_refund_no" character varying(64) NOT NULL, "payment_id" character varying(32) NOT NULL, "order_id" character varying(32) NOT NULL, "gateway" character varying(16) NOT NULL, "pay_way" character varying(32) NOT NULL, "terrace_id" character varying(64) NOT NULL DEFAULT '', "amount" bigint NOT NULL, "currency" character varying(3) NOT NULL, "reason" character varying(16) NOT NULL, "note" character varying(255) NOT NULL DEFAULT '', "status" smallint NOT NULL DEFAULT '0', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_time" TIMESTAMP WITH TIME ZONE, "last_error" character varying(500) NOT NULL DEFAULT '', "gateway_refund_id" character varying(64) NOT NULL DEFAULT '', "succeeded_time" TIMESTAMP WITH TIME ZONE, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_gateway_refunds_amount_positive" CHECK ("amount" > 0), CONSTRAINT "chk_gateway_refunds_status" CHECK ("status" IN (-1, 0, 1, 2)), CONSTRAINT "PK_8290472d79ba2cc23c18658edf2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_gateway_refunds_due" ON "gateway_refunds"  ("next_attempt_time") WHERE "status" IN (0, 1)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_gateway_refunds_payment_id" ON "gateway_refunds"  ("payment_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_gateway_refunds_out_refund_no" ON "gateway_refunds"  ("out_refund_no") `,
    );
    await queryRunner.query(
      `CREATE TABLE "gateway_transactions" ("id" SERIAL NOT NULL, "gateway" character varying(16) NOT NULL, "transaction_id" character varying(64) NOT NULL, "payment_id" character varying(32) NOT NULL, "order_id" character varying(32) NOT NULL, "amount" bigint NOT NULL, "currency" character varying(3) NOT NULL, "source" character varying(16) NOT NULL, "outcome" character varying(16) NOT NULL, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6967e82629814e06efa996b11b9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_gateway_transactions_payment_id" ON "gateway_transactions"  ("payment_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_gateway_transactions_gateway_transaction_id" ON "gateway_transactions"  ("gateway", "transaction_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "payment_gateway_settings" ("gateway" character varying(16) NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', "secrets" jsonb NOT NULL DEFAULT '{}', "admin_id" integer NOT NULL DEFAULT '0', "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_81996fd6471b1bd5eb53c74b7cc" PRIMARY KEY ("gateway"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD "gateway" character varying(16) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD "currency" character varying(3) NOT NULL DEFAULT 'CNY'`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD "app_id" character varying(64) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD "merchant_id" character varying(64) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(`ALTER TABLE "payments" ADD "reconcile_time" TIMESTAMP WITH TIME ZONE`);
    // Live = pending or paid: a refunded late gateway payment may sit beside the order's payment.
    await queryRunner.query(`DROP INDEX "public"."uq_payments_live_per_order"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_payments_live_per_order" ON "payments"  ("order_id") WHERE "status" IN (0, 1)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_payments_reconcile_time" ON "payments"  ("reconcile_time") WHERE "reconcile_time" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_payments_live_per_order"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_payments_live_per_order" ON "payments"  ("order_id") WHERE "status" <> -1`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_payments_reconcile_time"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "reconcile_time"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "merchant_id"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "app_id"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "currency"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "gateway"`);
    await queryRunner.query(`DROP TABLE "payment_gateway_settings"`);
    await queryRunner.query(`DROP INDEX "public"."uq_gateway_transactions_gateway_transaction_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_gateway_transactions_payment_id"`);
    await queryRunner.query(`DROP TABLE "gateway_transactions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_gateway_refunds_out_refund_no"`);
    await queryRunner.query(`DROP INDEX "public"."uq_gateway_refunds_payment_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_gateway_refunds_due"`);
    await queryRunner.query(`DROP TABLE "gateway_refunds"`);
  }
}
