import { createAdmin, registerCustomer, TestAdmin } from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { SentQuery, StatementCounter } from '../support/statement-counter.js';
import { startTestApp, TestApp } from '../support/test-app.js';

interface PlanNode {
  'Node Type': string;
  'Subplan Name'?: string;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

const ROWS = 24;
const PAGE_SIZE = 3;
const DEEP_PAGE = 6; // skips 15 rows

/**
 * A deep page by `current` (how the AnqiCMS staff panel pages) builds the JSON of its own rows
 * only: the skipped rows cost an index entry each, not their lines, buyer and product subqueries.
 * Checked on PostgreSQL's own plan of the statement the list sent (EXPLAIN ANALYZE), which counts
 * how many times each subquery ran.
 */
describe('deep pages by current (e2e)', () => {
  let t: TestApp;
  let admin: TestAdmin;
  let counter: StatementCounter;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    counter = new StatementCounter(t.dataSource);
    const goods = await createGoodsOnSale(t);
    for (let c = 0; c < ROWS / 8; c++) {
      const buyer = await registerCustomer(t.api);
      for (let i = 0; i < 8; i++) {
        await placeOrder(t.api, buyer, { goods_id: goods.id });
        await createCommOrder(t.api, buyer, goods.id);
      }
    }
  });
  afterAll(async () => {
    counter.uninstall();
    await t.close();
  });

  /** The most times any subquery of the list's statement ran, and the page it answered. */
  async function deepestSubplan(path: string, current: number) {
    const { result, queries } = await counter.during(() =>
      t.api.get(path, { admin: admin.token, query: { current, pageSize: PAGE_SIZE } }),
    );
    expect(result.body.code).toBe(0);
    const list = queries.filter((q: SentQuery) => /LEFT JOIN LATERAL/.test(q.text));
    expect(list).toHaveLength(1);
    const [{ 'QUERY PLAN': plans }] = await t.dataSource.query<
      { 'QUERY PLAN': [{ Plan: PlanNode }] }[]
    >(`EXPLAIN (ANALYZE, FORMAT JSON) ${list[0].text}`, list[0].values);
    let most = 0;
    const walk = (node: PlanNode) => {
      if (node['Subplan Name']) most = Math.max(most, node['Actual Loops']);
      node.Plans?.forEach(walk);
    };
    walk(plans[0].Plan);
    return {
      most,
      ids: (result.body.data as { id: number }[]).map((row) => row.id),
      total: result.body.total,
    };
  }

  for (const path of ['/system/api/plugin/order/list', '/system/api/communication/order/list'])
    it(`${path}: page ${DEEP_PAGE} runs each subquery for its ${PAGE_SIZE} rows only`, async () => {
      const first = await deepestSubplan(path, 1);
      const deep = await deepestSubplan(path, DEEP_PAGE);
      expect(first.total).toBeGreaterThanOrEqual(ROWS);
      expect(deep.total).toBe(first.total);
      expect(deep.ids).toHaveLength(PAGE_SIZE);
      expect(first.most).toBeGreaterThan(0);
      // Without the deferred join the subqueries ran for the 15 skipped rows too (18 loops).
      expect(deep.most).toBeLessThanOrEqual(PAGE_SIZE);
      // The same rows as the pages before lead to, in order.
      const walked: number[] = [];
      for (let page = 1; page <= DEEP_PAGE; page++)
        walked.push(...(await deepestSubplan(path, page)).ids);
      expect(walked.slice(-PAGE_SIZE)).toEqual(deep.ids);
      expect(new Set(walked).size).toBe(walked.length);
    });
});
