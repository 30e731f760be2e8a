import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * A `SELECT *` or `RETURNING *` (or `RETURNING t.*`) result has the table's columns, so a
 * migration that adds one (another instance deploying) would make PostgreSQL refuse the prepared
 * statement ("cached plan must not change result type"). Such statements stay unnamed; any other
 * that meets the refusal is unnamed from then on (isStaleResult).
 */
const WHOLE_ROW = /(?:\bselect\s+|\breturning\s+(?:"?\w+"?\.)?)\*/i;

/** Texts PostgreSQL refused to run prepared once (isStaleResult): they run unnamed from then on. */
const unprepared = new Set<string>();

/** PostgreSQL's refusal of a prepared statement whose result columns changed under it. */
function isStaleResult(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '0A000' && !!message?.includes('cached plan must not change result type');
}

/**
 * Statement text → its name, or null for a whole-row text (WHOLE_ROW), so the pattern runs once
 * per text, not per query; the texts are the app's own, a bounded set, so is the map.
 */
const names = new Map<string, string | null>();
const NAMES_KEPT = 10_000;

function nameOf(text: string): string | null {
  let name = names.get(text);
  if (name === undefined) {
    name = WHOLE_ROW.test(text)
      ? null
      : `s_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (names.size >= NAMES_KEPT) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * The pg client of the pools: every parameterized statement runs as a named prepared statement,
 * so PostgreSQL parses and analyses it once per connection and may keep a generic plan after five
 * runs, instead of parsing and planning it on every request. For the catalogue's one-statement
 * reads that was most of the database's CPU per request (docs/scaling.md, Prepared statements).
 *
 * - The name is a hash of the text: the same statement shares one name on every connection, and
 *   two texts never share one. pg remembers per connection which names it has parsed.
 * - At most `max` statements per connection (`DATABASE_PREPARED_STATEMENTS`): past it, new texts
 *   run unnamed as before. The pool recycles idle connections, which frees their statements.
 * - Statements without parameters keep the simple protocol (several statements in one text, as
 *   migrations send, need it); whole-row results (WHOLE_ROW) stay unnamed.
 * - Not for PGlite: its one session outlives the pool's connections (database.module.ts).
 */
export function preparingClient(max: number): typeof pg.Client {
  class PreparingClient extends pg.Client {}
  // pg's overloads (text, config object, Submittable; promise or callback) pass through; only a
  // text with parameters is given a name.
  const query: QueryMethod = function (this: pg.Client, config, values, callback) {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = nameFor(this, config, max);
      if (name) return runNamed(this, name, config, values, callback);
    }
    return baseQuery(this, config, values, callback);
  };
  (PreparingClient.prototype as unknown as { query: QueryMethod }).query = query;
  return PreparingClient;
}

type QueryMethod = (
  this: pg.Client,
  config: unknown,
  values?: unknown,
  callback?: unknown,
) => unknown;
/** pg's own query, looked up on each call: instrumentation that wraps it (tracing) stays in the path. */
function baseQuery(
  client: pg.Client,
  config: unknown,
  values?: unknown,
  callback?: unknown,
): unknown {
  return (pg.Client.prototype.query as unknown as QueryMethod).call(
    client,
    config,
    values,
    callback,
  );
}

/** Runs a named statement; a stale result (isStaleResult) unnames its text for good. */
function runNamed(
  client: pg.Client,
  name: string,
  text: string,
  values: unknown[],
  callback: unknown,
): unknown {
  const forgetIfStale = (error: unknown) => {
    if (isStaleResult(error)) unprepared.add(text);
  };
  if (typeof callback === 'function') {
    return baseQuery(client, { name, text, values }, (error: unknown, result: unknown) => {
      forgetIfStale(error);
      (callback as (error: unknown, result: unknown) => void)(error, result);
    });
  }
  return (baseQuery(client, { name, text, values }) as Promise<unknown>).catch((error: unknown) => {
    forgetIfStale(error);
    throw error;
  });
}

/** What pg keeps per connection: the names it has parsed, and those sent to be parsed. */
interface PgConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
}

/** The name `text` runs under on `client`'s connection; undefined: it runs unnamed. */
function nameFor(client: pg.Client, text: string, max: number): string | undefined {
  const name = nameOf(text);
  if (name === null || unprepared.has(text)) return undefined;
  const { parsedStatements, submittedNamedStatements } = (
    client as unknown as { connection: PgConnection }
  ).connection;
  if (parsedStatements[name] !== undefined || submittedNamedStatements[name] !== undefined)
    return name;
  // A new statement on this connection (rare: once per text and connection). A Parse that failed
  // left no name behind, so the count is of statements PostgreSQL holds.
  const held = Object.keys(parsedStatements).length + Object.keys(submittedNamedStatements).length;
  return held < max ? name : undefined;
}
