import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCatalogue1795450000001 implements MigrationInterface {
  name = 'CreateCatalogue1795450000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "archives" ("id" SERIAL NOT NULL, "title" character varying(250) NOT NULL, "seo_title" character varying(250) NOT NULL DEFAULT '', "url_token" character varying(190) NOT NULL, "keywords" character varying(250) NOT NULL DEFAULT '', "description" character varying(1000) NOT NULL DEFAULT '', "module_id" integer NOT NULL DEFAULT '0', "category_id" integer NOT NULL DEFAULT '0', "views" integer NOT NULL DEFAULT '0', "comment_count" integer NOT NULL DEFAULT '0', "images" jsonb NOT NULL, "logo" character varying(512) NOT NULL DEFAULT '', "thumb" character varying(512) NOT NULL DEFAULT '', "canonical_url" character varying(512) NOT NULL DEFAULT '', "fixed_link" character varying(190) NOT NULL DEFAULT '', "status" smallint NOT NULL DEFAULT '1', "user_id" integer NOT NULL DEFAULT '0', "price" bigint NOT NULL DEFAULT '0', "stock" integer NOT NULL DEFAULT '0', "deleted_time" TIMESTAMP WITH TIME ZONE, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_archives_price_not_negative" CHECK ("price" >= 0), CONSTRAINT "chk_archives_stock_not_negative" CHECK ("stock" >= 0), CONSTRAINT "PK_c3ec7997b37170870ed028fe0e3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_archives_user_id" ON "archives"  ("user_id") `);
    await queryRunner.query(
      `CREATE INDEX "idx_archives_staff_status" ON "archives"  ("status", "id") WHERE "deleted_time" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_archives_public_category" ON "archives"  ("category_id", "id") WHERE "status" = 1 AND "deleted_time" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_archives_public" ON "archives"  ("id") WHERE "status" = 1 AND "deleted_time" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_archives_url_token" ON "archives"  ("url_token") WHERE "deleted_time" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "archive_skus" ("id" SERIAL NOT NULL, "archive_id" integer NOT NULL, "title" character varying(250) NOT NULL, "price" bigint NOT NULL DEFAULT '0', "stock" integer NOT NULL DEFAULT '0', "status" smallint NOT NULL DEFAULT '1', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_archive_skus_price_not_negative" CHECK ("price" >= 0), CONSTRAINT "chk_archive_skus_stock_not_negative" CHECK ("stock" >= 0), CONSTRAINT "PK_68caca8857ec1db5af1c237585c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_archive_skus_archive_id" ON "archive_skus"  ("archive_id", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "archive_skus" ADD CONSTRAINT "FK_c0c6a5187e8e59bdee7d043b3ae" FOREIGN KEY ("archive_id") REFERENCES "archives"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "archive_skus" DROP CONSTRAINT "FK_c0c6a5187e8e59bdee7d043b3ae"`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_archive_skus_archive_id"`);
    await queryRunner.query(`DROP TABLE "archive_skus"`);
    await queryRunner.query(`DROP INDEX "public"."uq_archives_url_token"`);
    await queryRunner.query(`DROP INDEX "public"."idx_archives_public"`);
    await queryRunner.query(`DROP INDEX "public"."idx_archives_public_category"`);
    await queryRunner.query(`DROP INDEX "public"."idx_archives_staff_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_archives_user_id"`);
    await queryRunner.query(`DROP TABLE "archives"`);
  }
}
