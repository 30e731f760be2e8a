import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { RequestWithAuth } from '../../common/auth/access.guard.js';
import { CUSTOMER_AUDIENCE, CUSTOMER_JWT, CustomerPrincipal } from '../../common/auth/principal.js';
import { CustomerTokenCheck } from '../../common/auth/token-check.js';
import { extractCustomerToken } from '../../common/auth/token-extractors.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { User } from '../entities/user.entity.js';
import {
  AccountCheck,
  currentAccount,
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

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tokens: TokenService,
  ) {
    const options = tokenStrategyOptions(config.jwtSecret, extractCustomerToken, CUSTOMER_AUDIENCE);
    super(options);
    this.verifier = new TokenVerifier(options);
  }

  /**
   * The AccessGuard's check: what this strategy answers through passport (the same token
   * sources, verification and `validate`), without passport's per-request machinery.
   */
  async check(request: FastifyRequest): Promise<CustomerPrincipal | false> {
    const claims = await this.verifier.claims(request);
    return claims ? this.validate(request, claims) : false;
  }

  async validate(
    request: RequestWithAuth,
    claims: TokenClaims,
  ): Promise<CustomerPrincipal | false> {
    // Every authenticated request runs this: one plain indexed statement, no query building.
    const user = await currentAccount<AccountCheck>(this.users, UserQueries.tokenAccount, claims);
    if (!user) return false;
    request.credential = { expiresAt: claims.exp, tokenVersion: claims.tv };
    if (this.tokens.needsRefresh(claims.exp)) {
      request.refreshedToken = this.tokens.forCustomer(user.id, user.token_version);
    }
    return { kind: 'customer', id: user.id, userName: user.user_name };
  }
}
