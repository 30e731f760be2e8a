import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UserGroup } from '../entities/user-group.entity.js';
import { User } from '../entities/user.entity.js';
import { extendedExpiry } from '../membership.js';
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

/** What an order needs to know about its buyer, read in one statement (UserGroupService.buyerTerms). */
export interface BuyerTerms {
  /** The buyer's own rules now (the discount). */
  buyer: GroupRules;
  /** The inviter (buyer.parent_id), 0 = none. */
  inviterId: number;
  /** The inviter's inviter, 0 = none (never the buyer). */
  inviterParentId: number;
  /** The inviter's rules now: both referral percentages come from them. */
  inviter: GroupRules;
}

interface RulesJson {
  group_id: number;
  discount: number;
  share_reward: number;
  parent_reward: number;
}

const NO_RULES: GroupRules = { groupId: 0, discount: 0, shareReward: 0, parentReward: 0 };

function isRowId(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && value <= MAX_INT4;
}

/**
 * The rules that apply to user `alias` at `now`, as JSON: their group's while the membership
 * runs (membershipActive: users.expire_time unset or ahead) and the group is enabled; NULL for
 * none.
 */
function activeRulesSql(alias: string, now: string): string {
  return `(SELECT json_build_object('group_id', g.id, 'discount', g.discount,
                 'share_reward', g.share_reward, 'parent_reward', g.parent_reward)
             FROM user_groups g
            WHERE g.id = ${alias}.group_id AND g.status = 1
              AND (${alias}.expire_time IS NULL OR ${alias}.expire_time > ${now}))`;
}

function rulesOfJson(json: RulesJson | null): GroupRules {
  return json
    ? {
        groupId: json.group_id,
        discount: json.discount,
        shareReward: json.share_reward,
        parentReward: json.parent_reward,
      }
    : { ...NO_RULES };
}

/**
 * Group rules as the orders module uses them, through the caller's manager.
 *
 * Whose group decides what (docs/catalogue.md, "Groups and commissions"; `buyerTerms`):
 * - discount: the BUYER's own group, while the membership runs and the group is enabled.
 * - share_reward and parent_reward: both from the INVITER's group, on the same terms (AnqiCMS
 *   semantics): the inviter (buyer.parent_id) gets share_reward percent of the order amount, the
 *   inviter's inviter gets parent_reward percent.
 */
@Injectable()
export class UserGroupService {
  /**
   * The buyer's terms (BuyerTerms) embedded in the caller's statement, so that pricing reads
   * them with the order's products in one round trip: the buyer's rules, the referral chain
   * (inviter, inviter's inviter, never the buyer) and the inviter's rules. `shape` throws
   * USER.NOT_FOUND for an unknown buyer.
   */
  readonly buyerTerms = {
    sql: (buyerIdParam: string, nowParam: string): string =>
      `(SELECT json_build_object('buyer', ${activeRulesSql('b', nowParam)},
                 'inviter_id', i.id, 'inviter_parent_id', p.id,
                 'inviter', ${activeRulesSql('i', nowParam)})
          FROM users b
          LEFT JOIN users i ON i.id = b.parent_id
          LEFT JOIN users p ON p.id = i.parent_id AND p.id <> b.id
         WHERE b.id = ${buyerIdParam})`,
    shape: (json: unknown): BuyerTerms => {
      const terms = json as {
        buyer: RulesJson | null;
        inviter_id: number | null;
        inviter_parent_id: number | null;
        inviter: RulesJson | null;
      } | null;
      if (!terms) throw UserErrors.notFound();
      return {
        buyer: rulesOfJson(terms.buyer),
        inviterId: terms.inviter_id ?? 0,
        inviterParentId: terms.inviter_id ? (terms.inviter_parent_id ?? 0) : 0,
        inviter: rulesOfJson(terms.inviter),
      };
    },
  };

  /** buyerTerms on its own (an order without products to read: a vip membership). */
  async termsOf(manager: EntityManager, buyerId: number, now = new Date()): Promise<BuyerTerms> {
    if (!isRowId(buyerId)) throw UserErrors.notFound();
    const [row] = await manager.query<{ terms: unknown }[]>(
      `SELECT ${this.buyerTerms.sql('$1::int', '$2::timestamptz')} AS terms`,
      [buyerId, now],
    );
    return this.buyerTerms.shape(row.terms);
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
