import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1795442922212 implements MigrationInterface {
  name = 'CreateAccounts1795442922212';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "admins" ("id" SERIAL NOT NULL, "user_name" character varying(64) NOT NULL, "real_name" character varying(64) NOT NULL DEFAULT '', "password_hash" character varying(255) NOT NULL, "status" smallint NOT NULL DEFAULT '1', "token_version" integer NOT NULL DEFAULT '0', "last_login" TIMESTAMP WITH TIME ZONE, "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e3b38270c97a854c48d2e80874e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_admins_user_name" ON "admins"  ("user_name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" SERIAL NOT NULL, "parent_id" integer NOT NULL DEFAULT '0', "user_name" character varying(64) NOT NULL, "real_name" character varying(64) NOT NULL DEFAULT '', "avatar_url" character varying(512) NOT NULL DEFAULT '', "email" character varying(254) NOT NULL DEFAULT '', "phone" character varying(32) NOT NULL DEFAULT '', "group_id" integer NOT NULL DEFAULT '0', "is_retailer" smallint NOT NULL DEFAULT '0', "balance" bigint NOT NULL DEFAULT '0', "total_reward" bigint NOT NULL DEFAULT '0', "invite_code" character varying(16) NOT NULL, "last_login" TIMESTAMP WITH TIME ZONE, "expire_time" TIMESTAMP WITH TIME ZONE, "status" smallint NOT NULL DEFAULT '1', "password_hash" character varying(255) NOT NULL, "token_version" integer NOT NULL DEFAULT '0', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_users_balance_not_negative" CHECK ("balance" >= 0), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_user_name" ON "users"  ("user_name") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_users_invite_code" ON "users"  ("invite_code") `,
    );
    await queryRunner.query(`CREATE INDEX "idx_users_parent_id" ON "users"  ("parent_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_users_phone" ON "users"  ("phone") WHERE "phone" <> ''`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") WHERE "email" <> ''`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_phone"`);
    await queryRunner.query(`DROP INDEX "public"."idx_users_parent_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_invite_code"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_user_name"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."uq_admins_user_name"`);
    await queryRunner.query(`DROP TABLE "admins"`);
  }
}
