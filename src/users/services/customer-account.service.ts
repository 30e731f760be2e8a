import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import {
  ChangePasswordRequestDto,
  CustomerLoginRequestDto,
  RegisterRequestDto,
  THIRD_PARTY_LOGIN_PLATFORMS,
  UpdateProfileRequestDto,
} from '../dto/account.request.dto.js';
import { TokenDto, UserResponseDto, UserWithTokenDto } from '../dto/user.response.dto.js';
import { User } from '../entities/user.entity.js';
import { toUserResponse } from '../user.mapper.js';
import { uniqueViolationToUserError, UserErrors } from '../users.errors.js';
import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  replacePassword,
  verifyPassword,
} from './password-hasher.js';
import { TokenService } from './token.service.js';

const INVITE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function newInviteCode(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => INVITE_ALPHABET[b % INVITE_ALPHABET.length]).join('');
}

/** Customer sign-up, login, password and profile. */
@Injectable()
export class CustomerAccountService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(input: RegisterRequestDto): Promise<UserWithTokenDto> {
    const parentId = await this.resolveInviter(input);
    const passwordHash = await hashPassword(input.password);
    try {
      // Uniqueness is decided by the database (unique indexes), so racing sign-ups cannot both win.
      const user = await this.users.save(
        this.users.create({
          userName: input.user_name,
          passwordHash,
          email: input.email?.toLowerCase() ?? '',
          phone: input.phone ?? '',
          realName: input.real_name ?? '',
          parentId,
          inviteCode: newInviteCode(),
          lastLogin: new Date(),
        }),
      );
      return {
        ...toUserResponse(user, this.config.publicUrl),
        token: this.tokens.forCustomer(user.id, user.tokenVersion),
      };
    } catch (error) {
      throw uniqueViolationToUserError(error) ?? error;
    }
  }

  /** Whether this active customer login works (without logging in): the start banner's demo check. */
  async acceptsPassword(userName: string, password: string): Promise<boolean> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.user_name = :userName', { userName })
      .getOne();
    return !!user && user.status === 1 && (await verifyPassword(password, user.passwordHash));
  }

  async login(input: CustomerLoginRequestDto): Promise<UserWithTokenDto> {
    const user = await this.findForLogin(input);
    const password = input.password ?? '';
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !valid) throw UserErrors.badCredentials();
    if (user.status !== 1) throw UserErrors.disabled();
    user.lastLogin = new Date();
    await this.users.update({ id: user.id }, { lastLogin: user.lastLogin });
    return {
      ...toUserResponse(user, this.config.publicUrl),
      token: this.tokens.forCustomer(user.id, user.tokenVersion),
    };
  }

  async detail(userId: number): Promise<UserResponseDto> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw UserErrors.notFound();
    return this.shown(user);
  }

  /** The account as its owner sees it, from a row already read (the token check's). */
  shown(user: User): UserResponseDto {
    return toUserResponse(user, this.config.publicUrl);
  }

  /** Bumps the token version: every token issued before stops working; a fresh one is returned. */
  async changePassword(userId: number, input: ChangePasswordRequestDto): Promise<TokenDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager
        .getRepository(User)
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .setLock('pessimistic_write')
        .where('u.id = :userId', { userId })
        .getOne();
      if (!user) throw UserErrors.notFound();
      const passwordHash = await replacePassword(input, user.passwordHash);
      const tokenVersion = user.tokenVersion + 1;
      await manager.getRepository(User).update({ id: userId }, { passwordHash, tokenVersion });
      return { token: this.tokens.forCustomer(userId, tokenVersion) };
    });
  }

  async updateProfile(userId: number, input: UpdateProfileRequestDto): Promise<UserResponseDto> {
    const changes: Partial<User> = {};
    if (input.real_name !== undefined) changes.realName = input.real_name;
    if (input.avatar_url !== undefined) changes.avatarUrl = input.avatar_url;
    if (input.email !== undefined) changes.email = input.email.toLowerCase();
    if (input.phone !== undefined) changes.phone = input.phone;
    if (Object.keys(changes).length) {
      try {
        await this.users.update({ id: userId }, changes);
      } catch (error) {
        throw uniqueViolationToUserError(error) ?? error;
      }
    }
    return this.detail(userId);
  }

  /**
   * The account a login names. `email` matches only emails, `phone` only phones; `user_name`
   * matches a user name first, then an email or phone (AnqiCMS decides by the value's format; here
   * a user name can never contain "@", and an exact user-name match wins over another account's
   * phone). Unknown accounts answer like a wrong password (no account probing).
   */
  private async findForLogin(input: CustomerLoginRequestDto): Promise<User | null> {
    const platform = input.platform?.toLowerCase() ?? '';
    if (THIRD_PARTY_LOGIN_PLATFORMS.includes(platform))
      throw UserErrors.loginPlatformUnsupported(platform);
    const sent = (['email', 'phone', 'user_name'] as const).filter((field) => input[field]);
    if (!sent.length || !input.password) throw UserErrors.loginIdRequired();
    if (new Set(sent.map((field) => input[field]?.toLowerCase())).size > 1)
      throw UserErrors.loginAmbiguous([...sent]);
    const query = this.users.createQueryBuilder('u').addSelect('u.passwordHash');
    const [field] = sent;
    const login = input[field] ?? '';
    if (field === 'email') query.where('u.email = :email', { email: login.toLowerCase() });
    else if (field === 'phone') query.where(`u.phone = :login`, { login });
    else
      query
        .where('u.user_name = :login', { login })
        .orWhere(`(u.email <> '' AND u.email = :email)`, { email: login.toLowerCase() })
        .orWhere(`(u.phone <> '' AND u.phone = :login)`, { login })
        .orderBy('CASE WHEN u.user_name = :login THEN 0 ELSE 1 END')
        .addOrderBy('u.id');
    return query.limit(1).getOne();
  }

  private async resolveInviter(input: RegisterRequestDto): Promise<number> {
    if (input.invite_id) {
      const inviter = await this.users.findOne({
        where: { id: input.invite_id },
        select: { id: true },
      });
      if (!inviter) throw UserErrors.inviterNotFound();
      return inviter.id;
    }
    if (input.invite_code) {
      const inviter = await this.users.findOne({
        where: { inviteCode: input.invite_code },
        select: { id: true },
      });
      if (!inviter) throw UserErrors.inviterNotFound();
      return inviter.id;
    }
    return 0;
  }
}
