import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single pages (About, Contact, ...) are categories of type 3, as in AnqiCMS: the same title,
 * content, images, url_token and SEO fields, the same staff paths (`/system/api/category/*` with
 * `type`), read by the storefront at `/api/page/detail`. Existing rows are product categories
 * (type 1). A page never has a parent, and no category is ever the child of a page (the service
 * checks both; a page keeps parent_id 0, enforced here).
 */
export class SinglePages1795600000001 implements MigrationInterface {
  name = 'SinglePages1795600000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "categories" ADD "type" smallint NOT NULL DEFAULT 1,
        ADD CONSTRAINT "chk_categories_type" CHECK ("type" IN (1, 3)),
        ADD CONSTRAINT "chk_categories_page_top_level" CHECK ("type" = 1 OR "parent_id" = 0)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_categories_type" ON "categories" ("type", "sort", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "categories" WHERE "type" = 3`);
    await queryRunner.query(`DROP INDEX "idx_categories_type"`);
    await queryRunner.query(
      `ALTER TABLE "categories" DROP CONSTRAINT "chk_categories_page_top_level",
        DROP CONSTRAINT "chk_categories_type", DROP COLUMN "type"`,
    );
  }
}
