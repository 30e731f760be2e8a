import { DataSource, QueryRunner } from 'typeorm';
import { dataSourceOptions } from '../../src/common/database/data-source-options.js';
import { createTestDatabase } from '../support/database.js';
import { startTestApp, TestApp } from '../support/test-app.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';

const ON_POSTGRES = process.env.TEST_DB_MODE !== 'pglite';
const describeOnPostgres = ON_POSTGRES ? describe : describe.skip;

interface Held {
  name: string;
  statement: string;
  generic_plans: number;
  custom_plans: number;
}

/** The statements this connection holds prepared (pg_prepared_statements is per session). */
async function held(runner: QueryRunner): Promise<Held[]> {
  return runner.query(
    `SELECT name, statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements
      WHERE NOT from_sql ORDER BY prepare_time`,
  );
}

/**
 * Parameterized statements run prepared on PostgreSQL (src/common/database/prepared-statements.ts):
 * parsed once per connection, plans reused, bounded per connection, and never at the price of an
 * error that would not have happened unnamed.
 */
describeOnPostgres('prepared statements (PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  const sources: DataSource[] = [];

  /** A pool of its own on the test database, as the app builds it. */
  async function pool(prepared: number): Promise<DataSource> {
    const source = new DataSource(
      dataSourceOptions(
        { entities: [], migrations: [] },
        { url: database.url },
        2,
        5000,
        [],
        prepared,
      ),
    );
    await source.initialize();
    sources.push(source);
    return source;
  }

  async function pinned(prepared: number): Promise<QueryRunner> {
    const runner = (await pool(prepared)).createQueryRunner();
    await runner.connect();
    return runner;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = new DataSource(
      dataSourceOptions({ entities: [], migrations: [] }, { url: database.url }, 2),
    );
    await setup.initialize();
    await setup.query('CREATE TABLE probe (id int PRIMARY KEY, label text NOT NULL)');
    await setup.query(`INSERT INTO probe VALUES (1, 'one'), (2, 'two')`);
    await setup.destroy();
  });
  afterAll(async () => {
    for (const source of sources) await source.destroy();
    await database.drop();
  });

  it('prepares a parameterized statement once per connection and reuses its plan', async () => {
    const runner = await pinned(500);
    const text = 'SELECT label FROM probe WHERE id = $1';
    for (let i = 0; i < 8; i++) {
      expect(await runner.query(text, [1 + (i % 2)])).toEqual([{ label: i % 2 ? 'two' : 'one' }]);
    }
    const statements = (await held(runner)).filter((s) => s.statement === text);
    expect(statements).toHaveLength(1);
    expect(statements[0].name).toMatch(/^s_[\w-]{20}$/);
    // Eight runs of one parsed statement; after five custom plans PostgreSQL settles on one plan.
    expect(statements[0].generic_plans + statements[0].custom_plans).toBe(8);
    expect(statements[0].generic_plans).toBeGreaterThan(0);
  });

  it('leaves unparameterized and whole-row statements unnamed', async () => {
    const runner = await pinned(500);
    await runner.query('SELECT label FROM probe WHERE id = 1');
    await runner.query('SELECT label FROM probe WHERE id = 2', []);
    await runner.query('SELECT * FROM probe WHERE id = $1', [1]);
    await runner.query('UPDATE probe SET label = label WHERE id = $1 RETURNING *', [1]);
    await runner.query('UPDATE probe SET label = label WHERE id = $1 RETURNING p.*', [1]).catch(
      () => undefined, // no alias p: an error, and still nothing prepared
    );
    expect(await held(runner)).toEqual([]);
  });

  it('keeps at most DATABASE_PREPARED_STATEMENTS per connection; later ones run unnamed', async () => {
    const runner = await pinned(3);
    for (let i = 0; i < 6; i++) {
      expect(await runner.query(`SELECT $1::int + ${i} AS n`, [10])).toEqual([{ n: 10 + i }]);
    }
    // The held ones stay in use; the rest still answer.
    expect(await runner.query('SELECT $1::int + 0 AS n', [1])).toEqual([{ n: 1 }]);
    expect((await held(runner)).map((s) => s.statement)).toEqual([
      'SELECT $1::int + 0 AS n',
      'SELECT $1::int + 1 AS n',
      'SELECT $1::int + 2 AS n',
    ]);
  });

  it('prepares nothing with DATABASE_PREPARED_STATEMENTS=0', async () => {
    const runner = await pinned(0);
    await runner.query('SELECT label FROM probe WHERE id = $1', [1]);
    expect(await held(runner)).toEqual([]);
  });

  it('a failed run, a failed parse and a rolled-back transaction leave the connection usable', async () => {
    const runner = await pinned(500);
    const insert = 'INSERT INTO probe (id, label) VALUES ($1, $2)';
    await expect(runner.query(insert, [1, 'duplicate'])).rejects.toMatchObject({ code: '23505' });
    await runner.query(insert, [3, 'three']); // the statement parsed before the violation
    await expect(runner.query('SELEKT label FROM probe WHERE id = $1', [1])).rejects.toMatchObject({
      code: '42601',
    });
    await runner.startTransaction();
    await runner.query(insert, [4, 'four']);
    await runner.query('SELECT label FROM probe WHERE id = $1 FOR UPDATE', [4]);
    await runner.rollbackTransaction();
    // Prepared inside a rolled-back transaction: PostgreSQL keeps the statement, so does pg.
    expect(await runner.query('SELECT label FROM probe WHERE id = $1 FOR UPDATE', [3])).toEqual([
      { label: 'three' },
    ]);
    expect(
      await runner.query('SELECT count(*)::int AS n FROM probe WHERE id = ANY($1)', [[3, 4]]),
    ).toEqual([{ n: 1 }]);
    expect((await held(runner)).map((s) => s.statement)).toEqual([
      insert,
      'SELECT label FROM probe WHERE id = $1 FOR UPDATE',
      'SELECT count(*)::int AS n FROM probe WHERE id = ANY($1)',
    ]);
  });

  it('a result whose columns changed under it (a migration elsewhere) fails once, then runs unnamed', async () => {
    const runner = await pinned(500);
    const other = await pinned(500);
    // `p.*` over a table: not caught by the text check, so it is prepared.
    const text = 'SELECT p.* FROM probe p WHERE p.id = $1';
    expect(await runner.query(text, [1])).toEqual([{ id: 1, label: 'one' }]);
    expect(await other.query(text, [1])).toEqual([{ id: 1, label: 'one' }]);
    await runner.query('ALTER TABLE probe ADD COLUMN note text');
    try {
      await expect(runner.query(text, [1])).rejects.toMatchObject({
        code: '0A000',
        message: 'cached plan must not change result type',
      });
      // From then on the text runs unnamed, on this connection and on the others alike.
      expect(await runner.query(text, [1])).toEqual([{ id: 1, label: 'one', note: null }]);
      expect(await other.query(text, [1])).toEqual([{ id: 1, label: 'one', note: null }]);
    } finally {
      await runner.query('ALTER TABLE probe DROP COLUMN note');
    }
  });
});

