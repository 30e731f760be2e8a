import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { Page } from '../../common/http/envelope.js';
import { SaveUserGroupRequestDto, UserGroupResponseDto } from '../dto/user-group.dto.js';
import { UserGroup } from '../entities/user-group.entity.js';
import { User } from '../entities/user.entity.js';
import { toUserGroupResponse } from '../user.mapper.js';
import { GroupErrors } from '../users.errors.js';

/** The percentage fields of a save, flat values winning over AnqiCMS's `setting`. */
function percentages(input: SaveUserGroupRequestDto): Partial<UserGroup> {
  const pick = <K extends 'share_reward' | 'parent_reward' | 'discount' | 'expire_day'>(key: K) =>
    input[key] ?? input.setting?.[key];
  const values: Partial<UserGroup> = {
    shareReward: pick('share_reward'),
    parentReward: pick('parent_reward'),
    discount: pick('discount'),
    expireDay: pick('expire_day'),
  };
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/**
 * Managing groups (staff) and showing them (customers choose a vip group to buy). Groups are
 * few, so lists are not paged; they come ordered by level, then id.
 */
@Injectable()
export class UserGroupAdminService {
  constructor(
    @InjectRepository(UserGroup) private readonly groups: Repository<UserGroup>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(activeOnly: boolean): Promise<Page<UserGroupResponseDto>> {
    const rows = await this.groups.find({
      where: activeOnly ? { status: 1 } : {},
      order: { level: 'ASC', id: 'ASC' },
    });
    return new Page(rows.map(toUserGroupResponse), rows.length);
  }

  async detail(id: number, activeOnly: boolean): Promise<UserGroupResponseDto> {
    const group = await this.groups.findOneBy({ id, ...(activeOnly ? { status: 1 } : {}) });
    if (!group) throw GroupErrors.notFound();
    return toUserGroupResponse(group);
  }

  async save(input: SaveUserGroupRequestDto): Promise<UserGroupResponseDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      let group: UserGroup;
      if (input.id) {
        const found = await manager.findOne(UserGroup, {
          where: { id: input.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!found) throw GroupErrors.notFound();
        group = found;
      } else {
        if (!input.title) throw GroupErrors.titleRequired();
        group = manager.create(UserGroup, {});
      }
      const fields: Partial<UserGroup> = {
        title: input.title,
        description: input.description,
        level: input.level,
        status: input.status,
        price: input.price,
        ...percentages(input),
      };
      for (const [key, value] of Object.entries(fields))
        if (value !== undefined) (group as unknown as Record<string, unknown>)[key] = value;
      if ((group.shareReward ?? 0) + (group.parentReward ?? 0) > 100)
        throw GroupErrors.rewardsTooHigh();
      const created = !group.id;
      const saved = await manager.save(UserGroup, group);
      await this.audit.record(manager, {
        action: created ? 'group.create' : 'group.update',
        entityType: 'group',
        entityId: saved.id,
        details: { title: saved.title, fields: Object.keys(input).filter((k) => k !== 'id') },
      });
      return saved.id;
    });
    return this.detail(id, false);
  }

  /**
   * Refused while users are in the group. The group row is locked first: a vip purchase being
   * granted at the same moment (it share-locks the group) either finishes first and is counted,
   * or waits and then finds the group gone.
   */
  async delete(id: number): Promise<null> {
    await this.dataSource.transaction(async (manager) => {
      const group = await manager.findOne(UserGroup, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!group) throw GroupErrors.notFound();
      const members = await manager.countBy(User, { groupId: id });
      if (members > 0) throw GroupErrors.inUse(members);
      await manager.delete(UserGroup, { id });
      await this.audit.record(manager, {
        action: 'group.delete',
        entityType: 'group',
        entityId: id,
        details: { title: group.title },
      });
    });
    return null;
  }
}
