import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * Column types the PostgreSQL driver hydrates as they are (its prepareHydratedValue has no branch
 * for them), and the timestamp types it turns into a Date from the JSON string.
 */
const AS_IS_TYPES = new Set(['int', 'integer', 'smallint', 'bigint', 'varchar', 'text', 'jsonb']);
const TIMESTAMP_TYPES = new Set(['timestamptz', 'timestamp', 'timestamp with time zone']);

/** One column of the entity: where its JSON value goes and how it is hydrated. */
interface HydratedColumn {
  databaseName: string;
  /** Set directly on the entity; undefined for a column in an embedded or a relation's id. */
  propertyName: string | undefined;
  column: ColumnMetadata;
  hydrate: (value: unknown) => unknown;
}

/**
 * Reading a page and its related rows in ONE statement: PostgreSQL builds each related row as
 * JSON (`to_jsonb(alias)`), and the rows are turned back into entities here the way TypeORM
 * hydrates them (same column types and transformers), so the existing mappers shape them. No
 * query builder, no entity graph: a list costs one round trip however many relations it shows.
 */
export class JsonRows<T extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  private readonly hidden: string;
  private readonly columns: HydratedColumn[];

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
  ) {
    this.metadata = dataSource.getMetadata(target);
    // Columns the entity never selects (password hashes) never leave the database either.
    const hidden = this.metadata.columns.filter((c) => !c.isSelect).map((c) => c.databaseName);
    this.hidden = hidden.length ? ` - ARRAY[${hidden.map((name) => `'${name}'`).join(', ')}]` : '';
    this.columns = this.metadata.columns.map((column) => ({
      databaseName: column.databaseName,
      propertyName:
        column.embeddedMetadata || column.relationMetadata ? undefined : column.propertyName,
      column,
      hydrate: this.hydratorOf(column),
    }));
  }

  /**
   * How a column's value is hydrated, chosen once: a list of 10 requests with 20 messages each
   * hydrates ~2,500 values, and the driver's prepareHydratedValue walks its chain of type checks
   * for each. Same result as the driver for the plain types and timestamps (a spec compares them
   * column by column); everything else, and any column with a transformer, goes to the driver.
   */
  private hydratorOf(column: ColumnMetadata): (value: unknown) => unknown {
    const type = typeof column.type === 'string' ? column.type : undefined;
    if (!column.transformer && !column.isArray && type !== undefined) {
      if (AS_IS_TYPES.has(type)) return (value) => value;
      if (TIMESTAMP_TYPES.has(type))
        return (value) => (value && typeof value === 'string' ? new Date(value) : value);
    }
    const driver = this.dataSource.driver;
    return (value): unknown => driver.prepareHydratedValue(value, column) as unknown;
  }

  get tableName(): string {
    return this.metadata.tableName;
  }

  /** SQL for the row of `alias` as a JSON object keyed by column name. */
  json(alias: string): string {
    return `(to_jsonb(${alias})${this.hidden})`;
  }

  /** A scalar subquery: the row whose primary key is `idSql`, as JSON (NULL when none). */
  byId(idSql: string): string {
    const alias = `${this.metadata.tableName}_by_id`;
    return `(SELECT ${this.json(alias)} FROM "${this.metadata.tableName}" ${alias} WHERE ${alias}.id = ${idSql})`;
  }

  /** The entity for a JSON object (or pg row) keyed by column name. */
  entity(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as T;
    for (const { databaseName, propertyName, column, hydrate } of this.columns) {
      const value = row[databaseName];
      if (value === undefined && !(databaseName in row)) continue;
      if (propertyName !== undefined)
        (entity as Record<string, unknown>)[propertyName] = hydrate(value);
      else column.setEntityValue(entity, hydrate(value));
    }
    return entity;
  }
}

/**
 * A row another module owns, embedded in a caller's statement: the owning module gives the SQL
 * (a scalar subquery by id) and the shaping, so the caller never names its table or columns.
 */
export interface EmbeddedRow<Dto> {
  /** A scalar subquery giving the row whose id is `idSql` as JSON, NULL when none. */
  sql(idSql: string): string;
  /** The response object for that JSON; undefined for NULL. */
  shape(json: unknown): Dto | undefined;
}

export function embeddedRow<T extends ObjectLiteral, Dto>(
  rows: JsonRows<T>,
  mapper: (entity: T) => Dto,
): EmbeddedRow<Dto> {
  return {
    sql: (idSql) => rows.byId(idSql),
    shape: (json) => (json ? mapper(rows.entity(json as Record<string, unknown>)) : undefined),
  };
}
