import { DataSource } from 'typeorm';
import { HUB_STATEMENT } from '../../src/events/event-log.queries.js';

interface QueryablePrototype {
  query: (...args: unknown[]) => unknown;
}

/** A statement as sent, with its parameters (to EXPLAIN it again). */
export interface SentQuery {
  text: string;
  values: unknown[];
}

/**
 * Counts the SQL statements the app sends, at the `pg` client every pooled connection uses
 * (below TypeORM, so a raw statement, a transaction's BEGIN/COMMIT or a query some code sends
 * around the ORM is counted too). Install once per test file; `during()` counts one call.
 */
export class StatementCounter {
  private statements: string[] | undefined;
  private queries: SentQuery[] | undefined;
  private readonly prototype: QueryablePrototype;
  private readonly original: QueryablePrototype['query'];

  constructor(dataSource: DataSource) {
    // The pg module TypeORM loaded for this data source (the one the pool's clients come from).
    const pg = (dataSource.driver as unknown as { postgres: { Client: { prototype: object } } })
      .postgres;
    this.prototype = pg.Client.prototype as QueryablePrototype;
    this.original = this.prototype.query;
    const original = this.original;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const counter = this;
    this.prototype.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: string })?.text;
      // The event hub reads the log in the background (woken by any commit, or its poll): not
      // part of whatever request happens to be running.
      if (!text?.trimStart().startsWith(HUB_STATEMENT)) {
        counter.statements?.push(text ?? String(first));
        const values = Array.isArray(args[1]) ? args[1] : (first as { values?: unknown[] })?.values;
        counter.queries?.push({ text: text ?? String(first), values: values ?? [] });
      }
      return original.apply(this, args);
    };
  }

  /** The statements sent while `run` ran (nothing else should be talking to the app then). */
  async during<T>(
    run: () => Promise<T>,
  ): Promise<{ result: T; statements: string[]; queries: SentQuery[] }> {
    this.statements = [];
    this.queries = [];
    try {
      const result = await run();
      return { result, statements: this.statements, queries: this.queries };
    } finally {
      this.statements = undefined;
      this.queries = undefined;
    }
  }

  uninstall(): void {
    this.prototype.query = this.original;
  }
}
