import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { Page } from '../../common/http/envelope.js';
import { pageAndTotal, pageWindow } from '../../common/pagination/page-query.dto.js';
import {
  CustomerListQueryDto,
  CustomerStatusFilter,
  SaveCustomerRequestDto,
  StaffCustomerResponseDto,
} from '../dto/customer-admin.dto.js';
import { UserGroup } from '../entities/user-group.entity.js';
import { User } from '../entities/user.entity.js';
import { toUserGroupResponse, toUserResponse } from '../user.mapper.js';
import { GroupErrors, uniqueViolationToUserError, UserErrors } from '../users.errors.js';
import { hashPassword } from './password-hasher.js';
import { UserQueries } from '../user.queries.js';

/** Stored status (1 active, 0 disabled) of each panel filter; `null` = matches nothing. */
const STATUS_FILTER: Record<CustomerStatusFilter, number | null> = {
  '1': 1,
  normal: 1,
  '-1': 0,
  blocked: 0,
  '0': null,
  pending: null,
};

/** A customer row with its group mapped on by `withGroup`. */
type WithGroup = User & { group?: UserGroup | null };

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * The staff panel's customers page (AnqiCMS `plugin/user/*`). Customers are never erased (their
 * ids are in orders, the ledger and request threads): "delete" disables. The balance is never
 * written here; it moves only through the wallet's ledger. Every change is audited.
 */
@Injectable()
export class CustomerAdminService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Newest first. One statement: the page with its groups and its total. */
  async list(query: CustomerListQueryDto): Promise<Page<StaffCustomerResponseDto>> {
    const window = pageWindow(query);
    const qb = this.withGroup(this.users.createQueryBuilder('u')).orderBy('u.id', 'DESC');
    if (query.id) qb.andWhere('u.id = :id', { id: query.id });
    if (query.group_id) qb.andWhere('u.group_id = :groupId', { groupId: query.group_id });
    if (query.q)
      qb.andWhere(
        `(u.user_name ILIKE :q ESCAPE '\\' OR u.real_name ILIKE :q ESCAPE '\\' OR u.phone LIKE :q ESCAPE '\\')`,
        { q: likePattern(query.q) },
      );
    const contains: [string, string | undefined][] = [
      ['user_name', query.user_name],
      ['real_name', query.real_name || query.realName],
      ['phone', query.phone],
      ['email', query.email],
    ];
    for (const [column, text] of contains)
      if (text)
        qb.andWhere(`u.${column} ILIKE :${column} ESCAPE '\\'`, { [column]: likePattern(text) });
    if (query.status !== undefined) {
      const status = STATUS_FILTER[query.status];
      if (status === null) qb.andWhere('false');
      else qb.andWhere('u.status = :status', { status });
    }
    const [rows, total] = await pageAndTotal(qb, window);
    return new Page(
      rows.map((user) => this.toStaffCustomer(user)),
      total,
    );
  }

  async detail(id: number, manager?: EntityManager): Promise<StaffCustomerResponseDto> {
    const user = await this.withGroup(
      (manager ?? this.dataSource.manager).createQueryBuilder(User, 'u'),
    )
      .where('u.id = :id', { id })
      .getOne();
    if (!user) throw UserErrors.notFound();
    return this.toStaffCustomer(user);
  }

  /** The edit dialog's save: only the fields SaveCustomerRequestDto names change. */
  async save(input: SaveCustomerRequestDto): Promise<StaffCustomerResponseDto> {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.findOne(User, {
          where: { id: input.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!user) throw UserErrors.notFound();
        const changes = this.changesOf(user, input);
        if (input.group_id) await this.assertGroup(manager, input.group_id);
        const endsSessions =
          passwordHash !== undefined || (user.status === 1 && changes.status === 0);
        const update: Partial<User> = { ...changes };
        if (passwordHash !== undefined) update.passwordHash = passwordHash;
        if (endsSessions) update.tokenVersion = user.tokenVersion + 1;
        if (Object.keys(update).length) {
          await manager.update(User, { id: user.id }, update);
          await this.audit.record(manager, {
            action: changes.status === 0 ? 'customer.disable' : 'customer.update',
            entityType: 'customer',
            entityId: user.id,
            details: {
              changed: Object.keys(changes).map((key) =>
                key.replace(/[A-Z]/g, '_$&').toLowerCase(),
              ),
              ...(changes.status !== undefined ? { status: changes.status } : {}),
              ...(passwordHash !== undefined ? { password: 'reset' } : {}),
            },
          });
        }
        return this.detail(user.id, manager);
      });
    } catch (error) {
      throw uniqueViolationToUserError(error) ?? error;
    }
  }

  /** AnqiCMS's delete: here the account is disabled (and its sessions end), never erased. */
  async disable(id: number): Promise<null> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(User)
        .set({ status: 0, tokenVersion: () => 'token_version + 1' })
        .where('id = :id AND status = 1', { id })
        .execute();
      if (!result.affected) {
        if (!(await manager.existsBy(User, { id }))) throw UserErrors.notFound();
        return; // already disabled: nothing changes, nothing to audit
      }
      await this.audit.record(manager, {
        action: 'customer.disable',
        entityType: 'customer',
        entityId: id,
        details: { status: 0 },
      });
    });
    return null;
  }

  private changesOf(user: User, input: SaveCustomerRequestDto): Partial<User> {
    const changes: Partial<User> = {};
    const set = <K extends keyof User>(key: K, value: User[K] | undefined) => {
      if (value !== undefined && value !== user[key]) changes[key] = value;
    };
    set('realName', input.real_name);
    set('email', input.email?.toLowerCase());
    set('phone', input.phone);
    set('groupId', input.group_id);
    set('status', input.status === undefined ? undefined : input.status === 1 ? 1 : 0);
    if (input.expire_time !== undefined) {
      const current = user.expireTime ? Math.floor(user.expireTime.getTime() / 1000) : 0;
      if (input.expire_time !== current)
        changes.expireTime = input.expire_time ? new Date(input.expire_time * 1000) : null;
    }
    return changes;
  }

  private async assertGroup(manager: EntityManager, groupId: number): Promise<void> {
    const exists = await manager.query<unknown[]>(UserQueries.lockGroup, [groupId]);
    if (!exists.length) throw GroupErrors.notFound();
  }

  /** The customer's group rides on the same statement (`group`: null without one). */
  private withGroup(qb: SelectQueryBuilder<User>): SelectQueryBuilder<User> {
    return qb.leftJoinAndMapOne('u.group', UserGroup, 'g', 'g.id = u.group_id');
  }

  private toStaffCustomer(user: WithGroup): StaffCustomerResponseDto {
    const group = user.group;
    return {
      ...toUserResponse(user, this.config.publicUrl),
      status: user.status === 1 ? 1 : -1,
      group: group ? toUserGroupResponse(group) : null,
    };
  }
}
