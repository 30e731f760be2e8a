import { MigrationInterface, QueryRunner } from 'typeorm';

const DEFAULT_SETTINGS = {
  system: {
    site_name: 'Custom-order shop',
    site_logo: '',
    site_icp: '',
    site_copyright: '',
    base_url: '',
    mobile_url: '',
    site_close: 0,
    site_close_tips: '',
    language: 'en',
    favicon: '',
  },
  contact: {
    user_name: '',
    cellphone: '',
    address: '',
    email: '',
    wechat: '',
    qq: '',
    whats_app: '',
    facebook: '',
    twitter: '',
    tiktok: '',
    pinterest: '',
    linkedin: '',
    instagram: '',
    youtube: '',
    qrcode: '',
  },
  index: {
    seo_title: 'Custom-order shop',
    seo_keywords: '',
    seo_description: 'Made-to-measure products, quoted for you.',
    sep: ' - ',
  },
};

export class CategoriesSettingsBanners1795480000001 implements MigrationInterface {
  name = 'CategoriesSettingsBanners1795480000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "categories" ("id" SERIAL NOT NULL, "title" character varying(250) NOT NULL, "seo_title" character varying(250) NOT NULL DEFAULT '', "keywords" character varying(250) NOT NULL DEFAULT '', "url_token" character varying(190) NOT NULL, "description" character varying(1000) NOT NULL DEFAULT '', "content" text NOT NULL DEFAULT '', "module_id" integer NOT NULL DEFAULT '2', "parent_id" integer NOT NULL DEFAULT '0', "sort" integer NOT NULL DEFAULT '99', "images" jsonb NOT NULL DEFAULT '[]', "logo" character varying(512) NOT NULL DEFAULT '', "status" smallint NOT NULL DEFAULT '1', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_categories_not_own_parent" CHECK ("parent_id" <> "id"), CONSTRAINT "PK_24dbc6126a28ff948da33e97d3b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_categories_module" ON "categories"  ("module_id", "sort", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_categories_parent" ON "categories"  ("parent_id", "sort", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_categories_url_token" ON "categories"  ("url_token") `,
    );
    await queryRunner.query(
      `CREATE TABLE "banners" ("id" SERIAL NOT NULL, "type" character varying(50) NOT NULL DEFAULT 'default', "logo" character varying(512) NOT NULL, "link" character varying(512) NOT NULL DEFAULT '', "alt" character varying(250) NOT NULL DEFAULT '', "description" character varying(1000) NOT NULL DEFAULT '', "sort" integer NOT NULL DEFAULT '0', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e9b186b959296fcb940790d31c3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_banners_type" ON "banners"  ("type", "sort", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "settings" ("key" character varying(50) NOT NULL, "value" jsonb NOT NULL, "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c8639b7626fa94ba8265628f214" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`ALTER TABLE "archives" ADD "content" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "archives" ADD "tags" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "archives" ALTER COLUMN "module_id" SET DEFAULT '2'`);
    await queryRunner.query(
      `CREATE INDEX "idx_archives_live_category" ON "archives"  ("category_id", "id") WHERE "deleted_time" IS NULL`,
    );
    // Products made before modules existed belong to AnqiCMS's product module.
    await queryRunner.query(`UPDATE "archives" SET "module_id" = 2 WHERE "module_id" = 0`);
    // Settings the storefront reads from the first start on; staff change them under
    // /system/api/setting/... (empty strings are AnqiCMS's "not set").
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS))
      await queryRunner.query(
        `INSERT INTO "settings" ("key", "value") VALUES ($1, $2) ON CONFLICT ("key") DO NOTHING`,
        [key, JSON.stringify(value)],
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_archives_live_category"`);
    await queryRunner.query(`ALTER TABLE "archives" ALTER COLUMN "module_id" SET DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "archives" DROP COLUMN "tags"`);
    await queryRunner.query(`ALTER TABLE "archives" DROP COLUMN "content"`);
    await queryRunner.query(`DROP TABLE "settings"`);
    await queryRunner.query(`DROP INDEX "public"."idx_banners_type"`);
    await queryRunner.query(`DROP TABLE "banners"`);
    await queryRunner.query(`DROP INDEX "public"."uq_categories_url_token"`);
    await queryRunner.query(`DROP INDEX "public"."idx_categories_parent"`);
    await queryRunner.query(`DROP INDEX "public"."idx_categories_module"`);
    await queryRunner.query(`DROP TABLE "categories"`);
  }
}
