import { ENTITIES } from '../../src/entities.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * The schema only changes through migrations/, and the entities must describe exactly what the
 * migrations built: TypeORM's schema builder, asked what it would change, must find nothing.
 */
describe('migrations and entities agree (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('leaves no difference between the migrated schema and the entities', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query: { query: string }) => query.query)).toEqual([]);
  });

  it('registers in the app (each module its own) exactly the entities the TypeORM CLI knows', () => {
    const names = (targets: unknown[]) =>
      targets.map((target) => (target as { name: string }).name).sort();
    expect(names(t.dataSource.entityMetadatas.map((metadata) => metadata.target))).toEqual(
      names(ENTITIES),
    );
  });

  it('has run every migration', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  it('can revert every migration and apply them again', async () => {
    const count = t.dataSource.migrations.length;
    for (let i = 0; i < count; i++) await t.dataSource.undoLastMigration({ transaction: 'each' });
    const [{ tables }] = await t.dataSource.query(
      `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(tables).toBe(0);
    await t.dataSource.runMigrations({ transaction: 'each' });
    expect(await t.dataSource.showMigrations()).toBe(false);
  });
});
