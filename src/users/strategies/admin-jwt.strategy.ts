import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import { JwtFromRequestFunction, Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { ADMIN_AUDIENCE, ADMIN_JWT, AdminPrincipal } from '../../common/auth/principal.js';
import { extractAdminToken } from '../../common/auth/token-extractors.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { Admin } from '../entities/admin.entity.js';
import { TokenClaims } from '../services/token.service.js';

/** Verifies staff tokens: HS256, `admin` audience, active account, current token version. */
@Injectable()
export class AdminJwtStrategy extends PassportStrategy(Strategy, ADMIN_JWT) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(Admin) private readonly admins: Repository<Admin>,
  ) {
    super({
      jwtFromRequest: extractAdminToken as unknown as JwtFromRequestFunction,
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      audience: ADMIN_AUDIENCE,
    });
  }

  async validate(claims: TokenClaims): Promise<AdminPrincipal | false> {
    const admin = await this.admins.findOne({
      where: { id: Number(claims.sub) },
      select: { id: true, userName: true, status: true, tokenVersion: true },
    });
    if (!admin || admin.status !== 1 || admin.tokenVersion !== claims.tv) return false;
    return { kind: 'admin', id: admin.id, userName: admin.userName };
  }
}