describe('prepared statements through the app', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_MAX: '2' });
  });
  afterAll(() => t.close());

  it('the catalogue read runs prepared on PostgreSQL and answers the same either way', async () => {
    const goods = await createGoodsOnSale(t);
    const answers = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const page = await t.api.get('/api/archive/list', { query: { page_size: '5' } });
      expect(page.body.code).toBe(0);
      expect(page.body.data.map((row: { id: number }) => row.id)).toEqual([goods.id]);
      answers.add(page.text);
    }
    expect(answers.size).toBe(1);
    if (!ON_POSTGRES) return; // PGlite: one session outliving its connections, nothing prepared
    // Both pooled connections, pinned: the list's statement is prepared on at least one of them.
    const runners = [t.dataSource.createQueryRunner(), t.dataSource.createQueryRunner()];
    try {
      const statements: Held[] = [];
      for (const runner of runners) {
        await runner.connect();
        statements.push(...(await held(runner)));
      }
      // The public list's statement (ArchiveQueries.list: page ids first, enabled SKUs only).
      const list = statements.filter(
        (s) => s.statement.includes('AS page_id') && s.statement.includes('s.status = 1'),
      );
      expect(list.length).toBeGreaterThan(0);
      expect(list.reduce((runs, s) => runs + s.generic_plans + s.custom_plans, 0)).toBe(6);
    } finally {
      for (const runner of runners) await runner.release();
    }
  });
});
