import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stream ticket remembers the token version of the token it was issued for, so a password
 * change between issuing and redeeming (up to EVENTS_TICKET_TTL) ends that login for the ticket
 * too, as it does for the token itself.
 */
export class StreamTicketTokenVersion1795530000005 implements MigrationInterface {
  name = 'StreamTicketTokenVersion1795530000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "event_stream_tickets" ADD "token_version" integer NOT NULL DEFAULT 0`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_stream_tickets" DROP COLUMN "token_version"`);
  }
}
