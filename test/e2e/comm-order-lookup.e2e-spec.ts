import { DataSource } from 'typeorm';
import { createAdmin, registerCustomer, TestCustomer } from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { holdingLock } from '../support/row-lock.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { AppError } from '../../src/common/errors/app-error.js';
import type { CommActor } from '../../src/communication/comm-actor.js';
import { CommOrder } from '../../src/communication/entities/comm-order.entity.js';
import { CommOrderLookup } from '../../src/communication/services/comm-order.lookup.js';
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

const UNKNOWN_ID = 2_000_000_000;

/**
 * CommOrderLookup against the real database: the one rule of which requests an actor sees (a
 * customer their own, staff every one; someone else's id is "not found" exactly like an unknown
 * one), as a row lock (with and without NOWAIT), a plain read, raw SQL, a list condition, a query
 * builder condition and find conditions.
 */
describe('CommOrderLookup (e2e, real SQL)', () => {
  let t: TestApp;
  let lookup: CommOrderLookup;
  let dataSource: DataSource;
  let customer: TestCustomer;
  let other: TestCustomer;
  let me: CommActor;
  let them: CommActor;
  let staff: CommActor;
  let mine: number;
  let theirs: number;

  beforeAll(async () => {
    t = await startTestApp();
    lookup = t.app.get(CommOrderLookup);
    dataSource = t.dataSource;
    const admin = await createAdmin(t);
    const goods = await createGoodsOnSale(t);
    customer = await registerCustomer(t.api);
    other = await registerCustomer(t.api);
    me = { role: 'customer', id: customer.id, name: customer.userName };
    them = { role: 'customer', id: other.id, name: other.userName };
    staff = { role: 'staff', id: admin.id, name: admin.userName };
    mine = (await createCommOrder(t.api, customer, goods.id)).id;
    theirs = (await createCommOrder(t.api, other, goods.id)).id;
    await createCommOrder(t.api, other, goods.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const locked = (id: number, actor: CommActor, noWait = false) =>
    dataSource.transaction((manager) => lookup.lockVisible(manager, id, actor, { noWait }));
  const found = (id: number, actor: CommActor) => lookup.findVisible(dataSource.manager, id, actor);

  it('locks and reads the customer’s own request', async () => {
    expect(await locked(mine, me)).toMatchObject({ id: mine, userId: customer.id });
    expect(await locked(mine, me, true)).toMatchObject({ id: mine, userId: customer.id });
    expect(await found(mine, me)).toMatchObject({ id: mine, userId: customer.id });
  });

  it('answers someone else’s request exactly like an unknown id (COMM.NOT_FOUND)', async () => {
    const unknown = await failure(locked(UNKNOWN_ID, me));
    expect(unknown.reason).toBe('COMM.NOT_FOUND');
    expect(await failure(locked(theirs, me))).toEqual(unknown);
    expect(await failure(locked(theirs, me, true))).toEqual(unknown);
    expect(await failure(found(theirs, me))).toEqual(await failure(found(UNKNOWN_ID, me)));
    expect(await failure(found(theirs, me))).toEqual(unknown);
  });

  it('lets staff see every request', async () => {
    expect((await locked(theirs, staff)).userId).toBe(other.id);
    expect((await locked(mine, staff, true)).userId).toBe(customer.id);
    expect((await found(theirs, staff)).userId).toBe(other.id);
  });

  it('holds FOR UPDATE until the transaction ends; NOWAIT fails at once on a held row', async () => {
    await holdingLock(
      dataSource,
      (manager) => lookup.lockVisible(manager, mine, me),
      async () => {
        // A second transaction through the lookup itself: NOWAIT refuses with 55P03.
        await expect(locked(mine, staff, true)).rejects.toMatchObject({
          driverError: { code: '55P03' },
        });
        // A plain read is not blocked by the row lock.
        expect((await found(mine, staff)).id).toBe(mine);
      },
      async () => {
        expect((await locked(mine, staff, true)).id).toBe(mine);
      },
    );
  });

  it('gives raw SQL the same rule (whereVisible, listWhere)', async () => {
    const visible = async (id: number, actor: CommActor) => {
      const params = new SqlParams();
      const where = lookup.whereVisible(id, actor, params);
      const rows = await dataSource.query<{ id: number }[]>(
        `SELECT o.id FROM comm_orders o WHERE ${where}`,
        params.values,
      );
      return rows.map((row) => row.id);
    };
    expect(await visible(mine, me)).toEqual([mine]);
    expect(await visible(theirs, me)).toEqual([]);
    expect(await visible(theirs, staff)).toEqual([theirs]);

    const listed = async (actor: CommActor) => {
      const params = new SqlParams();
      const where = lookup.listWhere(actor, params);
      const rows = await dataSource.query<{ id: number; user_id: number }[]>(
        `SELECT o.id, o.user_id FROM comm_orders o WHERE ${where.length ? where.join(' AND ') : 'TRUE'} ORDER BY o.id`,
        params.values,
      );
      return rows;
    };
    expect(await listed(me)).toEqual([{ id: mine, user_id: customer.id }]);
    const theirList = await listed(them);
    expect(theirList).toHaveLength(2);
    expect(theirList.every((row) => row.user_id === other.id)).toBe(true);
    expect(await listed(staff)).toHaveLength(3);
  });

  it('gives query builders and find conditions the same rule (restrict, ownerWhere)', async () => {
    const selected = (id: number, actor: CommActor) =>
      lookup
        .restrict(
          dataSource.getRepository(CommOrder).createQueryBuilder('o').where('o.id = :id', { id }),
          actor,
          'o',
        )
        .getCount();
    expect(await selected(mine, me)).toBe(1);
    expect(await selected(theirs, me)).toBe(0);
    expect(await selected(theirs, staff)).toBe(1);

    // Unqualified column, as an UPDATE needs: someone else's row is not touched.
    const touched = async (id: number, actor: CommActor) => {
      const query = dataSource
        .createQueryBuilder()
        .update(CommOrder)
        .set({ customerUnreadCount: 0 })
        .where('id = :id', { id });
      return (await lookup.restrict(query, actor).execute()).affected;
    };
    expect(await touched(theirs, me)).toBe(0);
    expect(await touched(mine, me)).toBe(1);
    expect(await touched(theirs, staff)).toBe(1);

    const repository = dataSource.getRepository(CommOrder);
    const ids = async (actor: CommActor) =>
      (await repository.find({ where: lookup.ownerWhere(actor), order: { id: 'ASC' } })).map(
        (order) => order.id,
      );
    expect(await ids(me)).toEqual([mine]);
    expect(await ids(them)).toHaveLength(2);
    expect(await ids(them)).toContain(theirs);
    expect(await ids(staff)).toHaveLength(3);
  });
});
