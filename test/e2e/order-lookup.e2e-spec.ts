import { DataSource, EntityManager } from 'typeorm';
import { createAdmin, registerCustomer, TestCustomer } from '../factories/accounts.factory.js';
import { createGoods } from '../factories/catalogue.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { holdingLock } from '../support/row-lock.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { AppError } from '../../src/common/errors/app-error.js';
import { orderFilterSql } from '../../src/orders/order-filter.js';
import { Actor, SYSTEM_ACTOR } from '../../src/common/state-machine/actor.js';
import { OrderLookup, OrderRef } from '../../src/orders/services/order.lookup.js';
import { SqlParams } from '../../src/common/database/sql-params.js';

/** What a failed lookup throws, reduced to what reaches the client. */
async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  const { reason, message, envelopeCode, details } = error as AppError;
  return { reason, message, envelopeCode, details };
}

/**
 * OrderLookup against the real database: the one rule of which orders an actor reaches (a
 * customer their own, staff and the system all; another buyer's order is "not found" exactly like
 * an unknown one), as a row lock, as raw SQL and as a list filter.
 */
describe('OrderLookup (e2e, real SQL)', () => {
  let t: TestApp;
  let lookup: OrderLookup;
  let dataSource: DataSource;
  let buyer: TestCustomer;
  let other: TestCustomer;
  let buyerAsActor: Actor;
  let otherAsActor: Actor;
  let staff: Actor;
  let mine: { id: number; order_id: string };
  let theirs: { id: number; order_id: string };

  beforeAll(async () => {
    t = await startTestApp();
    lookup = t.app.get(OrderLookup);
    dataSource = t.dataSource;
    const admin = await createAdmin(t);
    const goods = await createGoods(t.api, admin.token, { price: 1000, stock: 100 });
    buyer = await registerCustomer(t.api);
    other = await registerCustomer(t.api);
    buyerAsActor = { role: 'customer', id: buyer.id };
    otherAsActor = { role: 'customer', id: other.id };
    staff = { role: 'staff', id: admin.id };
    mine = await placeOrder(t.api, buyer, { goods_id: goods.id });
    theirs = await placeOrder(t.api, other, { goods_id: goods.id });
    await placeOrder(t.api, other, { goods_id: goods.id });
  });
  afterAll(async () => {
    await t.close();
  });

  const locked = (ref: OrderRef, actor: Actor) =>
    dataSource.transaction((manager) => lookup.lock(manager, ref, actor));

  it('locks the buyer’s own order by order number and by id', async () => {
    const byNumber = await locked({ orderId: mine.order_id }, buyerAsActor);
    expect(byNumber).toMatchObject({ id: mine.id, orderId: mine.order_id, userId: buyer.id });
    const byId = await locked({ id: mine.id }, buyerAsActor);
    expect(byId.orderId).toBe(mine.order_id);
  });

  it('answers another buyer’s order exactly like an unknown one (ORDER.NOT_FOUND)', async () => {
    const unknownNumber = await failure(locked({ orderId: '99999999999999' }, buyerAsActor));
    expect(unknownNumber.reason).toBe('ORDER.NOT_FOUND');
    expect(await failure(locked({ orderId: theirs.order_id }, buyerAsActor))).toEqual(
      unknownNumber,
    );
    expect(await failure(locked({ id: theirs.id }, buyerAsActor))).toEqual(
      await failure(locked({ id: 2_000_000_000 }, buyerAsActor)),
    );
    expect(await failure(locked({}, buyerAsActor))).toEqual(unknownNumber);
  });

  it('lets staff and the system reach every order', async () => {
    for (const actor of [staff, SYSTEM_ACTOR]) {
      expect((await locked({ orderId: theirs.order_id }, actor)).userId).toBe(other.id);
      expect((await locked({ id: mine.id }, actor)).userId).toBe(buyer.id);
    }
  });

  it('holds a FOR UPDATE lock until the transaction ends', async () => {
    const lockNoWait = () =>
      dataSource.transaction((manager: EntityManager) =>
        manager.query('SELECT id FROM orders WHERE id = $1 FOR UPDATE NOWAIT', [mine.id]),
      );
    await holdingLock(
      dataSource,
      (manager) => lookup.lock(manager, { orderId: mine.order_id }, buyerAsActor),
      async () => {
        await expect(lockNoWait()).rejects.toMatchObject({ driverError: { code: '55P03' } });
      },
      async () => {
        // Released: the same statement now takes the lock at once.
        await expect(lockNoWait()).resolves.toHaveLength(1);
      },
    );
  });

  it('gives raw SQL the same rule (whereVisible)', async () => {
    const visible = async (ref: OrderRef, actor: Actor) => {
      const params = new SqlParams();
      const where = lookup.whereVisible(ref, actor, params);
      const rows = await dataSource.query<{ order_id: string }[]>(
        `SELECT o.order_id FROM orders o WHERE ${where}`,
        params.values,
      );
      return rows.map((row) => row.order_id);
    };
    expect(await visible({ orderId: mine.order_id }, buyerAsActor)).toEqual([mine.order_id]);
    expect(await visible({ id: mine.id }, buyerAsActor)).toEqual([mine.order_id]);
    expect(await visible({ orderId: theirs.order_id }, buyerAsActor)).toEqual([]);
    expect(await visible({ id: theirs.id }, buyerAsActor)).toEqual([]);
    expect(await visible({ orderId: theirs.order_id }, staff)).toEqual([theirs.order_id]);
    expect(await visible({ id: mine.id }, SYSTEM_ACTOR)).toEqual([mine.order_id]);
  });

  it('whereVisible composes: under another alias, after values already in params', async () => {
    // A statement with a condition of its own before the lookup's ($1), on orders aliased x.
    const visibleAmong = async (ref: OrderRef, actor: Actor, statuses: number[]) => {
      const params = new SqlParams();
      const own = params.add(statuses, 'int[]');
      const where = lookup.whereVisible(ref, actor, params, 'x');
      const rows = await dataSource.query<{ order_id: string }[]>(
        `SELECT x.order_id FROM orders x JOIN orders o ON o.id <> x.id
          WHERE x.status = ANY(${own}) AND ${where} GROUP BY x.order_id`,
        params.values,
      );
      return { rows: rows.map((row) => row.order_id), params: params.values };
    };
    const [{ status }] = await dataSource.query<{ status: number }[]>(
      'SELECT status FROM orders WHERE id = $1',
      [mine.id],
    );
    // The statement's own value stays first and keeps its meaning.
    expect((await visibleAmong({ orderId: mine.order_id }, buyerAsActor, [status])).rows).toEqual([
      mine.order_id,
    ]);
    expect((await visibleAmong({ id: mine.id }, buyerAsActor, [status + 100])).rows).toEqual([]);
    // The buyer rule holds on the alias (the joined `o` rows belong to everyone).
    expect((await visibleAmong({ id: theirs.id }, buyerAsActor, [status])).rows).toEqual([]);
    expect((await visibleAmong({ orderId: theirs.order_id }, otherAsActor, [status])).rows).toEqual(
      [theirs.order_id],
    );
    expect((await visibleAmong({ id: theirs.id }, staff, [status])).rows).toEqual([
      theirs.order_id,
    ]);
  });

  it('keeps a list to the customer’s own orders and leaves staff every order (listScope)', async () => {
    const count = async (actor: Actor) => {
      const params = new SqlParams();
      const where = orderFilterSql(lookup.listScope(actor), params);
      const [row] = await dataSource.query<{ n: number; buyers: number[] }[]>(
        `SELECT count(*)::int AS n, array_agg(DISTINCT o.user_id) AS buyers FROM orders o WHERE ${where}`,
        params.values,
      );
      return row;
    };
    expect(await count(buyerAsActor)).toEqual({ n: 1, buyers: [buyer.id] });
    expect(await count(otherAsActor)).toEqual({ n: 2, buyers: [other.id] });
    const all = await count(staff);
    expect(all.n).toBe(3);
    expect(all.buyers.sort((a, b) => a - b)).toEqual([buyer.id, other.id].sort((a, b) => a - b));
    expect(await count(SYSTEM_ACTOR)).toEqual(all);
  });
});
