import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A history row per gateway refund status change (docs/payments.md), as payment_history is for
 * payments: GatewayRefundService writes it in the change's transaction. Refunds recorded before
 * this migration get their creation row from what the refund row itself holds.
 */
export class GatewayRefundHistory1795610000001 implements MigrationInterface {
  name = 'GatewayRefundHistory1795610000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "gateway_refund_history" (
        "id" SERIAL NOT NULL,
        "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "out_refund_no" character varying(64) NOT NULL,
        "order_id" character varying(32) NOT NULL,
        "action" character varying(16) NOT NULL,
        "actor_kind" character varying(16) NOT NULL,
        "actor_id" integer NOT NULL DEFAULT '0',
        "from_status" smallint,
        "to_status" smallint NOT NULL,
        "note" character varying(500) NOT NULL DEFAULT '',
        CONSTRAINT "chk_gateway_refund_history_actor_kind" CHECK ("actor_kind" IN ('customer', 'admin', 'system')),
        CONSTRAINT "PK_gateway_refund_history" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_gateway_refund_history_out_refund_no_id" ON "gateway_refund_history" ("out_refund_no", "id")`,
    );
    await queryRunner.query(
      `INSERT INTO "gateway_refund_history"
         ("created_time", "out_refund_no", "order_id", "action", "actor_kind", "from_status", "to_status", "note")
       SELECT "created_time", "out_refund_no", "order_id", 'create', 'system', NULL, "status", "reason"
         FROM "gateway_refunds" ORDER BY "id"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "gateway_refund_history"`);
  }
}
