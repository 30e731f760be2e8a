import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that match the staff communication list's filters and sorts exactly, so its pages stay
 * index scans as the table grows: `archive_id` with the newest-first order, and the default
 * "longest waiting first, then newest" order (mixed directions, which TypeORM's @Index cannot
 * express: declared with synchronize: false on the entity).
 */
export class StaffListIndexes1795520000001 implements MigrationInterface {
  name = 'StaffListIndexes1795520000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_comm_orders_archive_id"`);
    await queryRunner.query(
      `CREATE INDEX "idx_comm_orders_archive_id" ON "comm_orders"  ("archive_id", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_comm_orders_waiting_order" ON "comm_orders" ("waiting_since" ASC NULLS LAST, "id" DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_comm_orders_waiting_order"`);
    await queryRunner.query(`DROP INDEX "public"."idx_comm_orders_archive_id"`);
    await queryRunner.query(
      `CREATE INDEX "idx_comm_orders_archive_id" ON "comm_orders"  ("archive_id") `,
    );
  }
}
