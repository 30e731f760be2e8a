import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCommunication1795470000001 implements MigrationInterface {
  name = 'CreateCommunication1795470000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachments" ("id" SERIAL NOT NULL, "uploader_type" character varying(8) NOT NULL, "uploader_id" integer NOT NULL, "file_name" character varying(250) NOT NULL DEFAULT '', "storage_key" character varying(200) NOT NULL, "mime_type" character varying(32) NOT NULL, "file_size" integer NOT NULL, "width" integer NOT NULL DEFAULT '0', "height" integer NOT NULL DEFAULT '0', "sha256" character(64) NOT NULL, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_attachments_file_size" CHECK ("file_size" > 0), CONSTRAINT "chk_attachments_uploader_type" CHECK ("uploader_type" IN ('user', 'admin')), CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_attachments_storage_key" ON "attachments"  ("storage_key") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_attachments_uploader" ON "attachments"  ("uploader_type", "uploader_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "comm_orders" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "archive_id" integer NOT NULL, "order_id" integer, "phone" character varying(32) NOT NULL, "title" character varying(200) NOT NULL, "content" text NOT NULL, "images" jsonb NOT NULL DEFAULT '[]', "sketch_images" jsonb NOT NULL DEFAULT '[]', "finished_images" jsonb NOT NULL DEFAULT '[]', "event_date" character varying(32) NOT NULL DEFAULT '', "status" smallint NOT NULL DEFAULT '0', "admin_id" integer NOT NULL DEFAULT '0', "quote_price" character varying(16) NOT NULL DEFAULT '', "quote_amount" bigint NOT NULL DEFAULT '0', "quote_content" text NOT NULL DEFAULT '', "quote_version" integer NOT NULL DEFAULT '0', "quote_valid_until" TIMESTAMP WITH TIME ZONE, "order_extra" jsonb NOT NULL DEFAULT '{}', "order_fields" jsonb NOT NULL DEFAULT '[]', "cancel_reason" character varying(500) NOT NULL DEFAULT '', "reject_reason" character varying(500) NOT NULL DEFAULT '', "accepted_time" TIMESTAMP WITH TIME ZONE, "message_count" integer NOT NULL DEFAULT '0', "last_message_id" bigint NOT NULL DEFAULT '0', "last_message_time" TIMESTAMP WITH TIME ZONE, "customer_last_read_id" bigint NOT NULL DEFAULT '0', "staff_last_read_id" bigint NOT NULL DEFAULT '0', "customer_unread_count" integer NOT NULL DEFAULT '0', "staff_unread_count" integer NOT NULL DEFAULT '0', "waiting_since" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_comm_orders_counters" CHECK ("message_count" >= 0 AND "customer_unread_count" >= 0 AND "staff_unread_count" >= 0), CONSTRAINT "chk_comm_orders_quote_amount" CHECK ("quote_amount" >= 0), CONSTRAINT "chk_comm_orders_quoted_has_quote" CHECK ("status" <> 2 OR "quote_version" > 0), CONSTRAINT "chk_comm_orders_accepted_has_order" CHECK (("status" = 3) = ("order_id" IS NOT NULL)), CONSTRAINT "chk_comm_orders_status" CHECK ("status" IN (-1, 0, 1, 2, 3, 4)), CONSTRAINT "PK_19d0b74e3d3068b925df6a8ab2a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_comm_orders_order_id" ON "comm_orders"  ("order_id") WHERE "order_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_comm_orders_staff_unread" ON "comm_orders"  ("id") WHERE "staff_unread_count" > 0`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_comm_orders_waiting_since" ON "comm_orders"  ("waiting_since", "id") WHERE "waiting_since" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_comm_orders_archive_id" ON "comm_orders"  ("archive_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_comm_orders_status" ON "comm_orders"  ("status", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_comm_orders_user_id" ON "comm_orders"  ("user_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "comm_messages" ("id" BIGSERIAL NOT NULL, "comm_order_id" integer NOT NULL, "sender_id" integer NOT NULL DEFAULT '0', "sender_type" character varying(8) NOT NULL, "sender_name" character varying(64) NOT NULL DEFAULT '', "message_type" character varying(16) NOT NULL, "content" text NOT NULL, "quote_version" integer NOT NULL DEFAULT '0', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_comm_messages_message_type" CHECK ("message_type" IN ('text', 'image', 'quote', 'video', 'file', 'audio', 'location', 'contact', 'sticker', 'unknown')), CONSTRAINT "chk_comm_messages_sender_type" CHECK ("sender_type" IN ('user', 'admin', 'system')), CONSTRAINT "PK_b09f0c9b29a90f986fdca02778c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_comm_messages_thread" ON "comm_messages"  ("comm_order_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "comm_order_history" ("id" SERIAL NOT NULL, "comm_order_id" integer NOT NULL, "action" character varying(16) NOT NULL, "from_status" smallint NOT NULL, "to_status" smallint NOT NULL, "actor_type" character varying(8) NOT NULL, "actor_id" integer NOT NULL, "note" character varying(500) NOT NULL DEFAULT '', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2dd26de8d8dcf0a2914f4384d0f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_comm_order_history_order" ON "comm_order_history"  ("comm_order_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "comm_quotes" ("id" SERIAL NOT NULL, "comm_order_id" integer NOT NULL, "version" integer NOT NULL, "price" character varying(16) NOT NULL, "amount" bigint NOT NULL, "content" text NOT NULL DEFAULT '', "valid_until" TIMESTAMP WITH TIME ZONE, "created_by" integer NOT NULL, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_comm_quotes_version" CHECK ("version" > 0), CONSTRAINT "chk_comm_quotes_amount" CHECK ("amount" > 0), CONSTRAINT "PK_9d2594952945596cf6692f1e41f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_comm_quotes_version" ON "comm_quotes"  ("comm_order_id", "version") `,
    );
    await queryRunner.query(
      `ALTER TABLE "comm_messages" ADD CONSTRAINT "FK_f554df1028950e2b8c7351f60dd" FOREIGN KEY ("comm_order_id") REFERENCES "comm_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comm_order_history" ADD CONSTRAINT "FK_84d1bb9ed5bedc98a611a5940d8" FOREIGN KEY ("comm_order_id") REFERENCES "comm_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comm_quotes" ADD CONSTRAINT "FK_0783bcb21c4246c8f3effa22648" FOREIGN KEY ("comm_order_id") REFERENCES "comm_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "comm_quotes" DROP CONSTRAINT "FK_0783bcb21c4246c8f3effa22648"`,
    );
    await queryRunner.query(
      `ALTER TABLE "comm_order_history" DROP CONSTRAINT "FK_84d1bb9ed5bedc98a611a5940d8"`,
    );
    await queryRunner.query(
      `ALTER TABLE "comm_messages" DROP CONSTRAINT "FK_f554df1028950e2b8c7351f60dd"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_comm_quotes_version"`);
    await queryRunner.query(`DROP TABLE "comm_quotes"`);
    await queryRunner.query(`DROP INDEX "public"."idx_comm_order_history_order"`);
    await queryRunner.query(`DROP TABLE "comm_order_history"`);
    await queryRunner.query(`DROP INDEX "public"."idx_comm_messages_thread"`);
    await queryRunner.query(`DROP TABLE "comm_messages"`);
    await queryRunner.query(`DROP INDEX "public"."idx_comm_orders_user_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_comm_orders_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_comm_orders_archive_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_comm_orders_waiting_since"`);
    await queryRunner.query(`DROP INDEX "public"."idx_comm_orders_staff_unread"`);
    await queryRunner.query(`DROP INDEX "public"."uq_comm_orders_order_id"`);
    await queryRunner.query(`DROP TABLE "comm_orders"`);
    await queryRunner.query(`DROP INDEX "public"."idx_attachments_uploader"`);
    await queryRunner.query(`DROP INDEX "public"."uq_attachments_storage_key"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
  }
}
