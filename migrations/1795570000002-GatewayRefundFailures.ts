import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed gateway refunds for staff (docs/payments.md): status 3 = refunded by hand (staff returned
 * the money outside the gateway), and an index for the staff list filtered by status.
 */
export class GatewayRefundFailures1795570000002 implements MigrationInterface {
  name = 'GatewayRefundFailures1795570000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "gateway_refunds" DROP CONSTRAINT "chk_gateway_refunds_status"`,
    );
    await queryRunner.query(
      `ALTER TABLE "gateway_refunds" ADD CONSTRAINT "chk_gateway_refunds_status" CHECK ("status" IN (-1, 0, 1, 2, 3))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_gateway_refunds_status" ON "gateway_refunds" ("status", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_gateway_refunds_status"`);
    await queryRunner.query(
      `ALTER TABLE "gateway_refunds" DROP CONSTRAINT "chk_gateway_refunds_status"`,
    );
    await queryRunner.query(
      `ALTER TABLE "gateway_refunds" ADD CONSTRAINT "chk_gateway_refunds_status" CHECK ("status" IN (-1, 0, 1, 2))`,
    );
  }
}
