import { Logger as TypeOrmLogger } from 'typeorm';
import { HUB_STATEMENT } from '../../src/events/event-log.queries.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { createGoodsOnSale, TestGoods } from '../factories/catalogue.factory.js';
import { ApiResponse } from '../support/api-client.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const LATEST = 20;

/**
 * A thread's length must not change what a list costs: same number of SQL statements, same
 * bounded payload. Statements are counted at TypeORM's logger hook, which every query passes.
 */
describe('communication lists at scale (e2e)', () => {
  let t: TestApp;
  let staff: TestAdmin;
  let goods: TestGoods;

  beforeAll(async () => {
    t = await startTestApp();
    staff = await createAdmin(t);
    goods = await createGoodsOnSale(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function countQueries(run: () => Promise<ApiResponse>) {
    const logger: TypeOrmLogger = t.dataSource.logger;
    const original = logger.logQuery.bind(logger);
    const statements: string[] = [];
    logger.logQuery = (query, parameters, queryRunner) => {
      // The event hub's background reads (after any commit, or its poll) are no request's.
      if (!query.trimStart().startsWith(HUB_STATEMENT)) statements.push(query);
      return original(query, parameters, queryRunner);
    };
    try {
      const res = await run();
      return { res, statements };
    } finally {
      logger.logQuery = original;
    }
  }

  /** Test data set-up: n messages in one statement, with the thread counters to match. */
  async function fillThread(commOrderId: number, n: number) {
    await t.dataSource.query(
      `INSERT INTO comm_messages (comm_order_id, sender_id, sender_type, sender_name, message_type, content)
       SELECT $1, 0, CASE WHEN i % 2 = 0 THEN 'user' ELSE 'admin' END, 'bulk', 'text', 'message ' || i
         FROM generate_series(1, $2) AS i`,
      [commOrderId, n],
    );
    await t.dataSource.query(
      `UPDATE comm_orders o SET message_count = m.n, last_message_id = m.last,
              customer_unread_count = m.n / 2
         FROM (SELECT count(*)::int AS n, max(id) AS last FROM comm_messages WHERE comm_order_id = $1) m
        WHERE o.id = $1`,
      [commOrderId],
    );
  }

  async function customerWithThreads(threadLengths: number[]): Promise<TestCustomer> {
    const customer = await registerCustomer(t.api);
    for (const length of threadLengths) {
      const order = await createCommOrder(t.api, customer, goods.id);
      if (length > 0) await fillThread(order.id, length);
    }
    return customer;
  }

  it('lists a 10,000-message thread with the same statements and a bounded payload as a 1-message one', async () => {
    const small = await customerWithThreads([1]);
    const large = await customerWithThreads([10_000]);

    const list = (customer: TestCustomer) => () =>
      t.api.get('/api/communication/orders', { token: customer.token });
    const a = await countQueries(list(small));
    const b = await countQueries(list(large));

    expect(a.res.body.code).toBe(0);
    expect(b.res.body.code).toBe(0);
    expect(b.statements.length).toBe(a.statements.length);
    // One statement: the account check, count, page, latest messages, users, goods.
    expect(b.statements.length).toBe(1);

    const [item] = b.res.body.data;
    expect(item.message_count).toBe(10_000);
    expect(item.unread_count).toBe(5_000);
    expect(item.messages).toHaveLength(LATEST);
    // The latest messages, oldest first.
    expect(item.messages.map((m: any) => m.content)).toEqual(
      Array.from({ length: LATEST }, (_, i) => `message ${10_000 - LATEST + 1 + i}`),
    );
    expect(b.res.text.length).toBeLessThan(a.res.text.length + LATEST * 300);
  });

  it('uses the same statements whatever the page size (no N+1)', async () => {
    const one = await customerWithThreads([3]);
    const many = await customerWithThreads([3, 30, 0, 5, 100, 1, 2, 50, 7, 9, 11, 13]);
    const list = (customer: TestCustomer, pageSize: number) => () =>
      t.api.get('/api/communication/orders', {
        token: customer.token,
        query: { page_size: pageSize },
      });
    const a = await countQueries(list(one, 1));
    const b = await countQueries(list(many, 12));
    expect(b.res.body.data).toHaveLength(12);
    expect(b.statements.length).toBe(a.statements.length);
    for (const item of b.res.body.data) {
      expect(item.messages.length).toBe(Math.min(item.message_count, LATEST));
    }

    const staffList = (pageSize: number) => () =>
      t.api.get('/system/api/communication/order/list', {
        admin: staff.token,
        query: { page_size: pageSize },
      });
    const c = await countQueries(staffList(1));
    const d = await countQueries(staffList(50));
    expect(d.res.body.data.length).toBeGreaterThan(10);
    expect(d.statements.length).toBe(c.statements.length);
  });

  it('pages a 10,000-message thread with before_id in bounded statements', async () => {
    const customer = await customerWithThreads([10_000]);
    const [order] = (await t.api.get('/api/communication/orders', { token: customer.token })).body
      .data;
    const first = await countQueries(() =>
      t.api.get('/api/communication/messages', {
        token: customer.token,
        query: { comm_order_id: order.id, page_size: 50 },
      }),
    );
    expect(first.res.body.total).toBe(10_000);
    expect(first.res.body.data).toHaveLength(50);
    const oldest = first.res.body.data[0].id;
    const back = await countQueries(() =>
      t.api.get('/api/communication/messages', {
        token: customer.token,
        query: { comm_order_id: order.id, page_size: 50, before_id: oldest },
      }),
    );
    expect(back.res.body.data).toHaveLength(50);
    expect(back.res.body.data.at(-1).id).toBeLessThan(oldest);
    expect(back.statements.length).toBe(first.statements.length);
  });
});
