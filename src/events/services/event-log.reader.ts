import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { EventType } from '../event-catalogue.js';
import { EventLogQueries } from '../event-log.queries.js';

/**
 * A place in the log: the writing transaction's id (xid8, as decimal text) and the row id. The
 * log is walked in (txid, id) order, which matches commit order for every row below the oldest
 * transaction still in flight (docs/events.md, "Across instances").
 */
export interface LogPosition {
  txid: string;
  id: string;
}

/** Before every row (an empty log, or a reader that has seen nothing). */
export const LOG_START: LogPosition = { txid: '0', id: '0' };

/** One row of domain_events as streams send it. */
export interface LogRow extends LogPosition {
  type: EventType;
  userId: number;
  commOrderId: number | null;
  orderId: string | null;
  messageId: string | null;
  status: number | null;
  actor: string;
  /** Unix seconds. */
  createdTime: number;
  /**
   * Its transaction is older than every transaction still in flight: no row can commit before it
   * any more. Rows that are not ready sort after the ready ones and are read again later.
   */
  ready: boolean;
}

/** Which rows a reader wants; none = every row (the hub). */
export type LogFilter =
  { userId: number; types: readonly EventType[] } | { types: readonly EventType[] } | undefined;

interface RawRow {
  txid: string;
  id: string;
  type: EventType;
  user_id: number;
  comm_order_id: number | null;
  order_id: string | null;
  message_id: string | null;
  status: number | null;
  actor: string;
  created_time: number;
  ready: boolean;
}

/**
 * Reads of domain_events (their statements are EventLogQueries). Readers never ask for `id > last`: ids are taken
 * before commit, so a row with a smaller id can appear after a larger one was read. They walk
 * (txid, id) instead, and deliver only rows whose transaction is below
 * `pg_snapshot_xmin(pg_current_snapshot())`: those are final, and every later commit sorts after.
 */
@Injectable()
export class EventLogReader {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` rows after `after`, in (txid, id) order, up to `until` when given. Rows of
   * transactions still in flight (or younger than one) come back with `ready: false`, after the
   * ready ones; a caller delivers only the ready prefix and asks again later. Unfiltered: the
   * hub's read (and a durable consumer's, in its own transaction: `manager`).
   */
  async after(
    after: LogPosition,
    limit: number,
    filter?: LogFilter,
    until?: LogPosition,
    manager?: EntityManager,
  ): Promise<LogRow[]> {
    const rows = await (manager ?? this.dataSource).query<RawRow[]>(
      ...EventLogQueries.after(after, limit, filter, until),
    );
    return rows.map(toLogRow);
  }

  /** The last row every reader may have seen (the newest ready one); LOG_START if none (hub). */
  async head(manager?: EntityManager): Promise<LogPosition> {
    const [row] = await (manager ?? this.dataSource).query<LogPosition[]>(EventLogQueries.head);
    return row ?? LOG_START;
  }

  /** One row by its log id (a replay); undefined when it is not (or no longer) in the log. */
  async byId(manager: EntityManager, id: number): Promise<LogRow | undefined> {
    const [row] = await manager.query<RawRow[]>(EventLogQueries.byId, [id]);
    return row && toLogRow(row);
  }

  /**
   * Rows of these types written from `since` (unix seconds) on, by id, at most `limit` (a
   * replay: rows already delivered once, so their order among concurrent commits is moot).
   */
  async since(
    manager: EntityManager,
    since: number,
    types: readonly string[],
    limit: number,
  ): Promise<LogRow[]> {
    const rows = await manager.query<RawRow[]>(EventLogQueries.since, [since, types, limit]);
    return rows.map(toLogRow);
  }

  /** Where the row with log id `id` stands; undefined when it is not (or no longer) in the log. */
  async positionOf(id: string): Promise<LogPosition | undefined> {
    const [row] = await this.dataSource.query<LogPosition[]>(EventLogQueries.positionOf, [id]);
    return row;
  }
}

function toLogRow(row: RawRow): LogRow {
  return {
    txid: row.txid,
    id: row.id,
    type: row.type,
    userId: row.user_id,
    commOrderId: row.comm_order_id,
    orderId: row.order_id,
    messageId: row.message_id,
    status: row.status,
    actor: row.actor,
    createdTime: row.created_time,
    ready: row.ready,
  };
}

/** (txid, id) order. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  const tx = BigInt(a.txid) - BigInt(b.txid);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const id = BigInt(a.id) - BigInt(b.id);
  return id === 0n ? 0 : id < 0n ? -1 : 1;
}
