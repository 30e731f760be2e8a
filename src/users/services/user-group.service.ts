import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UserGroup } from '../entities/user-group.entity.js';
import { User } from '../entities/user.entity.js';
import { extendedExpiry, membershipActive } from '../membership.js';
import { GroupErrors, UserErrors } from '../users.errors.js';
import { MAX_INT4 } from '../../common/validation/dto-limits.js';

/** The percentages of one group that orders apply (all 0 for "no group"). */
export interface GroupRules {
  /** The group whose rules these are; 0 = none applies (no group, expired, disabled, unknown). */
  groupId: number;
  /** Percent off goods prices (0-100). */
  discount: number;
  /** Percent of the order amount for the inviter (see docs/catalogue.md for whose group). */
  shareReward: number;
  /** Percent of the order amount for the inviter's inviter. */
  parentReward: number;
}

export interface VipOffer {
  groupId: number;
  title: string;
  /** Fen. */
  price: number;
  /** Days of membership the purchase gives; 0 = forever. */
  expireDay: number;
}

const NO_RULES: GroupRules = { groupId: 0, discount: 0, shareReward: 0, parentReward: 0 };

function isRowId(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && value <= MAX_INT4;
}

function rulesOf(group: UserGroup): GroupRules {
  return {
    groupId: group.id,
    discount: group.discount,
    shareReward: group.shareReward,
    parentReward: group.parentReward,
  };
}

/**
 * Group rules as the orders module uses them, inside the caller's transaction.
 *
 * Whose group decides what (docs/catalogue.md, "Groups and commissions"):
 * - discount: the BUYER's own group, while the membership runs (`rulesForUser(buyer)`).
 * - share_reward and parent_reward: both from the INVITER's group (`rulesForGroup(inviter's
 *   group)`, AnqiCMS semantics): the inviter (buyer.parent_id) gets share_reward percent of the
 *   order amount, the inviter's inviter gets parent_reward percent.
 */
@Injectable()
export class UserGroupService {
  /**
   * The rules that apply to this buyer now: their group's, unless the membership has expired
   * (users.expire_time in the past) or the group is disabled/unknown → zero rules (groupId 0).
   * Throws USER.NOT_FOUND for an unknown user.
   */
  async rulesForUser(
    manager: EntityManager,
    userId: number,
    now: Date = new Date(),
  ): Promise<GroupRules> {
    if (!isRowId(userId)) throw UserErrors.notFound();
    const user = await manager.findOne(User, {
      where: { id: userId },
      select: { id: true, groupId: true, expireTime: true },
    });
    if (!user) throw UserErrors.notFound();
    if (user.groupId === 0 || !membershipActive(user.expireTime, now)) return { ...NO_RULES };
    return this.rulesForGroup(manager, user.groupId);
  }

  /** The rules of a group by id (e.g. the inviter's); zero rules for 0, unknown or disabled. */
  async rulesForGroup(manager: EntityManager, groupId: number): Promise<GroupRules> {
    if (!isRowId(groupId)) return { ...NO_RULES };
    const group = await manager.findOneBy(UserGroup, { id: groupId, status: 1 });
    return group ? rulesOf(group) : { ...NO_RULES };
  }

  /** What a `type: vip` order for this group costs. GROUP.NOT_FOUND when unknown or disabled. */
  async vipOffer(manager: EntityManager, groupId: number): Promise<VipOffer> {
    if (!isRowId(groupId)) throw GroupErrors.notFound();
    const group = await manager.findOneBy(UserGroup, { id: groupId, status: 1 });
    if (!group) throw GroupErrors.notFound();
    return {
      groupId: group.id,
      title: group.title,
      price: group.price,
      expireDay: group.expireDay,
    };
  }

  /**
   * On finishing a vip order: puts the user in the group and sets expire_time to
   * max(now, current expiry) + expire_day days (expire_day 0 = no expiry; see membership.ts).
   * The group row is share-locked so it cannot be deleted meanwhile, the user row is locked so
   * two finishing orders extend one after the other. A group disabled since the purchase is still
   * granted (it was paid for); an unknown one throws GROUP.NOT_FOUND.
   */
  async grantMembership(
    manager: EntityManager,
    userId: number,
    groupId: number,
    now: Date = new Date(),
  ): Promise<void> {
    if (!isRowId(groupId)) throw GroupErrors.notFound();
    if (!isRowId(userId)) throw UserErrors.notFound();
    const group = await manager
      .createQueryBuilder(UserGroup, 'g')
      .setLock('pessimistic_read')
      .where('g.id = :groupId', { groupId })
      .getOne();
    if (!group) throw GroupErrors.notFound();
    const user = await manager
      .createQueryBuilder(User, 'u')
      .select(['u.id', 'u.groupId', 'u.expireTime'])
      .setLock('pessimistic_write')
      .where('u.id = :userId', { userId })
      .getOne();
    if (!user) throw UserErrors.notFound();
    const expireTime = extendedExpiry(user, group.id, group.expireDay, now);
    await manager.update(User, { id: user.id }, { groupId: group.id, expireTime });
  }
}
