import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email notifications (docs/notifications.md): the staff's mail settings (one row, the password
 * in a column of its own that no answer reads), each customer's switched-off categories, and the
 * outbox the mail consumer fills from the event log and the mail worker drains. `dedupe_key`
 * is unique: one row per (event, recipient), or per (thread, recipient, batch window).
 */
export class MailOutbox1795560000001 implements MigrationInterface {
  name = 'MailOutbox1795560000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mail_settings" (
        "id" smallint NOT NULL DEFAULT 1,
        "settings" jsonb NOT NULL DEFAULT '{}',
        "password" text NOT NULL DEFAULT '',
        "admin_id" integer NOT NULL DEFAULT 0,
        "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_mail_settings" PRIMARY KEY ("id"),
        CONSTRAINT "chk_mail_settings_one_row" CHECK ("id" = 1))`,
    );
    await queryRunner.query(
      `CREATE TABLE "mail_preferences" (
        "user_id" integer NOT NULL,
        "disabled" jsonb NOT NULL DEFAULT '[]',
        "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_mail_preferences" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "mail_outbox" (
        "id" BIGSERIAL NOT NULL,
        "dedupe_key" character varying(200) NOT NULL,
        "kind" character varying(32) NOT NULL,
        "audience" character varying(8) NOT NULL,
        "user_id" integer NOT NULL DEFAULT 0,
        "address" character varying(254) NOT NULL DEFAULT '',
        "comm_order_id" integer,
        "order_id" character varying(32),
        "message_id" bigint,
        "event_id" bigint,
        "subject" character varying(300) NOT NULL DEFAULT '',
        "body" text NOT NULL DEFAULT '',
        "status" character varying(8) NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" character varying(1000) NOT NULL DEFAULT '',
        "due_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "lease_until" TIMESTAMP WITH TIME ZONE,
        "sent_time" TIMESTAMP WITH TIME ZONE,
        "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_mail_outbox" PRIMARY KEY ("id"),
        CONSTRAINT "chk_mail_outbox_audience" CHECK ("audience" IN ('customer', 'staff')),
        CONSTRAINT "chk_mail_outbox_status"
          CHECK ("status" IN ('pending', 'sending', 'sent', 'failed', 'skipped')))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_mail_outbox_dedupe_key" ON "mail_outbox" ("dedupe_key")`,
    );
    // The worker's claim: due pending rows, and rows whose sender's lease ran out.
    await queryRunner.query(
      `CREATE INDEX "idx_mail_outbox_due" ON "mail_outbox" ("due_time")
        WHERE "status" IN ('pending', 'sending')`,
    );
    await queryRunner.query(`CREATE INDEX "idx_mail_outbox_list" ON "mail_outbox" ("id")
        WHERE "status" <> 'skipped'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mail_outbox"`);
    await queryRunner.query(`DROP TABLE "mail_preferences"`);
    await queryRunner.query(`DROP TABLE "mail_settings"`);
  }
}
