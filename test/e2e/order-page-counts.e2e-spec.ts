import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { copyOrder, fundBalance, placeOrder, step } from '../factories/orders.factory.js';
import { OrderQueries } from '../../src/orders/order.queries.js';
import { OrderJobsService } from '../../src/orders/services/order-jobs.service.js';
import { StatementCounter } from '../support/statement-counter.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const LIST = '/system/api/plugin/order/list';
/** Copies of one order seeded in one statement: 4 blocks of 4,096 ids, all statuses. */
const SEEDED = 13_000;

/**
 * Deep `current` pages of the staff order list skip whole blocks of 4,096 ids by their counters
 * (order_page_counts, kept by triggers in the writing transaction). The page must be the one
 * OFFSET gives, and the counters must equal a recount of the orders after every kind of write:
 * a bulk insert, orders placed and moved through their statuses over HTTP racing from two
 * instances while both fold the counters' delta rows, and a delete.
 */
describe('deep pages by current, from per-block counters (e2e)', () => {
  let t: TestApp;
  let second: TestApp;
  let admin: TestAdmin;
  let counter: StatementCounter;

  beforeAll(async () => {
    t = await startTestApp();
    second = t.databaseUrl ? await startTestApp({}, { databaseUrl: t.databaseUrl }) : t;
    admin = await createAdmin(t);
    counter = new StatementCounter(t.dataSource);
    const goods = await createGoodsOnSale(t);
    const buyer = await registerCustomer(t.api);
    const order = await placeOrder(t.api, buyer, { goods_id: goods.id });
    await copyOrder(t, order.order_id, SEEDED, '(ARRAY[0, 1, 2, 3, -1, 8])[1 + g % 6]');
  });
  afterAll(async () => {
    counter.uninstall();
    if (second !== t) await second.close();
    await t.close();
  });

  /** Counters summed per block and status, next to a recount of the orders themselves. */
  async function countersAndRecount() {
    const [{ counters, recount }] = await t.dataSource.query(
      `SELECT
         (SELECT coalesce(json_agg(c ORDER BY c.block, c.status), '[]') FROM (
            SELECT block, status, sum(n)::int AS n FROM order_page_counts
             GROUP BY block, status HAVING sum(n) <> 0) c) AS counters,
         (SELECT coalesce(json_agg(r ORDER BY r.block, r.status), '[]') FROM (
            SELECT id >> 12 AS block, status, count(*)::int AS n FROM orders
             GROUP BY 1, 2) r) AS recount`,
    );
    return { counters, recount };
  }

  async function expectCountersExact() {
    const { counters, recount } = await countersAndRecount();
    expect(recount.length).toBeGreaterThan(0);
    expect(counters).toEqual(recount);
  }

  /** The list's page by `current`, and the page OFFSET gives for the same filter. */
  async function pageAndOffsetPage(current: number, pageSize: number, status?: number) {
    const { result, statements } = await counter.during(() =>
      t.api.get(LIST, {
        admin: admin.token,
        query: { current, pageSize, ...(status === undefined ? {} : { status }) },
      }),
    );
    expect(result.body.code).toBe(0);
    const offset = (current - 1) * pageSize;
    const expected = await t.dataSource.query(
      `SELECT id FROM orders ${status === undefined ? '' : 'WHERE status = $3'}
        ORDER BY id DESC LIMIT $1 OFFSET $2`,
      status === undefined ? [pageSize, offset] : [pageSize, offset, status],
    );
    return {
      ids: (result.body.data as { id: number }[]).map((row) => row.id),
      expected: expected.map((row: { id: number }) => row.id),
      usedCounters: statements.some((text) => text.includes('order_page_counts')),
    };
  }

  it('counts the orders a bulk insert wrote', async () => {
    await expectCountersExact();
  });

  it('answers every deep page with the rows OFFSET gives, on both sides of each block edge', async () => {
    const [{ total }] = await t.dataSource.query(`SELECT count(*)::int AS total FROM orders`);
    const cases: [number, number, number?][] = [
      [1, 20],
      [205, 20], // offset 4,080: below the counters' threshold, OFFSET
      [206, 20], // offset 4,100
      [410, 10],
      [411, 10], // offset 4,100 at another size
      [Math.floor(8192 / 7) + 1, 7], // a page that starts in one block and ends in the next
      [Math.ceil(total / 20), 20], // the last page, short
      [Math.ceil(total / 20) + 1, 20], // past the end: empty
      [300, 20, 1], // paid only
      [300, 10, -1], // cancelled only
      [400, 20, 9], // refunded: none of those, empty
    ];
    // Pages starting exactly at a block's first row (the rows above it fill whole blocks), and
    // one row before it, with and without a status filter.
    for (const edge of [8192, 12288])
      for (const status of [undefined, 1]) {
        const [{ above }] = await t.dataSource.query(
          `SELECT count(*)::int AS above FROM orders WHERE id >= $1 AND ($2::int IS NULL OR status = $2)`,
          [edge, status ?? null],
        );
        cases.push(
          [above + 1, 1, status],
          [above, 1, status],
          [Math.floor(above / 2) + 1, 2, status],
        );
      }
    for (const [current, pageSize, status] of cases) {
      const page = await pageAndOffsetPage(current, pageSize, status);
      expect({ current, pageSize, status, ids: page.ids }).toEqual({
        current,
        pageSize,
        status,
        ids: page.expected,
      });
      expect({ current, pageSize, usedCounters: page.usedCounters }).toEqual({
        current,
        pageSize,
        usedCounters: (current - 1) * pageSize >= 4096,
      });
    }
    // Other filters walk the index with OFFSET, as before.
    const { statements } = await counter.during(() =>
      t.api.get(LIST, { admin: admin.token, query: { current: 300, pageSize: 20, user_id: 1 } }),
    );
    expect(statements.some((text) => text.includes('order_page_counts'))).toBe(false);
  });

  it('keeps the counters exact while orders are placed and moved through statuses, racing from two instances', async () => {
    const goods = await createGoodsOnSale(t);
    const buyers = await Promise.all(Array.from({ length: 6 }, () => registerCustomer(t.api)));
    for (const buyer of buyers) await fundBalance(t.api, admin.token, buyer.id, 1_000_000);
    const apps = [t, second];
    let writing = true;
    // Both instances fold the delta rows again and again while the writes race.
    const folding = apps.map(async (app) => {
      let folds = 0;
      while (writing) {
        await app.dataSource.query(OrderQueries.compactPageCounts);
        folds++;
      }
      return folds;
    });
    await Promise.all(
      buyers.map(async (buyer, b) => {
        const actors = { api: apps[b % 2].api, buyer, adminToken: admin.token };
        for (let i = 0; i < 5; i++) {
          const order = await placeOrder(actors.api, buyer, { goods_id: goods.id });
          // Cancelled, paid, or paid and delivered: writes of different counters at once.
          const steps = [['cancel'], ['pay'], ['pay', 'deliver']][(b + i) % 3];
          for (const action of steps) {
            const res = await step(actors, action, order.order_id);
            expect({ action, code: res.body.code, msg: res.body.msg }).toEqual({
              action,
              code: 0,
              msg: expect.any(String),
            });
          }
        }
      }),
    ).finally(() => (writing = false));
    expect(Math.min(...(await Promise.all(folding)))).toBeGreaterThan(0);
    await expectCountersExact();
    const deep = await pageAndOffsetPage(250, 20);
    expect(deep.usedCounters).toBe(true);
    expect(deep.ids).toEqual(deep.expected);
  });

  it('folds the delta rows into one per block and status in the order jobs, counts unchanged', async () => {
    // Status changes in the oldest block: delta rows beside its folded ones.
    await t.dataSource.query(
      `UPDATE orders SET status = 3 WHERE id IN (SELECT id FROM orders WHERE status = 2 ORDER BY id LIMIT 5)`,
    );
    const before = await countersAndRecount();
    const [{ rows: deltaRows }] = await t.dataSource.query(
      `SELECT count(*)::int AS rows FROM order_page_counts`,
    );
    const run = await t.app.get(OrderJobsService).runOnce();
    expect(run.pageCountsFolded).toBeGreaterThan(0);
    const [{ rows, groups }] = await t.dataSource.query(
      `SELECT count(*)::int AS rows, count(DISTINCT (block, status))::int AS groups FROM order_page_counts`,
    );
    expect(rows).toBe(groups);
    expect(rows).toBeLessThan(deltaRows);
    expect(await countersAndRecount()).toEqual(before);
    expect((await t.app.get(OrderJobsService).runOnce()).pageCountsFolded).toBe(0);
  });

  it('takes a deleted order out of its block, and a rolled-back write leaves them as they were', async () => {
    const before = await countersAndRecount();
    await t.dataSource
      .transaction(async (manager) => {
        await manager.query(`UPDATE orders SET status = 3 WHERE status = 2 AND id % 97 = 0`);
        await manager.query(`DELETE FROM orders WHERE id IN (SELECT max(id) FROM orders)`);
        const [{ mismatched }] = await manager.query(
          `SELECT count(*)::int AS mismatched FROM (
           SELECT block, status, sum(n) AS n FROM order_page_counts GROUP BY 1, 2 HAVING sum(n) <> 0
           EXCEPT ALL SELECT id >> 12, status, count(*) FROM orders GROUP BY 1, 2) m`,
        );
        expect(mismatched).toBe(0);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await countersAndRecount()).toEqual(before);
    await t.dataSource.query(
      `DELETE FROM order_details WHERE order_id = (SELECT order_id FROM orders ORDER BY id DESC LIMIT 1)`,
    );
    await t.dataSource.query(`DELETE FROM orders WHERE id = (SELECT max(id) FROM orders)`);
    await expectCountersExact();
  });
});
