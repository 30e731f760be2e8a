import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUserGroupsAndCoupons1795450000002 implements MigrationInterface {
  name = 'CreateUserGroupsAndCoupons1795450000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "coupons" ("id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "type" character varying(16) NOT NULL, "value" bigint NOT NULL, "min_amount" bigint NOT NULL DEFAULT '0', "max_discount" bigint NOT NULL DEFAULT '0', "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "usage_limit" integer NOT NULL DEFAULT '0', "used_count" integer NOT NULL DEFAULT '0', "per_user_limit" integer NOT NULL DEFAULT '0', "is_public" smallint NOT NULL DEFAULT '0', "status" smallint NOT NULL DEFAULT '1', "deleted_time" TIMESTAMP WITH TIME ZONE, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_coupons_usage" CHECK ("usage_limit" >= 0 AND "per_user_limit" >= 0 AND "used_count" >= 0 AND ("usage_limit" = 0 OR "used_count" <= "usage_limit")), CONSTRAINT "chk_coupons_window" CHECK ("starts_at" IS NULL OR "ends_at" IS NULL OR "starts_at" < "ends_at"), CONSTRAINT "chk_coupons_amounts_not_negative" CHECK ("min_amount" >= 0 AND "max_discount" >= 0), CONSTRAINT "chk_coupons_value" CHECK ("value" > 0 AND ("type" <> 'percent' OR "value" <= 100)), CONSTRAINT "chk_coupons_type" CHECK ("type" IN ('amount', 'percent')), CONSTRAINT "PK_d7ea8864a0150183770f3e9a8cb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_coupons_staff" ON "coupons"  ("status", "id") WHERE "deleted_time" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "coupon_codes" ("id" SERIAL NOT NULL, "coupon_id" integer NOT NULL, "code" character varying(64) NOT NULL, "user_id" integer NOT NULL DEFAULT '0', "usage_limit" integer NOT NULL DEFAULT '1', "used_count" integer NOT NULL DEFAULT '0', "status" smallint NOT NULL DEFAULT '1', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_coupon_codes_usage" CHECK ("usage_limit" >= 0 AND "used_count" >= 0 AND ("usage_limit" = 0 OR "used_count" <= "usage_limit")), CONSTRAINT "chk_coupon_codes_upper" CHECK ("code" = upper("code")), CONSTRAINT "PK_5ac86428f1fa43972e1ea4a23e0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_coupon_codes_coupon_id" ON "coupon_codes"  ("coupon_id", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_coupon_codes_code" ON "coupon_codes"  ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "coupon_redemptions" ("id" SERIAL NOT NULL, "coupon_id" integer NOT NULL, "code_id" integer NOT NULL DEFAULT '0', "user_id" integer NOT NULL, "order_id" character varying(32), "order_amount" bigint NOT NULL, "discount" bigint NOT NULL, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "released_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_coupon_redemptions_discount_not_negative" CHECK ("discount" >= 0), CONSTRAINT "PK_5086813ea980d21dbeb190ed0a7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_coupon_redemptions_order_id" ON "coupon_redemptions"  ("order_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_coupon_redemptions_user" ON "coupon_redemptions"  ("coupon_id", "user_id") WHERE "released_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_groups" ("id" SERIAL NOT NULL, "title" character varying(64) NOT NULL, "description" character varying(1000) NOT NULL DEFAULT '', "level" integer NOT NULL DEFAULT '0', "status" smallint NOT NULL DEFAULT '1', "price" bigint NOT NULL DEFAULT '0', "discount" smallint NOT NULL DEFAULT '0', "share_reward" smallint NOT NULL DEFAULT '0', "parent_reward" smallint NOT NULL DEFAULT '0', "expire_day" integer NOT NULL DEFAULT '0', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_user_groups_expire_day_not_negative" CHECK ("expire_day" >= 0), CONSTRAINT "chk_user_groups_rewards_total" CHECK ("share_reward" + "parent_reward" <= 100), CONSTRAINT "chk_user_groups_parent_reward_range" CHECK ("parent_reward" BETWEEN 0 AND 100), CONSTRAINT "chk_user_groups_share_reward_range" CHECK ("share_reward" BETWEEN 0 AND 100), CONSTRAINT "chk_user_groups_discount_range" CHECK ("discount" BETWEEN 0 AND 100), CONSTRAINT "chk_user_groups_price_not_negative" CHECK ("price" >= 0), CONSTRAINT "PK_ea7760dc75ee1bf0b09ab9b3289" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_user_groups_level" ON "user_groups"  ("level", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "idx_users_group_id" ON "users"  ("group_id") `);
    await queryRunner.query(
      `ALTER TABLE "coupon_codes" ADD CONSTRAINT "FK_1bc026250dc709a6d487cc32a5b" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "coupon_redemptions" ADD CONSTRAINT "FK_9df1b9bc48e3eea5da3762f8e56" FOREIGN KEY ("coupon_id") REFERENCES "coupons"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "coupon_redemptions" DROP CONSTRAINT "FK_9df1b9bc48e3eea5da3762f8e56"`,
    );
    await queryRunner.query(
      `ALTER TABLE "coupon_codes" DROP CONSTRAINT "FK_1bc026250dc709a6d487cc32a5b"`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_users_group_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_user_groups_level"`);
    await queryRunner.query(`DROP TABLE "user_groups"`);
    await queryRunner.query(`DROP INDEX "public"."idx_coupon_redemptions_user"`);
    await queryRunner.query(`DROP INDEX "public"."idx_coupon_redemptions_order_id"`);
    await queryRunner.query(`DROP TABLE "coupon_redemptions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_coupon_codes_code"`);
    await queryRunner.query(`DROP INDEX "public"."idx_coupon_codes_coupon_id"`);
    await queryRunner.query(`DROP TABLE "coupon_codes"`);
    await queryRunner.query(`DROP INDEX "public"."idx_coupons_staff"`);
    await queryRunner.query(`DROP TABLE "coupons"`);
  }
}
