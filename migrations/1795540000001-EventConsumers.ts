import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable readers of the event log (outboxes for mail and webhooks): each keeps its position,
 * a (txid, id) pair as the streams use (docs/events.md), here so that it survives restarts and
 * is shared by every instance. The row is locked by the instance that advances it.
 */
export class EventConsumers1795540000001 implements MigrationInterface {
  name = 'EventConsumers1795540000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event_consumers" (
        "name" character varying(64) NOT NULL,
        "txid" xid8 NOT NULL,
        "last_id" bigint NOT NULL,
        "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_event_consumers" PRIMARY KEY ("name"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_consumers"`);
  }
}
