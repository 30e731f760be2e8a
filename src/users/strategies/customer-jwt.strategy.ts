import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { RequestWithAuth } from '../../common/auth/access.guard.js';
import { CUSTOMER_AUDIENCE, CUSTOMER_JWT, CustomerPrincipal } from '../../common/auth/principal.js';
import { DeferredAccountCheck } from '../../common/auth/deferred-account.js';
import { CustomerTokenCheck } from '../../common/auth/token-check.js';
import type { DeferredLogin } from '../../common/auth/token-check.js';
import { extractCustomerToken } from '../../common/auth/token-extractors.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { JsonRows } from '../../common/database/json-rows.js';
import { User } from '../entities/user.entity.js';
import {
  AccountCheck,
  currentAccount,
  tokenAccountId,
  tokenStrategyOptions,
  TokenVerifier,
} from './token-account.js';
import { TokenClaims, TokenService } from '../services/token.service.js';
import { UserQueries } from '../user.queries.js';

/**
 * Verifies customer tokens (HS256 only, so `alg: none` and key-confusion tokens fail), then checks
 * the account still exists, is active and has not changed its password since the token was issued.
 */
@Injectable()
export class CustomerJwtStrategy
  extends PassportStrategy(Strategy, CUSTOMER_JWT)
  implements CustomerTokenCheck
{
  private readonly verifier: TokenVerifier;
  /** The account check's statement on @WithAccountRow() routes: every column the entity reads. */
  private readonly wholeRowSql: string;
  private readonly userRows: JsonRows<User>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tokens: TokenService,
  ) {
    const options = tokenStrategyOptions(config.jwtSecret, extractCustomerToken, CUSTOMER_AUDIENCE);
    super(options);
    this.verifier = new TokenVerifier(options);
    this.userRows = new JsonRows(users.manager.connection, User);
    this.wholeRowSql = `SELECT ${this.userRows.columns()} FROM users WHERE id = $1`;
  }

  /**
   * The AccessGuard's check: what this strategy answers through passport (the same token
   * sources, verification and `validate`), without passport's per-request machinery.
   */
  async check(request: FastifyRequest, wholeRow = false): Promise<CustomerPrincipal | false> {
    const claims = await this.verifier.claims(request);
    return claims ? this.validate(request, claims, wholeRow) : false;
  }

  async defer(request: FastifyRequest): Promise<DeferredLogin | false> {
    const claims = await this.verifier.claims(request);
    const id = claims && tokenAccountId(claims);
    // Where `check` refuses before reading the account, so does this.
    if (!claims || id === undefined) return false;
    const accountCheck = new DeferredAccountCheck((params) =>
      UserQueries.isCurrent(params, id, claims.tv),
    );
    return {
      principal: { kind: 'customer', id, userName: '', accountCheck },
      complete: async () => {
        if (!accountCheck.confirmed) return this.validate(request, claims);
        // The read found the account current: it exists, is active and has version claims.tv.
        this.loggedIn(request, claims, id, claims.tv);
        return { kind: 'customer', id, userName: '' };
      },
    };
  }

  async validate(
    request: RequestWithAuth,
    claims: TokenClaims,
    wholeRow = false,
  ): Promise<CustomerPrincipal | false> {
    // Every authenticated request runs this: one plain indexed statement, no query building.
    const user = await currentAccount<AccountCheck>(
      this.users,
      wholeRow
        ? this.wholeRowSql
        : UserQueries.tokenAccount,
      claims,
    );
    if (!user) return false;
    if (wholeRow)
      request.accountRow = this.userRows.entity(user as unknown as Record<string, unknown>);
    this.loggedIn(request, claims, user.id, user.token_version);
    return { kind: 'customer', id: user.id, userName: user.user_name };
  }

  /** The login's credential, and a fresh token when this one is close to expiry. */
  private loggedIn(
    request: RequestWithAuth,
    claims: TokenClaims,
    id: number,
    tokenVersion: number,
  ): void {
    request.credential = { expiresAt: claims.exp, tokenVersion: claims.tv };
    if (this.tokens.needsRefresh(claims.exp)) {
      request.refreshedToken = this.tokens.forCustomer(id, tokenVersion);
    }
  }
}
