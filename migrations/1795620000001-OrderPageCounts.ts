import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many orders of each status each block of 4,096 order ids holds (`block` = id >> 12), so a
 * deep `current` page of the staff order list finds the block its first row is in by summing a
 * few hundred counters instead of walking every skipped index entry (src/orders/order-page-counts.ts).
 *
 * Triggers record each change in the writing transaction, so a reader's snapshot sees counters
 * and orders together. They only ever INSERT a delta row (+n for orders added, -n for orders
 * removed, -1 and +1 for a status change), never update one: a write takes no lock on a shared
 * counter, so concurrent order creates (which all land in the newest block) and transitions
 * never wait on each other or deadlock over it. Inserts and deletes write one row per block and
 * status per statement (a bulk load of a million orders writes a few thousand rows). The order
 * jobs fold the deltas of each block and status into one row (COMPACT_ORDER_PAGE_COUNTS).
 *
 * The block size (12 bits) is ORDER_PAGE_BLOCK_BITS in src/orders/order-page-counts.ts: a
 * different size needs a new migration that rebuilds the table.
 */
export class OrderPageCounts1795620000001 implements MigrationInterface {
  name = 'OrderPageCounts1795620000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "order_page_counts" (
        "block" integer NOT NULL,
        "status" smallint NOT NULL,
        "n" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_order_page_counts_block_status" ON "order_page_counts" ("block", "status")`,
    );
    // One function for inserts (+1) and deletes (-1): both name their transition table "changed_orders".
    await queryRunner.query(
      `CREATE FUNCTION "order_page_counts_count"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO "order_page_counts" ("block", "status", "n")
         SELECT "id" >> 12, "status", TG_ARGV[0]::int * count(*) FROM "changed_orders" GROUP BY 1, 2;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "order_page_counts_move"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO "order_page_counts" ("block", "status", "n")
         VALUES (OLD."id" >> 12, OLD."status", -1), (NEW."id" >> 12, NEW."status", 1);
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "orders_page_counts_insert" AFTER INSERT ON "orders"
         REFERENCING NEW TABLE AS "changed_orders"
         FOR EACH STATEMENT EXECUTE FUNCTION "order_page_counts_count"('1')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "orders_page_counts_delete" AFTER DELETE ON "orders"
         REFERENCING OLD TABLE AS "changed_orders"
         FOR EACH STATEMENT EXECUTE FUNCTION "order_page_counts_count"('-1')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "orders_page_counts_status" AFTER UPDATE OF "status" ON "orders"
         FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status")
         EXECUTE FUNCTION "order_page_counts_move"()`,
    );
    // Orders that exist already; the lock keeps writes out until the counters include them.
    await queryRunner.query(`LOCK TABLE "orders" IN SHARE MODE`);
    await queryRunner.query(
      `INSERT INTO "order_page_counts" ("block", "status", "n")
       SELECT "id" >> 12, "status", count(*) FROM "orders" GROUP BY 1, 2`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "orders_page_counts_status" ON "orders"`);
    await queryRunner.query(`DROP TRIGGER "orders_page_counts_delete" ON "orders"`);
    await queryRunner.query(`DROP TRIGGER "orders_page_counts_insert" ON "orders"`);
    await queryRunner.query(`DROP FUNCTION "order_page_counts_move"()`);
    await queryRunner.query(`DROP FUNCTION "order_page_counts_count"()`);
    await queryRunner.query(`DROP TABLE "order_page_counts"`);
  }
}
