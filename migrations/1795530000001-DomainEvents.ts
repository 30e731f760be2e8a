import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log (docs/events.md) and the single-use stream tickets.
 *
 * `txid` is the writing transaction's id (xid8, default pg_current_xact_id()). Ids are taken
 * before commit, so a transaction that commits later can hold a smaller id than one already
 * read; readers therefore read only rows of transactions older than the oldest one still in
 * flight (`txid < pg_snapshot_xmin(pg_current_snapshot())`) and walk the log in (txid, id)
 * order, which no later commit can insert into. The (txid, id) index serves that walk.
 */
export class DomainEvents1795530000001 implements MigrationInterface {
  name = 'DomainEvents1795530000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "domain_events" (
        "id" BIGSERIAL NOT NULL,
        "txid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
        "type" character varying(48) NOT NULL,
        "user_id" integer NOT NULL,
        "comm_order_id" integer,
        "order_id" character varying(32),
        "message_id" bigint,
        "status" smallint,
        "actor" character varying(8) NOT NULL,
        "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "chk_domain_events_actor" CHECK ("actor" IN ('customer', 'staff', 'system')),
        CONSTRAINT "PK_domain_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_domain_events_position" ON "domain_events" ("txid", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_domain_events_user_position" ON "domain_events" ("user_id", "txid", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_domain_events_created_time" ON "domain_events" ("created_time")`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_stream_tickets" (
        "id" SERIAL NOT NULL,
        "ticket_hash" bytea NOT NULL,
        "account_kind" character varying(8) NOT NULL,
        "account_id" integer NOT NULL,
        "token_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "chk_event_stream_tickets_kind" CHECK ("account_kind" IN ('customer', 'staff')),
        CONSTRAINT "PK_event_stream_tickets" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_event_stream_tickets_hash" ON "event_stream_tickets" ("ticket_hash")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_event_stream_tickets_expires_at" ON "event_stream_tickets" ("expires_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_stream_tickets"`);
    await queryRunner.query(`DROP TABLE "domain_events"`);
  }
}
