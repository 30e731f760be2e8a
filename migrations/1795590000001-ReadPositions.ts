import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read your own writes with streaming replicas: each account's WAL position after its last
 * write request, shared by every instance (docs/scaling.md).
 */
export class ReadPositions1795590000001 implements MigrationInterface {
  name = 'ReadPositions1795590000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "read_positions" (
        "account_key" character varying(40) NOT NULL,
        "lsn" bigint NOT NULL,
        "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_read_positions" PRIMARY KEY ("account_key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "read_positions"`);
  }
}
