import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../common/auth/principal.js';
import type { Credential } from '../../common/auth/stream-ticket.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { logsItself } from '../../common/logging/request-log.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { MAX_INT8 } from '../../common/validation/db-bounds.decorators.js';
import { EventErrors } from '../events.errors.js';
import { eventFrame, OPENING_FRAME, resetFrame } from '../sse-frames.js';
import { streamTypes } from '../stream-audience.js';
import { EventHub, LOG_BATCH } from './event-hub.service.js';
import { EventLogReader, LOG_START, LogFilter, LogPosition } from './event-log.reader.js';
import { EventStream } from './event-stream.js';
import { StreamRegistry } from './stream-registry.service.js';

/** What a client asks for when it opens a stream. */
export interface StreamRequest {
  /** The `Last-Event-ID` header (a reconnect), else `last_event_id` from the query. */
  lastEventId: string | number | undefined;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

/**
 * Opens event streams (GET /api/events, /system/api/events). Everything that can refuse a stream
 * (caps, a malformed cursor, the database) happens before the first byte, so refusals are the
 * usual envelope; then the response turns into `text/event-stream`: `retry:`, a `reset` if the
 * cursor is not in the log, the catch-up from the cursor to the hub's head, then live rows.
 */
@Injectable()
export class EventStreamService {
  constructor(
    private readonly hub: EventHub,
    private readonly reader: EventLogReader,
    private readonly registry: StreamRegistry,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(
    principal: Principal,
    credential: Credential | undefined,
    query: StreamRequest,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    if (!credential) throw CommonErrors.notLoggedIn();
    const types = streamTypes(principal);
    if (types.length === 0) throw EventErrors.noVisibleTypes(principal.kind);
    this.registry.assertRoom(principal);
    const cursor = parseCursor(request.headers['last-event-id'], query.lastEventId);
    const from = cursor === undefined ? undefined : await this.reader.positionOf(cursor);
    await this.hub.currentHead();
    // Checked again: other streams may have opened while this one read the database.
    this.registry.assertRoom(principal);

    reply.hijack();
    const res = reply.raw;
    const inherited = { ...reply.getHeaders() } as Record<string, string | string[] | number>;
    delete inherited['content-length'];
    delete inherited['content-encoding'];
    res.writeHead(200, { ...inherited, ...SSE_HEADERS });
    res.write(OPENING_FRAME);
    logsItself(request);

    const stream = new EventStream(
      principal,
      credential,
      new Set(types),
      res,
      from ?? LOG_START,
      this.config.eventsStreamBufferBytes,
      (s) => this.metrics.eventsDelivered.inc({ audience: s.audience }),
      (s, reason) => this.registry.ended(s, reason, request),
    );
    // Synchronously: the hub's head now is where the catch-up stops and live rows begin.
    const { head, unsubscribe } = this.hub.subscribe(stream);
    this.registry.add(stream, unsubscribe);
    if (!from) {
      // Live from now; a cursor that is not in the log gets one reset first.
      if (cursor !== undefined) stream.write(resetFrame(head === LOG_START ? undefined : head.id));
      stream.goLive();
      return;
    }
    void this.catchUp(stream, principal, head);
  }

  private async catchUp(stream: EventStream, principal: Principal, head: LogPosition) {
    const filter: LogFilter =
      principal.kind === 'customer'
        ? { userId: principal.id, types: [...stream.types] }
        : { types: [...stream.types] };
    try {
      for (;;) {
        const rows = await this.reader.after(stream.position, LOG_BATCH, filter, head);
        for (const row of rows) stream.send(row, eventFrame(row));
        if (rows.length < LOG_BATCH || stream.isEnded) break;
        // Let a slow reader take the page before reading the next one.
        if (stream.backedUp) await stream.drained();
      }
      stream.goLive();
    } catch {
      // The database failed mid-way: end cleanly, the client resumes from what it got.
      stream.end('error');
    }
  }
}

/**
 * The cursor a client resumes from: the Last-Event-ID header wins (a reconnect), else the query
 * (a first connection). An empty header counts as none (a reset to an empty log sends `id:`).
 */
function parseCursor(
  header: string | string[] | undefined,
  query: string | number | undefined,
): string | undefined {
  const given = (Array.isArray(header) ? header[0] : header)?.trim() || query;
  if (given === undefined || given === '') return undefined;
  const text = String(given);
  if (!/^\d{1,16}$/.test(text) || Number(text) < 1 || Number(text) > MAX_INT8)
    throw EventErrors.badCursor();
  return String(Number(text));
}
