import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { roleMay } from '../../common/auth/staff-roles.js';
import type { StaffRole } from '../../common/auth/staff-roles.js';
import { Page } from '../../common/http/envelope.js';
import { pageWindow } from '../../common/pagination/page-query.dto.js';
import { ChangePasswordRequestDto } from '../dto/account.request.dto.js';
import { SaveStaffRequestDto, StaffListQueryDto } from '../dto/staff.dto.js';
import { AdminResponseDto, TokenDto } from '../dto/user.response.dto.js';
import { Admin, ADMIN_ACTIVE } from '../entities/admin.entity.js';
import { toAdminResponse } from '../user.mapper.js';
import { StaffErrors, uniqueViolationToStaffError } from '../users.errors.js';
import { hashPassword, replacePassword } from './password-hasher.js';
import { TokenService } from './token.service.js';
import { StaffQueries } from '../staff.queries.js';

/**
 * Staff accounts: owners create, edit, disable and re-enable them; everyone changes their own
 * password. Accounts are never deleted (their ids are in order history and the audit trail).
 *
 * The last active owner can never be disabled or demoted, even by two owners acting on each other
 * at the same moment: every change first locks the active owners' rows (in id order, so two such
 * transactions queue instead of deadlocking). The second one then sees the first one's committed
 * change (READ COMMITTED re-reads a row it waited for), and so finds that its actor is no longer
 * an owner, or that its target is the last one.
 */
@Injectable()
export class StaffAccountService {
  constructor(
    @InjectRepository(Admin) private readonly admins: Repository<Admin>,
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  /** Newest first; filters: user_name (contains), role, status. */
  async list(query: StaffListQueryDto): Promise<Page<AdminResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const q = this.admins.createQueryBuilder('a').orderBy('a.id', 'DESC').take(limit).skip(offset);
    if (query.user_name) {
      q.andWhere(`a.user_name ILIKE :name ESCAPE '\\'`, {
        name: `%${query.user_name.replace(/[\\%_]/g, '\\$&')}%`,
      });
    }
    if (query.role) q.andWhere('a.role = :role', { role: query.role });
    if (query.status !== undefined) q.andWhere('a.status = :status', { status: query.status });
    const [rows, total] = await q.getManyAndCount();
    return new Page(rows.map(toAdminResponse), total);
  }

  /** Own account for everyone; another one only for roles that manage staff. */
  async detail(me: AdminPrincipal, id = me.id): Promise<AdminResponseDto> {
    if (id !== me.id && !roleMay(me.role, 'staff.manage')) throw StaffErrors.othersNeedOwner();
    const admin = await this.admins.findOneBy({ id });
    if (!admin) throw StaffErrors.notFound();
    return toAdminResponse(admin);
  }

  async save(me: AdminPrincipal, input: SaveStaffRequestDto): Promise<AdminResponseDto> {
    return input.id === undefined ? this.create(me, input) : this.update(me, input.id, input);
  }

  async setStatus(me: AdminPrincipal, id: number, status: number): Promise<AdminResponseDto> {
    return this.update(me, id, { status });
  }

  /** Own password: the old one must match; every older token stops working, a new one is returned. */
  async changeOwnPassword(me: AdminPrincipal, input: ChangePasswordRequestDto): Promise<TokenDto> {
    return this.dataSource.transaction(async (manager) => {
      const admin = await manager
        .getRepository(Admin)
        .createQueryBuilder('a')
        .addSelect('a.passwordHash')
        .setLock('pessimistic_write')
        .where('a.id = :id', { id: me.id })
        .getOne();
      if (!admin) throw StaffErrors.notFound();
      const passwordHash = await replacePassword(input, admin.passwordHash);
      const tokenVersion = admin.tokenVersion + 1;
      await manager.getRepository(Admin).update({ id: me.id }, { passwordHash, tokenVersion });
      await this.audit.record(manager, {
        action: 'staff.password',
        entityType: 'account',
        entityId: me.id,
      });
      return { token: this.tokens.forAdmin(me.id, tokenVersion) };
    });
  }

