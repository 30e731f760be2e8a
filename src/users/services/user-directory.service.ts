import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { EmbeddedRow, embeddedRow, JsonRows } from '../../common/database/json-rows.js';
import { UserResponseDto } from '../dto/user.response.dto.js';
import { Admin } from '../entities/admin.entity.js';
import { User } from '../entities/user.entity.js';
import { toUserResponse } from '../user.mapper.js';

/**
 * What other modules may read about accounts: public user objects, loaded in one query for a
 * whole page (no N+1), and staff display names.
 */
@Injectable()
export class UserDirectoryService {
  /** The public user object, embedded in another module's statement (lists in one round trip). */
  readonly embeddedUser: EmbeddedRow<UserResponseDto>;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Admin) private readonly admins: Repository<Admin>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.embeddedUser = embeddedRow(new JsonRows(users.manager.connection, User), (user) =>
      toUserResponse(user, config.publicUrl),
    );
  }

  async usersByIds(ids: number[]): Promise<Map<number, UserResponseDto>> {
    const unique = [...new Set(ids)].filter((id) => id > 0);
    if (!unique.length) return new Map();
    const rows = await this.users.findBy({ id: In(unique) });
    return new Map(rows.map((user) => [user.id, toUserResponse(user, this.config.publicUrl)]));
  }

  async userById(id: number): Promise<UserResponseDto | undefined> {
    return (await this.usersByIds([id])).get(id);
  }

  /**
   * Ids of customers whose user name, real name or phone contains `text` (staff list filters),
   * at most `limit` of them, in one query.
   */
  async searchUserIds(text: string, limit = 500): Promise<number[]> {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.users
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.user_name ILIKE :pattern OR u.real_name ILIKE :pattern OR u.phone LIKE :pattern', {
        pattern,
      })
      .orderBy('u.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number }>();
    return rows.map((row) => row.id);
  }

  /**
   * Where and how to mail a customer: the account's address ('' = none: no mail) and the name to
   * greet them with. Undefined for an unknown or disabled account.
   */
  async mailAccount(id: number): Promise<{ email: string; name: string } | undefined> {
    const user = await this.users.findOne({
      where: { id },
      select: { id: true, email: true, userName: true, realName: true, status: true },
    });
    if (!user || user.status !== 1) return undefined;
    return { email: user.email, name: user.realName || user.userName };
  }

  /** Display names of staff (for message sender names). */
  async adminNames(ids: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)].filter((id) => id > 0);
    if (!unique.length) return new Map();
    const rows = await this.admins.find({
      where: { id: In(unique) },
      select: { id: true, userName: true, realName: true },
    });
    return new Map(rows.map((admin) => [admin.id, admin.realName || admin.userName]));
  }

  /** Ids of customers whose user name contains `fragment` (case-insensitive), for admin filters. */
  async userIdsByName(fragment: string, limit = 1000): Promise<number[]> {
    const escaped = fragment.replace(/[\\%_]/g, (char) => `\\${char}`);
    const rows = await this.users
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.user_name ILIKE :pattern', { pattern: `%${escaped}%` })
      .orderBy('u.id')
      .limit(limit)
      .getRawMany<{ id: number }>();
    return rows.map((row) => row.id);
  }
}
