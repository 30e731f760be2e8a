import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { ADMIN_AUDIENCE, CUSTOMER_AUDIENCE } from '../../common/auth/principal.js';

export interface TokenClaims {
  /** The account id, signed as a decimal string (JWT subjects are strings). */
  sub: string;
  /** The account's token version when issued; a password change bumps it. */
  tv: number;
  aud: string;
  exp: number;
  iat: number;
}

/** Signs HS256 JWTs; the audience tells customer tokens from staff tokens. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  forCustomer(userId: number, tokenVersion: number): string {
    return this.sign(userId, tokenVersion, CUSTOMER_AUDIENCE);
  }

  forAdmin(adminId: number, tokenVersion: number): string {
    return this.sign(adminId, tokenVersion, ADMIN_AUDIENCE);
  }

  /** True when a token expiring at `exp` should be replaced (AnqiCMS's `update-token`). */
  needsRefresh(exp: number): boolean {
    return exp - Math.floor(Date.now() / 1000) < this.config.tokenRefreshWindowSeconds;
  }

  get ttlSeconds(): number {
    return this.config.tokenTtlSeconds;
  }

  private sign(subject: number, tokenVersion: number, audience: string): string {
    return this.jwt.sign(
      { tv: tokenVersion },
      {
        subject: String(subject),
        audience,
        expiresIn: this.config.tokenTtlSeconds,
        algorithm: 'HS256',
      },
    );
  }
}
