import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * After-sales refunds (docs/orders.md): each refund of an order is a row of `order_refunds`
 * (its refund history; at most one request waits for staff per order), `orders.refunded_amount`
 * sums them and never exceeds `amount`, commissions remember what refunds took back
 * (`reversed_amount`), and a payment may now have several gateway refunds (one per part, each
 * with its own out_refund_no), so the unique index on `gateway_refunds.payment_id` becomes a
 * plain one. Orders refunded before this migration count as refunded in full.
 *
 * Down: recreating the unique index fails while a payment has several gateway refunds.
 */
export class AfterSalesRefunds1795580000001 implements MigrationInterface {
  name = 'AfterSalesRefunds1795580000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_gateway_refunds_payment_id"`);
    await queryRunner.query(
      `CREATE INDEX "idx_gateway_refunds_payment_id" ON "gateway_refunds" ("payment_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "order_refunds" (
        "id" SERIAL NOT NULL,
        "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "refund_no" character varying(32) NOT NULL,
        "order_id" character varying(32) NOT NULL,
        "user_id" integer NOT NULL,
        "amount" bigint NOT NULL,
        "after_sales" boolean NOT NULL DEFAULT false,
        "initiator" character varying(8) NOT NULL,
        "reason" character varying(255) NOT NULL DEFAULT '',
        "images" jsonb NOT NULL DEFAULT '[]',
        "status" smallint NOT NULL DEFAULT '0',
        "admin_id" integer NOT NULL DEFAULT '0',
        "decision_note" character varying(255) NOT NULL DEFAULT '',
        "goods_returned" boolean NOT NULL DEFAULT false,
        "refund_way" character varying(32) NOT NULL DEFAULT '',
        "out_refund_no" character varying(64) NOT NULL DEFAULT '',
        "decided_time" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "chk_order_refunds_initiator" CHECK ("initiator" IN ('customer', 'admin')),
        CONSTRAINT "chk_order_refunds_amount_positive" CHECK ("amount" > 0),
        CONSTRAINT "chk_order_refunds_status" CHECK ("status" IN (-1, 0, 1)),
        CONSTRAINT "PK_f8c501d1232e93e00aac466a279" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_order_refunds_open_request" ON "order_refunds" ("order_id") WHERE "status" = 0`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_order_refunds_order_id_id" ON "order_refunds" ("order_id", "id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_order_refunds_refund_no" ON "order_refunds" ("refund_no")`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_commissions" ADD "reversed_amount" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_commissions" ADD CONSTRAINT "chk_order_commissions_reversed_within_amount" CHECK ("reversed_amount" BETWEEN 0 AND "amount")`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD "refunded_amount" bigint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `UPDATE "orders" SET "refunded_amount" = "amount" WHERE "status" = 9 AND "refund_status" = 1`,
    );
    await queryRunner.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "chk_orders_refunded_within_amount" CHECK ("refunded_amount" BETWEEN 0 AND "amount")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "orders" DROP CONSTRAINT "chk_orders_refunded_within_amount"`,
    );
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "refunded_amount"`);
    await queryRunner.query(
      `ALTER TABLE "order_commissions" DROP CONSTRAINT "chk_order_commissions_reversed_within_amount"`,
    );
    await queryRunner.query(`ALTER TABLE "order_commissions" DROP COLUMN "reversed_amount"`);
    await queryRunner.query(`DROP TABLE "order_refunds"`);
    await queryRunner.query(`DROP INDEX "public"."idx_gateway_refunds_payment_id"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_gateway_refunds_payment_id" ON "gateway_refunds" ("payment_id")`,
    );
  }
}
