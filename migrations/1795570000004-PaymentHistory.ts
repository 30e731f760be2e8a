import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A history row per payment status change (docs/payments.md): every change goes through
 * PaymentTransitionService.transition(), which writes it in the change's transaction.
 */
export class PaymentHistory1795570000004 implements MigrationInterface {
  name = 'PaymentHistory1795570000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payment_history" (
        "id" SERIAL NOT NULL,
        "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "payment_id" character varying(32) NOT NULL,
        "order_id" character varying(32) NOT NULL,
        "action" character varying(16) NOT NULL,
        "actor_kind" character varying(16) NOT NULL,
        "actor_id" integer NOT NULL DEFAULT '0',
        "from_status" smallint,
        "to_status" smallint NOT NULL,
        "note" character varying(255) NOT NULL DEFAULT '',
        CONSTRAINT "chk_payment_history_actor_kind" CHECK ("actor_kind" IN ('customer', 'admin', 'system')),
        CONSTRAINT "PK_payment_history" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_payment_history_payment_id_id" ON "payment_history" ("payment_id", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "payment_history"`);
  }
}
