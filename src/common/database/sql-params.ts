/**
 * The values of one hand-written statement, numbered as they are added: `add(value)` appends the
 * value and answers its placeholder (`$3`, or `$3::int` with a cast), so no placeholder is ever
 * counted by hand and a condition can be added or dropped without renumbering the rest. Pieces
 * of one statement built in different places (a lookup's condition, a WITH step, an audit row)
 * share one `SqlParams`; `values` is what `query(sql, values)` takes.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast === undefined ? `$${this.values.length}` : `$${this.values.length}::${cast}`;
  }
}
