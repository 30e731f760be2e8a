import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { LoginRequestDto } from '../dto/account.request.dto.js';
import { AdminWithTokenDto } from '../dto/user.response.dto.js';
import { Admin } from '../entities/admin.entity.js';
import { toAdminResponse } from '../user.mapper.js';
import { UserErrors } from '../users.errors.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hasher.js';
import { TokenService } from './token.service.js';

/** Staff login, and the bootstrap admin from ADMIN_USER_NAME / ADMIN_PASSWORD. */
@Injectable()
export class AdminAccountService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminAccountService.name);

  constructor(
    @InjectRepository(Admin) private readonly admins: Repository<Admin>,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminUserName, adminPassword } = this.config;
    if (adminUserName && adminPassword && (await this.ensureAdmin(adminUserName, adminPassword))) {
      this.logger.log(`created admin "${adminUserName}" from ADMIN_USER_NAME`);
    }
  }

  /**
   * Creates the admin when the name is free; an existing admin is left untouched (its password
   * may have been changed since). Safe when several instances start at once.
   */
  async ensureAdmin(userName: string, password: string): Promise<boolean> {
    const result = await this.admins
      .createQueryBuilder()
      .insert()
      // The bootstrap account is an owner: someone must be able to manage the others.
      .values({ userName, passwordHash: await hashPassword(password), role: 'owner' })
      .orIgnore()
      .execute();
    return (result.identifiers.filter(Boolean).length ?? 0) > 0;
  }

  /** Whether this active staff login works (without logging in): the start banner's demo check. */
  async acceptsPassword(userName: string, password: string): Promise<boolean> {
    const admin = await this.admins
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.user_name = :name', { name: userName })
      .getOne();
    return !!admin && admin.status === 1 && (await verifyPassword(password, admin.passwordHash));
  }

  async login(input: LoginRequestDto): Promise<AdminWithTokenDto> {
    const admin = await this.admins
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.user_name = :name', { name: input.user_name })
      .getOne();
    const valid = await verifyPassword(input.password, admin?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!admin || !valid) throw UserErrors.badCredentials();
    if (admin.status !== 1) throw UserErrors.disabled();
    admin.lastLogin = new Date();
    await this.admins.update({ id: admin.id }, { lastLogin: admin.lastLogin });
    return { ...toAdminResponse(admin), token: this.tokens.forAdmin(admin.id, admin.tokenVersion) };
  }
}
