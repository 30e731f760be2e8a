import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { EditableRow } from '../../common/database/base.entity.js';

/**
 * A customer group (AnqiCMS `user_group`): membership level, the price of buying it with a
 * `type: vip` order, and the percentages that decide discounts and referral commissions
 * (docs/catalogue.md, "Groups and commissions", says exactly whose group applies to what).
 * AnqiCMS keeps the percentages in a JSON `setting`; here they are columns so the database can
 * check their ranges, and the API sends them both flat and inside `setting`.
 */
@Entity('user_groups')
@Check('chk_user_groups_price_not_negative', '"price" >= 0')
@Check('chk_user_groups_discount_range', '"discount" BETWEEN 0 AND 100')
@Check('chk_user_groups_share_reward_range', '"share_reward" BETWEEN 0 AND 100')
@Check('chk_user_groups_parent_reward_range', '"parent_reward" BETWEEN 0 AND 100')
@Check('chk_user_groups_rewards_total', '"share_reward" + "parent_reward" <= 100')
@Check('chk_user_groups_expire_day_not_negative', '"expire_day" >= 0')
@Index('idx_user_groups_level', ['level', 'id'])
export class UserGroup extends EditableRow {
  @Column({ type: 'varchar', length: 64 })
  title: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description: string;

  @Column({ type: 'int', default: 0 })
  level: number;

  /** 1 = active, 0 = disabled (cannot be bought; its rules stop applying). */
  @Column({ type: 'smallint', default: 1 })
  status: number;

  /** Fen: what a `type: vip` order for this group costs. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  price: number;

  /** Percent off goods prices for members (0-100). */
  @Column({ type: 'smallint', default: 0 })
  discount: number;

  /** Percent of an order's amount paid to the buyer's inviter when the inviter is in this group. */
  @Column({ type: 'smallint', default: 0 })
  shareReward: number;

  /** Percent paid to the inviter's inviter, when the inviter is in this group. */
  @Column({ type: 'smallint', default: 0 })
  parentReward: number;

  /** Days of membership a vip purchase gives; 0 = forever. */
  @Column({ type: 'int', default: 0 })
  expireDay: number;
}
