import { Injectable } from '@nestjs/common';
import { EntityManager, WhereExpressionBuilder } from 'typeorm';
import { deferredCheckOf } from '../../common/auth/deferred-account.js';
import type { SqlParams } from '../../common/database/sql-params.js';
import type { CommActor } from '../comm-actor.js';
import { CommErrors } from '../communication.errors.js';
import { CommOrder } from '../entities/comm-order.entity.js';

/**
 * The one place that decides which requests an actor may see: a customer only their own, staff
 * every one. Someone else's id answers COMM.NOT_FOUND exactly like an unknown id, so a customer
 * cannot learn which ids exist. Every read, lock or list of requests for an actor goes through
 * here: whole lookups (lockVisible, findVisible), or the same rule as a condition for statements
 * a service builds itself (whereVisible, listWhere, restrict, ownerWhere).
 */
@Injectable()
export class CommOrderLookup {
  /**
   * Loads and locks (FOR UPDATE) a request the actor may see, until the transaction ends.
   * With `noWait`, a row locked by another transaction fails at once (PostgreSQL 55P03) instead
   * of waiting: see CommAcceptService for why.
   */
  async lockVisible(
    manager: EntityManager,
    id: number,
    actor: CommActor,
    options: { noWait?: boolean } = {},
  ): Promise<CommOrder> {
    const query = manager
      .getRepository(CommOrder)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id });
    if (options.noWait) query.setOnLocked('nowait');
    this.restrict(query, actor, 'o');
    const order = await query.getOne();
    if (!order) throw CommErrors.notFound();
    return order;
  }

  /** Reads (no lock) a request the actor may see. */
  async findVisible(manager: EntityManager, id: number, actor: CommActor): Promise<CommOrder> {
    const order = await manager
      .getRepository(CommOrder)
      .findOneBy({ id, ...this.ownerWhere(actor) });
    if (!order) throw CommErrors.notFound();
    return order;
  }

  /**
   * The raw-SQL condition naming one request the actor may see (on `comm_orders` aliased
   * `alias`); its values are added to `params`.
   */
  whereVisible(id: number, actor: CommActor, params: SqlParams, alias = 'o'): string {
    return [`${alias}.id = ${params.add(id)}`, ...this.listWhere(actor, params, alias)].join(
      ' AND ',
    );
  }

  /** The raw-SQL conditions that keep a list to the requests the actor may see (none for staff). */
  listWhere(actor: CommActor, params: SqlParams, alias = 'o'): string[] {
    const owner = this.ownerOf(actor);
    if (owner === undefined) return [];
    const where = [`${alias}.user_id = ${params.add(owner)}`];
    // On @AccountCheckedByRead() routes the customer's account check rides along.
    const account = deferredCheckOf(actor);
    if (account) where.push(account.condition(params));
    return where;
  }

  /**
   * Adds the rule to a query builder (a select, or an UPDATE whose WHERE names the row);
   * without `alias` the column is unqualified, as an UPDATE needs.
   */
  restrict<Q extends WhereExpressionBuilder>(query: Q, actor: CommActor, alias?: string): Q {
    const owner = this.ownerOf(actor);
    if (owner !== undefined)
      query.andWhere(`${alias ? `${alias}.` : ''}user_id = :userId`, { userId: owner });
    return query;
  }

  /** The rule as TypeORM find conditions, to spread into a `where`. */
  ownerWhere(actor: CommActor): { userId?: number } {
    const owner = this.ownerOf(actor);
    return owner !== undefined ? { userId: owner } : {};
  }

  /** The only reading of the actor's role: the customer a lookup is kept to; none for staff. */
  private ownerOf(actor: CommActor): number | undefined {
    return actor.role === 'customer' ? actor.id : undefined;
  }
}
