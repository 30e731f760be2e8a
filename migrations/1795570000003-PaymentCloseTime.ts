import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cancelled gateway payments are closed at their gateway after commit (docs/payments.md):
 * `payments.close_time` = when the payment jobs next ask the gateway to close it.
 */
export class PaymentCloseTime1795570000003 implements MigrationInterface {
  name = 'PaymentCloseTime1795570000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" ADD "close_time" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "idx_payments_close_time" ON "payments" ("close_time") WHERE "close_time" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_payments_close_time"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "close_time"`);
  }
}
