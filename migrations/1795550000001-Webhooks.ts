import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing webhooks (docs/notifications.md): the endpoints, the deliveries outbox (one row per
 * event and endpoint, filled by the `webhooks` event consumer) and the tries of each delivery.
 * The partial index serves the worker's "due now" claim.
 */
export class Webhooks1795550000001 implements MigrationInterface {
  name = 'Webhooks1795550000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoints" ("id" SERIAL NOT NULL, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "url" character varying(2048) NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "events" jsonb NOT NULL DEFAULT '[]', "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" character varying(200), "failing_since" TIMESTAMP WITH TIME ZONE, "secret" character varying(64) NOT NULL, "previous_secret" character varying(64), "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" SERIAL NOT NULL, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "endpoint_id" integer NOT NULL, "event_id" bigint NOT NULL, "event_type" character varying(48) NOT NULL, "body" text NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'pending', "tries" integer NOT NULL DEFAULT '0', "next_try_at" TIMESTAMP WITH TIME ZONE, "locked_until" TIMESTAMP WITH TIME ZONE, "delivered_time" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_webhook_deliveries_status" CHECK ("status" IN ('pending', 'delivered', 'failed')), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_webhook_deliveries_due" ON "webhook_deliveries"  ("next_try_at") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_webhook_deliveries_endpoint" ON "webhook_deliveries"  ("endpoint_id", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_webhook_deliveries_event_endpoint" ON "webhook_deliveries"  ("event_id", "endpoint_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_attempts" ("id" SERIAL NOT NULL, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivery_id" integer NOT NULL, "status_code" integer, "duration_ms" integer NOT NULL, "response" text NOT NULL DEFAULT '', "error" character varying(500) NOT NULL DEFAULT '', CONSTRAINT "PK_2de7e7887ad97de459adab62638" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_webhook_attempts_delivery" ON "webhook_attempts"  ("delivery_id", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_attempts" ADD CONSTRAINT "FK_0d56d91d61b827bb2079c256538" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "webhook_attempts" DROP CONSTRAINT "FK_0d56d91d61b827bb2079c256538"`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c"`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_attempts_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."uq_webhook_deliveries_event_endpoint"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_deliveries_endpoint"`);
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_deliveries_due"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
  }
}
