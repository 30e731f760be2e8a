import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { Credential, StreamTicketRedeemer } from '../../common/auth/stream-ticket.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { AccountCheckService, AccountKind } from '../../users/services/account-check.service.js';
import { audienceOf } from '../stream-audience.js';

export interface IssuedTicket {
  ticket: string;
  /** Unix seconds. */
  expire_time: number;
  expires_in: number;
}

interface RedeemedRow {
  account_kind: AccountKind;
  account_id: number;
  token_expires_at: number;
  token_version: number;
}

const hash = (ticket: string) => createHash('sha256').update(ticket).digest();

/**
 * Single-use stream tickets: what a browser's EventSource puts in the URL instead of a token. 32
 * random bytes (base64url) given out once; only their SHA-256 is stored, with the account, the
 * issuing token's expiry and token version (the stream lives no longer than that token, and a
 * password change ends it too). Redeeming is one DELETE ... RETURNING, so a ticket opens one
 * stream, on whichever instance gets it first.
 */
@Injectable()
export class StreamTicketService extends StreamTicketRedeemer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountCheckService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async issue(principal: Principal, credential: Credential): Promise<IssuedTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const ttl = this.config.eventsTicketTtlSeconds;
    // Expired tickets of anyone go with the next issue: the table holds about a TTL's worth.
    const [row] = await this.dataSource.query<{ expire_time: number }[]>(
      `WITH gone AS (
         DELETE FROM event_stream_tickets
          WHERE id IN (SELECT id FROM event_stream_tickets WHERE expires_at < now() LIMIT 100))
       INSERT INTO event_stream_tickets
         (ticket_hash, account_kind, account_id, token_expires_at, token_version, expires_at)
       VALUES ($1, $2, $3, to_timestamp($4), $5, now() + make_interval(secs => $6))
       RETURNING floor(extract(epoch FROM expires_at))::int AS expire_time`,
      [
        hash(ticket),
        audienceOf(principal),
        principal.id,
        credential.expiresAt,
        credential.tokenVersion,
        ttl,
      ],
    );
    return { ticket, expire_time: row.expire_time, expires_in: ttl };
  }

  async redeem(
    ticket: string,
  ): Promise<{ principal: Principal; credential: Credential } | undefined> {
    if (!/^[\w-]{1,100}$/.test(ticket)) return undefined;
    const [row] = await this.dataSource.query<RedeemedRow[]>(
      // A SELECT around the DELETE: TypeORM hands back DELETE results as [rows, count].
      `WITH used AS (
         DELETE FROM event_stream_tickets
          WHERE ticket_hash = $1 AND expires_at > now() AND token_expires_at > now()
          RETURNING account_kind, account_id, token_version, token_expires_at)
       SELECT account_kind, account_id, token_version,
              floor(extract(epoch FROM token_expires_at))::int AS token_expires_at
         FROM used`,
      [hash(ticket)],
    );
    if (!row) return undefined;
    const principal = await this.accounts.principal(
      row.account_kind,
      row.account_id,
      row.token_version,
    );
    if (!principal) return undefined;
    return {
      principal,
      credential: { expiresAt: row.token_expires_at, tokenVersion: row.token_version },
    };
  }
}
