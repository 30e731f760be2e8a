import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Order } from '../entities/order.entity.js';
import type { OrderFilter } from '../order-filter.js';
import type { SqlParams } from '../../common/database/sql-params.js';
import { deferredCheckOf } from '../../common/auth/deferred-account.js';
import type { Actor } from '../../common/state-machine/actor.js';
import { OrderErrors } from '../orders.errors.js';

/** How a use case names one order: by its row id or by its order number. */
export interface OrderRef {
  id?: number;
  orderId?: string;
}

/**
 * The one place that decides which orders an actor may reach: a customer only their own (as
 * buyer), staff and the system every order. Someone else's order answers ORDER.NOT_FOUND,
 * exactly like an unknown one, so a customer cannot learn which order numbers exist. Every read
 * or lock of an order on behalf of an actor goes through here.
 */
@Injectable()
export class OrderLookup {
  /** SELECT ... FOR UPDATE of one order the actor may reach, held until the transaction ends. */
  async lock(manager: EntityManager, ref: OrderRef, actor: Actor): Promise<Order> {
    const query = manager.getRepository(Order).createQueryBuilder('o').setLock('pessimistic_write');
    if (ref.id !== undefined) query.where('o.id = :id', { id: ref.id });
    else if (ref.orderId !== undefined)
      query.where('o.order_id = :orderId', { orderId: ref.orderId });
    else throw OrderErrors.notFound();
    const buyerId = this.buyerScope(actor);
    if (buyerId !== undefined) query.andWhere('o.user_id = :buyerId', { buyerId });
    const order = await query.getOne();
    if (!order) throw OrderErrors.notFound();
    return order;
  }

  /**
   * The raw-SQL condition naming one order the actor may reach (on `orders` aliased `alias`);
   * its values are added to `params`. For reads that build their own statement.
   */
  whereVisible(ref: OrderRef, actor: Actor, params: SqlParams, alias = 'o'): string {
    let where = `${alias}.${ref.id !== undefined ? 'id' : 'order_id'} = ${params.add(ref.id ?? ref.orderId)}`;
    const buyerId = this.buyerScope(actor);
    if (buyerId !== undefined) where += ` AND ${alias}.user_id = ${params.add(buyerId)}`;
    // On @AccountCheckedByRead() routes the customer's account check rides along.
    const account = deferredCheckOf(actor);
    if (account) where += ` AND ${account.condition(params)}`;
    return where;
  }

  /** The part of a list filter that keeps an actor to the orders they may see. */
  listScope(actor: Actor): Pick<OrderFilter, 'buyerId'> {
    const buyerId = this.buyerScope(actor);
    return buyerId !== undefined ? { buyerId } : {};
  }

  /** The only reading of the actor's role: the buyer a customer is kept to; none for the rest. */
  private buyerScope(actor: Actor): number | undefined {
    return actor.role === 'customer' ? actor.id : undefined;
  }
}
