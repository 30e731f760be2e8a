import { defineQueries, sqlStatement } from '../common/database/query-object.js';
import { SqlParams } from '../common/database/sql-params.js';

/**
 * Marks the statements of the instance's background readers of the log (the hub, the durable
 * consumers), not any request's: the statement-counting tests leave them out of a request's count.
 */
export const HUB_STATEMENT = '/* event-hub */';

/**
 * The columns as text for JS (xid8 and bigint exceed a double). ORDER BY must name the table's
 * columns (`domain_events.txid`): a bare `txid` there means this text output column, whose order
 * ('10' < '9') is not the log's.
 */
const COLUMNS = `txid::text AS txid, id::text AS id, type, user_id, comm_order_id, order_id,
  message_id::text AS message_id, status, actor,
  floor(extract(epoch FROM created_time))::int AS created_time`;

/** A (txid, id) place in the log, as text. */
interface Position {
  txid: string;
  id: string;
}

/** The rows a reader of `after` wants; none = every row (the hub, marked HUB_STATEMENT). */
export type LogReadFilter = { userId?: number; types: readonly string[] } | undefined;

/**
 * Every statement that reads the log (domain_events), the durable consumers' positions
 * (event_consumers) and retention. Readers walk (txid, id), never `id > last` (see
 * EventLogReader).
 */
export const EventLogQueries = defineQueries(
  'events.event-log',
  {
    after(after: Position, limit: number, filter: LogReadFilter, until?: Position) {
      const params = new SqlParams();
      const where = [
        `(txid, id) > (${params.add(after.txid, 'xid8')}, ${params.add(after.id, 'bigint')})`,
      ];
      const limitValue = params.add(limit);
      if (until)
        where.push(
          `(txid, id) <= (${params.add(until.txid, 'xid8')}, ${params.add(until.id, 'bigint')})`,
        );
      if (filter?.userId !== undefined) where.push(`user_id = ${params.add(filter.userId)}`);
      if (filter) where.push(`type = ANY(${params.add(filter.types, 'varchar[]')})`);
      return sqlStatement(
        `${filter ? '' : HUB_STATEMENT} SELECT ${COLUMNS}, txid < pg_snapshot_xmin(pg_current_snapshot()) AS ready
         FROM domain_events
        WHERE ${where.join(' AND ')}
        ORDER BY domain_events.txid, domain_events.id
        LIMIT ${limitValue}`,
        params,
      );
    },
    /** The newest ready row's position (the hub's start). */
    head: `${HUB_STATEMENT} SELECT txid::text AS txid, id::text AS id
         FROM domain_events
        WHERE txid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY domain_events.txid DESC, domain_events.id DESC
        LIMIT 1`,
    /** $1 = log id (a replay). */
    byId: `SELECT ${COLUMNS}, txid < pg_snapshot_xmin(pg_current_snapshot()) AS ready
         FROM domain_events WHERE id = $1`,
    /** $1 = since (unix seconds), $2 = types, $3 = limit: by id (a replay). */
    since: `SELECT ${COLUMNS}, txid < pg_snapshot_xmin(pg_current_snapshot()) AS ready
         FROM domain_events
        WHERE created_time >= to_timestamp($1) AND type = ANY($2::varchar[])
        ORDER BY id LIMIT $3`,
    /** $1 = log id. */
    positionOf:
      'SELECT txid::text AS txid, id::text AS id FROM domain_events WHERE id = $1::bigint',
    /** $1 = consumer lock name: one runner per consumer across instances, for the transaction. */
    tryConsumerLock: `${HUB_STATEMENT} SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`,
    /** $1 = consumer name. */
    consumerPosition: `${HUB_STATEMENT} SELECT txid::text AS txid, last_id::text AS id FROM event_consumers WHERE name = $1`,
    /** $1 = consumer name, $2 = txid, $3 = row id: a first run starts at the head. */
    insertConsumer: `${HUB_STATEMENT} INSERT INTO event_consumers (name, txid, last_id) VALUES ($1, $2::xid8, $3::bigint)
       ON CONFLICT (name) DO NOTHING`,
    /** $1 = consumer name, $2 = txid, $3 = row id: the last row delivered. */
    advanceConsumer: `${HUB_STATEMENT} UPDATE event_consumers SET txid = $2::xid8, last_id = $3::bigint, updated_time = now()
        WHERE name = $1`,
    /** $1 = retention lock name: one retention pass at a time across instances. */
    tryRetentionLock: `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`,
    /** $1 = cut-off time, $2 = batch size: the oldest events past retention. */
    deleteOldEvents: `DELETE FROM domain_events WHERE id IN (SELECT id FROM domain_events WHERE created_time < $1 ORDER BY created_time LIMIT $2)`,
    /** $1 = now, $2 = batch size: expired stream tickets. */
    deleteExpiredTickets: `DELETE FROM event_stream_tickets WHERE id IN (SELECT id FROM event_stream_tickets WHERE expires_at < $1 LIMIT $2)`,
    /** $1 = hash, $2 = account kind, $3 = account id, $4 = token expiry, $5 = token version, $6 = ttl. */
    issueTicket: `WITH gone AS (
         DELETE FROM event_stream_tickets
          WHERE id IN (SELECT id FROM event_stream_tickets WHERE expires_at < now() LIMIT 100))
       INSERT INTO event_stream_tickets
         (ticket_hash, account_kind, account_id, token_expires_at, token_version, expires_at)
       VALUES ($1, $2, $3, to_timestamp($4), $5, now() + make_interval(secs => $6))
       RETURNING floor(extract(epoch FROM expires_at))::int AS expire_time`,
    /** $1 = hash: a ticket is used once (a SELECT around the DELETE: TypeORM answers a bare DELETE as [rows, count]). */
    redeemTicket: `WITH used AS (
         DELETE FROM event_stream_tickets
          WHERE ticket_hash = $1 AND expires_at > now() AND token_expires_at > now()
          RETURNING account_kind, account_id, token_version, token_expires_at)
       SELECT account_kind, account_id, token_version,
              floor(extract(epoch FROM token_expires_at))::int AS token_expires_at
         FROM used`,
  },
  {
    after: {
      'the hub (every row)': [{ txid: '10', id: '5' }, 500, undefined],
      'a customer stream, up to a position': [
        { txid: '10', id: '5' },
        100,
        { userId: 7, types: ['order.paid'] },
        { txid: '12', id: '9' },
      ],
      'a staff stream': [{ txid: '10', id: '5' }, 100, { types: ['order.paid'] }],
    },
  },
);