  private async create(me: AdminPrincipal, input: SaveStaffRequestDto): Promise<AdminResponseDto> {
    if (!input.user_name) throw StaffErrors.missingForCreate('user_name');
    if (!input.password) throw StaffErrors.missingForCreate('password');
    if (!input.role) throw StaffErrors.missingForCreate('role');
    const passwordHash = await hashPassword(input.password);
    const id = await this.dataSource.transaction(async (manager) => {
      await this.lockOwners(manager, me);
      const inserted = await manager
        .getRepository(Admin)
        .createQueryBuilder()
        .insert()
        .values({
          userName: input.user_name,
          realName: input.real_name ?? '',
          passwordHash,
          role: input.role,
          status: input.status ?? ADMIN_ACTIVE,
        })
        .orIgnore()
        .returning('id')
        .execute();
      const row = (inserted.raw as { id: number }[])[0];
      if (!row) throw StaffErrors.nameTaken();
      await this.audit.record(manager, {
        action: 'staff.create',
        entityType: 'account',
        entityId: row.id,
        details: {
          user_name: input.user_name,
          role: input.role,
          status: input.status ?? ADMIN_ACTIVE,
        },
      });
      return row.id;
    });
    return toAdminResponse(await this.admins.findOneByOrFail({ id }));
  }

  private async update(
    me: AdminPrincipal,
    id: number,
    input: Omit<SaveStaffRequestDto, 'id'>,
  ): Promise<AdminResponseDto> {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    await this.dataSource.transaction(async (manager) => {
      const owners = await this.lockOwners(manager, me);
      const target = await manager
        .getRepository(Admin)
        .createQueryBuilder('a')
        .setLock('pessimistic_write')
        .where('a.id = :id', { id })
        .getOne();
      if (!target) throw StaffErrors.notFound();
      const role: StaffRole = input.role ?? target.role;
      const status = input.status ?? target.status;
      const self = target.id === me.id;
      // Own password only with the old one (admin/password); own role or status may change
      // (handing over to another owner) as long as an active owner remains.
      if (self && passwordHash) throw StaffErrors.selfChange();
      const wasOwner = target.role === 'owner' && target.status === ADMIN_ACTIVE;
      const staysOwner = role === 'owner' && status === ADMIN_ACTIVE;
      if (wasOwner && !staysOwner && !owners.some((ownerId) => ownerId !== target.id))
        throw StaffErrors.lastOwner();

      // A disabled account's sessions end for good (re-enabling does not revive them), as do
      // the sessions of an account whose password an owner has reset.
      const endSessions =
        Boolean(passwordHash) || (status !== ADMIN_ACTIVE && target.status === ADMIN_ACTIVE);
      const changes: Partial<Admin> = {
        ...(input.user_name !== undefined ? { userName: input.user_name } : {}),
        ...(input.real_name !== undefined ? { realName: input.real_name } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        role,
        status,
        ...(endSessions ? { tokenVersion: target.tokenVersion + 1 } : {}),
      };
      try {
        await manager.getRepository(Admin).update({ id }, changes);
      } catch (error) {
        throw uniqueViolationToStaffError(error) ?? error;
      }
      await this.audit.record(manager, {
        action: this.actionOf(target, status),
        entityType: 'account',
        entityId: id,
        details: this.describe(target, changes, Boolean(passwordHash)),
      });
    });
    return toAdminResponse(await this.admins.findOneByOrFail({ id }));
  }

  /**
   * Locks the active owners' rows and returns their ids; refuses when the acting owner is no
   * longer one of them (disabled or demoted by a transaction that committed meanwhile).
   */
  private async lockOwners(manager: EntityManager, me: AdminPrincipal): Promise<number[]> {
    const rows = await manager.query<{ id: number }[]>(StaffQueries.lockActiveOwners);
    const ids = rows.map((row) => row.id);
    if (!ids.includes(me.id)) throw StaffErrors.notOwnerAnyMore();
    return ids;
  }

  private actionOf(target: Admin, status: number): string {
    if (status === target.status) return 'staff.update';
    return status === ADMIN_ACTIVE ? 'staff.enable' : 'staff.disable';
  }

  /** What changed, for the audit row (never the password itself). */
  private describe(
    target: Admin,
    changes: Partial<Admin>,
    passwordReset: boolean,
  ): Record<string, unknown> {
    const details: Record<string, unknown> = {};
    if (changes.userName !== undefined && changes.userName !== target.userName)
      details.user_name = { from: target.userName, to: changes.userName };
    if (changes.realName !== undefined && changes.realName !== target.realName)
      details.real_name = { from: target.realName, to: changes.realName };
    if (changes.role !== target.role) details.role = { from: target.role, to: changes.role };
    if (changes.status !== target.status)
      details.status = { from: target.status, to: changes.status };
    if (passwordReset) details.password_reset = true;
    return details;
  }
}
