import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { updateReturning } from '../../common/database/raw-sql.js';
import { UserGroupService } from '../../users/services/user-group.service.js';
import { WalletService } from '../../wallet/services/wallet.service.js';
import { LedgerKind } from '../../wallet/ledger-kind.js';
import {
  CommissionKind,
  CommissionStatus,
  OrderCommission,
} from '../entities/order-commission.entity.js';
import { Order } from '../entities/order.entity.js';
import { Actor, SYSTEM_ACTOR } from '../../common/state-machine/actor.js';
import { OrderTransitionService } from './order-transition.service.js';
import type { OrderRef } from './order.lookup.js';
import { OrderQueries } from '../order.queries.js';

const LEDGER_KIND: Record<CommissionKind, LedgerKind> = {
  seller: 'sale_income',
  share: 'share_commission',
  parent: 'parent_commission',
};

/**
 * Where an order's money goes after payment: the seller's income and the referral commissions
 * are recorded (pending) when the order is paid, credited to balances with ledger entries when
 * it finishes, and cancelled when it is refunded. Finishing a vip order grants the group.
 */
@Injectable()
export class OrderSettlementService {
  constructor(
    private readonly transitions: OrderTransitionService,
    private readonly wallet: WalletService,
    private readonly groups: UserGroupService,
  ) {}

  /** Right after the pay transition: commissions pending; a vip order finishes at once. */
  async afterPaid(manager: EntityManager, order: Order, now: Date): Promise<Order> {
    const owed: { kind: CommissionKind; userId: number; amount: number }[] = [
      { kind: 'seller', userId: order.sellerId, amount: order.sellerAmount },
      { kind: 'share', userId: order.shareUserId, amount: order.shareAmount },
      { kind: 'parent', userId: order.shareParentUserId, amount: order.shareParentAmount },
    ];
    const rows = owed
      .filter((entry) => entry.userId > 0 && entry.amount > 0)
      .map((entry) => ({
        ...entry,
        orderId: order.orderId,
        orderAmount: order.amount,
        status: CommissionStatus.Pending,
      }));
    if (rows.length) await manager.getRepository(OrderCommission).insert(rows);
    if (order.type !== 'vip') return order;
    // A membership needs no shipping: the server finishes it in the same transaction.
    return this.finish(manager, { id: order.id }, SYSTEM_ACTOR, now, 'vip membership');
  }

  /** The finish transition plus its money: credit what the order owes, grant a vip group. */
  async finish(
    manager: EntityManager,
    ref: OrderRef,
    actor: Actor,
    now: Date,
    note = '',
  ): Promise<Order> {
    const { order } = await this.transitions.transition(manager, ref, 'finish', actor, {
      note,
      now,
    });
    const credited = await updateReturning<{
      user_id: number;
      kind: CommissionKind;
      amount: string;
    }>(manager, OrderQueries.creditCommissions, [
      order.orderId,
      CommissionStatus.Credited,
      CommissionStatus.Pending,
    ]);
    for (const row of credited) {
      await this.wallet.credit(manager, row.user_id, Number(row.amount), {
        kind: LEDGER_KIND[row.kind],
        ref: order.orderId,
        orderId: order.orderId,
        countsAsReward: row.kind !== 'seller',
      });
    }
    if (order.type === 'vip' && order.vipGroupId > 0)
      await this.groups.grantMembership(manager, order.userId, order.vipGroupId, now);
    return order;
  }

  /** On an approved refund: nothing owed any more. */
  async cancelCommissions(manager: EntityManager, order: Order): Promise<void> {
    await manager
      .getRepository(OrderCommission)
      .update(
        { orderId: order.orderId, status: CommissionStatus.Pending },
        { status: CommissionStatus.Cancelled },
      );
  }
}
