import { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';
import { createAdmin, registerCustomer } from '../factories/accounts.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { createCommOrder, staffReply } from '../factories/communication.factory.js';
import { placeOrder } from '../factories/orders.factory.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { JsonRows } from '../../src/common/database/json-rows.js';

/** The entity as the driver hydrates it, column by column (what JsonRows did before its fast path). */
function byDriver(dataSource: DataSource, metadata: EntityMetadata, row: Record<string, unknown>) {
  const entity = metadata.create() as ObjectLiteral;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) continue;
    column.setEntityValue(
      entity,
      dataSource.driver.prepareHydratedValue(row[column.databaseName], column),
    );
  }
  return entity;
}

/**
 * JsonRows hydrates the JSON PostgreSQL builds (`to_jsonb(row)`) exactly as the driver would: the
 * same class, the same values of the same types (Dates, numbers from bigint transformers, parsed
 * JSON, NULLs), for every entity with rows after a customer ordered and talked to staff.
 */
describe('JsonRows (e2e, real rows)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createAdmin(t);
    const customer = await registerCustomer(t.api);
    const goods = await createGoodsOnSale(t);
    await placeOrder(t.api, customer, { goods_id: goods.id, quantity: 2 });
    const comm = await createCommOrder(t.api, customer, goods.id);
    await staffReply(t.api, admin, comm.id);
  });
  afterAll(() => t.close());

  it('gives the same entity as the driver for every stored row of every entity', async () => {
    let compared = 0;
    for (const metadata of t.dataSource.entityMetadatas) {
      if (metadata.tableType !== 'regular') continue;
      const rows: { row: Record<string, unknown> }[] = await t.dataSource.query(
        `SELECT to_jsonb(r) AS row FROM "${metadata.tableName}" r ORDER BY 1 LIMIT 5`,
      );
      const jsonRows = new JsonRows(t.dataSource, metadata.target);
      for (const { row } of rows) {
        const entity = jsonRows.entity(row);
        const expected = byDriver(t.dataSource, metadata, row);
        expect(Object.getPrototypeOf(entity)).toBe(Object.getPrototypeOf(expected));
        expect({ table: metadata.tableName, entity }).toStrictEqual({
          table: metadata.tableName,
          entity: expected,
        });
        compared++;
      }
    }
    // Orders, lines, history, requests, messages, users, products and more had rows.
    expect(compared).toBeGreaterThan(10);
  });
});
