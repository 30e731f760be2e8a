import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from './principal.js';

/** What the token a request logged in with says about itself: a stream re-checks it. */
export interface Credential {
  /** Unix seconds at which the token (or the token a ticket was issued for) expires. */
  expiresAt: number;
  /** The account's token version the token carries; a password change bumps the account's. */
  tokenVersion: number;
}

export const STREAM_TICKET_KEY = 'stream-ticket';

/**
 * The route also accepts `?ticket=` (a single-use stream ticket, for browsers' EventSource, which
 * cannot send headers), and refuses a long-lived token in the URL (`?token=`, `?admin=`,
 * `?access_token=`): URLs end up in proxy logs and browser history.
 */
export const AcceptsStreamTicket = () => SetMetadata(STREAM_TICKET_KEY, true);

/** Query parameters that would carry a long-lived token in a URL. */
export const TOKEN_QUERY_PARAMETERS = ['token', 'admin', 'access_token'] as const;

/**
 * Redeems a stream ticket (the events module provides it): the account it was issued to, when
 * the ticket is known, unused and unexpired and that account still logs in; else undefined. A
 * ticket is used up by the attempt either way.
 */
export abstract class StreamTicketRedeemer {
  abstract redeem(
    ticket: string,
  ): Promise<{ principal: Principal; credential: Credential } | undefined>;
}

/** The expiry and token version of the token (or ticket) this request logged in with. */
export const CurrentCredential = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) =>
    ctx.switchToHttp().getRequest<{ credential?: Credential }>().credential,
);
