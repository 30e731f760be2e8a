import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import { JwtFromRequestFunction, Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { RequestWithAuth } from '../../common/auth/access.guard.js';
import { CUSTOMER_AUDIENCE, CUSTOMER_JWT, CustomerPrincipal } from '../../common/auth/principal.js';
import { extractCustomerToken } from '../../common/auth/token-extractors.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { User } from '../entities/user.entity.js';
import { TokenClaims, TokenService } from '../services/token.service.js';

/**
 * Verifies customer tokens (HS256 only, so `alg: none` and key-confusion tokens fail), then checks
 * the account still exists, is active and has not changed its password since the token was issued.
 */
@Injectable()
export class CustomerJwtStrategy extends PassportStrategy(Strategy, CUSTOMER_JWT) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tokens: TokenService,
  ) {
    super({
      jwtFromRequest: extractCustomerToken as unknown as JwtFromRequestFunction,
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      audience: CUSTOMER_AUDIENCE,
      passReqToCallback: true,
    });
  }

  async validate(
    request: RequestWithAuth,
    claims: TokenClaims,
  ): Promise<CustomerPrincipal | false> {
    const user = await this.users.findOne({
      where: { id: Number(claims.sub) },
      select: { id: true, userName: true, status: true, tokenVersion: true },
    });
    if (!user || user.status !== 1 || user.tokenVersion !== claims.tv) return false;
    if (this.tokens.needsRefresh(claims.exp)) {
      request.refreshedToken = this.tokens.forCustomer(user.id, user.tokenVersion);
    }
    return { kind: 'customer', id: user.id, userName: user.userName };
  }
}
