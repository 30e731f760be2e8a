import { MigrationInterface, QueryRunner } from 'typeorm';

/** Login throttling counters and Idempotency-Key records (docs/security.md). */
export class LoginThrottleAndIdempotency1795510000001 implements MigrationInterface {
  name = 'LoginThrottleAndIdempotency1795510000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("scope" character varying(40) NOT NULL, "idempotency_key" character varying(255) NOT NULL, "fingerprint" character(64) NOT NULL, "request" character varying(300) NOT NULL, "state" character varying(8) NOT NULL, "claim_id" character(32) NOT NULL, "response" text, "locked_until" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_idempotency_keys_done_has_response" CHECK (("state" = 'done') = ("response" IS NOT NULL)), CONSTRAINT "chk_idempotency_keys_state" CHECK ("state" IN ('running', 'done')), CONSTRAINT "PK_bcdc8d32ac07ecba337980fe14f" PRIMARY KEY ("scope", "idempotency_key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_idempotency_keys_created_at" ON "idempotency_keys"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "login_attempts" ("throttle_key" character varying(300) NOT NULL, "failures" integer NOT NULL, "max_failures" integer NOT NULL, "last_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "refused" boolean NOT NULL DEFAULT false, CONSTRAINT "chk_login_attempts_failures" CHECK ("failures" >= 0 AND "max_failures" > 0), CONSTRAINT "PK_da431c8438ffc929ecfa6e41058" PRIMARY KEY ("throttle_key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_login_attempts_last_attempt" ON "login_attempts"  ("last_attempt_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_login_attempts_last_attempt"`);
    await queryRunner.query(`DROP TABLE "login_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."idx_idempotency_keys_created_at"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
