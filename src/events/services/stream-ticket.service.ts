import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { Credential, StreamTicketRedeemer } from '../../common/auth/stream-ticket.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { AccountCheckService, AccountKind } from '../../users/services/account-check.service.js';
import { audienceOf } from '../stream-audience.js';
import { EventLogQueries } from '../event-log.queries.js';

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
      EventLogQueries.issueTicket,
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
    const [row] = await this.dataSource.query<RedeemedRow[]>(EventLogQueries.redeemTicket, [
      hash(ticket),
    ]);
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
