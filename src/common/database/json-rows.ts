import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Reading a page and its related rows in ONE statement: PostgreSQL builds each related row as
 * JSON (`to_jsonb(alias)`), and the rows are turned back into entities here the way TypeORM
 * hydrates them (same column types and transformers), so the existing mappers shape them. No
 * query builder, no entity graph: a list costs one round trip however many relations it shows.
 */
export class JsonRows<T extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  private readonly hidden: string;
  private readonly selectable: string;

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
  ) {
    this.metadata = dataSource.getMetadata(target);
    // Columns the entity never selects (password hashes) never leave the database either.
    const hidden = this.metadata.columns.filter((c) => !c.isSelect).map((c) => c.databaseName);
    this.hidden = hidden.length ? ` - ARRAY[${hidden.map((name) => `'${name}'`).join(', ')}]` : '';
    this.selectable = this.metadata.columns
      .filter((c) => c.isSelect)
      .map((c) => `"${c.databaseName}"`)
      .join(', ');
  }

  get tableName(): string {
    return this.metadata.tableName;
  }

  /** SQL for the row of `alias` as a JSON object keyed by column name. */
  json(alias: string): string {
    return `(to_jsonb(${alias})${this.hidden})`;
  }

  /**
   * SQL for the columns the entity selects, as plain columns of the table (for a row read on its
   * own: `entity()` takes the pg row as it comes).
   */
  columns(): string {
    return this.selectable;
  }

  /** A scalar subquery: the row whose primary key is `idSql`, as JSON (NULL when none). */
  byId(idSql: string): string {
    const alias = `${this.metadata.tableName}_by_id`;
    return `(SELECT ${this.json(alias)} FROM "${this.metadata.tableName}" ${alias} WHERE ${alias}.id = ${idSql})`;
  }

  /** The entity for a JSON object (or pg row) keyed by column name. */
  entity(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as T;
    for (const column of this.metadata.columns) {
      if (!(column.databaseName in row)) continue;
      column.setEntityValue(
        entity,
        this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column),
      );
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
