import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff roles (admins.role) and the audit trail of staff actions (audit_logs). Accounts that
 * exist before this migration could do everything, so they become owners; afterwards the column
 * has no default: whoever creates an account names its role.
 */
export class StaffRolesAndAudit1795512000001 implements MigrationInterface {
  name = 'StaffRolesAndAudit1795512000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_logs" ("id" BIGSERIAL NOT NULL, "admin_id" integer NOT NULL, "admin_name" character varying(64) NOT NULL, "action" character varying(64) NOT NULL, "entity_type" character varying(32) NOT NULL, "entity_id" character varying(64) NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', "ip" character varying(64) NOT NULL DEFAULT '', "request_id" character varying(64) NOT NULL DEFAULT '', "created_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1bb179d048bbc581caa3b013439" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_audit_logs_created" ON "audit_logs"  ("created_time") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_audit_logs_entity" ON "audit_logs"  ("entity_type", "entity_id", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_audit_logs_admin" ON "audit_logs"  ("admin_id", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "admins" ADD "role" character varying(16) NOT NULL DEFAULT 'owner'`,
    );
    await queryRunner.query(`ALTER TABLE "admins" ALTER COLUMN "role" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "admins" ADD CONSTRAINT "chk_admins_role" CHECK ("role" IN ('owner', 'service', 'fulfilment', 'finance'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "admins" DROP CONSTRAINT "chk_admins_role"`);
    await queryRunner.query(`ALTER TABLE "admins" DROP COLUMN "role"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_logs_admin"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_logs_entity"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_logs_created"`);
    await queryRunner.query(`DROP TABLE "audit_logs"`);
  }
}
