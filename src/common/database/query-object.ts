import { SqlParams } from './sql-params.js';

/** A built statement, ready to spread into `query(...)`: `manager.query<Row[]>(...statement)`. */
export type SqlStatement = [sql: string, params: unknown[]];

/** The statement a builder wrote into `sql` with its values in `params`. */
export function sqlStatement(sql: string, params: SqlParams): SqlStatement {
  return [sql, params.values];
}

/**
 * A statement of a query object: fixed SQL text (its values are passed where it runs, `$1`...
 * in the order the text says), or a builder that writes a statement from its arguments. A
 * builder answering a string gives SQL text only: a variant of fixed text whose values the caller
 * passes, or one step of a statement several query objects build together (a WITH query), its
 * values added to the `SqlParams` it was given.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- builders take any arguments
type Builder = (...args: any[]) => SqlStatement | string;
export type QueryStatements = Record<string, string | Builder>;

/**
 * Argument sets the SQL snapshot renders each builder with, by a short label saying which
 * variant of the statement they produce (every branch a reviewer should see).
 */
export type QueryExamples<Q extends QueryStatements> = {
  [K in keyof Q as Q[K] extends Builder ? K : never]: Q[K] extends Builder
    ? Record<string, Parameters<Q[K]>>
    : never;
};

interface QueryObjectInfo {
  name: string;
  examples: Record<string, Record<string, unknown[]>>;
}

const QUERY_OBJECTS = new WeakMap<object, QueryObjectInfo>();

/**
 * Declares the query object of one aggregate: every hand-written statement it runs, by name.
 * Services run them (`manager.query(Queries.name, [values])` or
 * `manager.query(...Queries.builder(args))`) and keep their rules; the statements live here so
 * that `npm run sql:snapshots` can write each one, rendered with `examples`, to
 * `src/queries/<name>.sql`, and a reviewer sees every query change in the diff.
 */
export function defineQueries<Q extends QueryStatements>(
  name: string,
  statements: Q,
  examples: QueryExamples<Q>,
): Readonly<Q> {
  QUERY_OBJECTS.set(statements, { name, examples });
  return Object.freeze(statements);
}

/** One statement as the snapshot lists it: `Queries.name (label)` and its SQL. */
export interface RenderedStatement {
  title: string;
  sql: string;
}

/** The query object's name and statements, or undefined for any other value (for the snapshot). */
export function renderQueryObject(
  value: unknown,
): { name: string; statements: RenderedStatement[] } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const info = QUERY_OBJECTS.get(value);
  if (!info) return undefined;
  const statements: RenderedStatement[] = [];
  for (const [key, statement] of Object.entries(value as QueryStatements)) {
    if (typeof statement === 'string') {
      statements.push({ title: key, sql: normaliseSql(statement) });
      continue;
    }
    const examples = Object.entries(info.examples[key] ?? {});
    if (!examples.length) throw new Error(`${info.name}: builder ${key} has no examples`);
    for (const [label, args] of examples) {
      // A fresh SqlParams per rendering: placeholders numbered from $1 however often it runs.
      const built = statement(
        ...args.map((arg) => (arg instanceof SqlParams ? new SqlParams() : arg)),
      );
      const sql = typeof built === 'string' ? built : built[0];
      statements.push({ title: `${key} (${label})`, sql: normaliseSql(sql) });
    }
  }
  return { name: info.name, statements };
}

/** Each line trimmed, blank lines dropped: re-indenting a statement is not a query change. */
export function normaliseSql(sql: string): string {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
