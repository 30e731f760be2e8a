import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { RequestWithAuth } from '../../common/auth/access.guard.js';
import { ADMIN_AUDIENCE, ADMIN_JWT, AdminPrincipal } from '../../common/auth/principal.js';
import type { StaffRole } from '../../common/auth/staff-roles.js';
import { AdminTokenCheck } from '../../common/auth/token-check.js';
import { extractAdminToken } from '../../common/auth/token-extractors.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { Admin } from '../entities/admin.entity.js';
import {
  AccountCheck,
  currentAccount,
  tokenStrategyOptions,
  TokenVerifier,
} from './token-account.js';
import { TokenClaims, TokenService } from '../services/token.service.js';
import { StaffQueries } from '../staff.queries.js';

/**
 * Verifies staff tokens: HS256, `admin` audience, active account, current token version. A token
 * close to expiry gets a fresh one in `update-token`, as customers' do (the AnqiCMS staff panel
 * stores it); signing it needs no extra statement.
 */
@Injectable()
export class AdminJwtStrategy
  extends PassportStrategy(Strategy, ADMIN_JWT)
  implements AdminTokenCheck
{
  private readonly verifier: TokenVerifier;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(Admin) private readonly admins: Repository<Admin>,
    private readonly tokens: TokenService,
  ) {
    const options = tokenStrategyOptions(config.jwtSecret, extractAdminToken, ADMIN_AUDIENCE);
    super(options);
    this.verifier = new TokenVerifier(options);
  }

  /**
   * The AccessGuard's check: what this strategy answers through passport (the same token
   * sources, verification and `validate`), without passport's per-request machinery.
   */
  async check(request: FastifyRequest): Promise<AdminPrincipal | false> {
    const claims = await this.verifier.claims(request);
    return claims ? this.validate(request, claims) : false;
  }

  async validate(request: RequestWithAuth, claims: TokenClaims): Promise<AdminPrincipal | false> {
    // The one statement per request: the role and the name staff sign with ride along, so the
    // guard checks permissions and a staff write signs without another query, and a disabled
    // account or a changed password fails here.
    const admin = await currentAccount<AccountCheck & { role: StaffRole; real_name: string }>(
      this.admins,
      StaffQueries.tokenAccount,
      claims,
    );
    if (!admin) return false;
    request.credential = { expiresAt: claims.exp, tokenVersion: claims.tv };
    if (this.tokens.needsRefresh(claims.exp)) {
      request.refreshedToken = this.tokens.forAdmin(admin.id, admin.token_version);
    }
    return {
      kind: 'admin',
      id: admin.id,
      userName: admin.user_name,
      role: admin.role,
      displayName: admin.real_name || admin.user_name,
    };
  }
}
