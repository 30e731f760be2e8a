import type { ServerResponse } from 'node:http';
import type { Principal } from '../../common/auth/principal.js';
import type { Credential } from '../../common/auth/stream-ticket.js';
import type { EventType } from '../event-catalogue.js';
import { audienceOf } from '../stream-audience.js';
import type { Audience } from '../stream-audience.js';
import { comparePositions, LogPosition, LogRow } from './event-log.reader.js';
import type { HubSubscriber } from './event-hub.service.js';

/** Live rows a stream keeps while its catch-up runs. */
const MAX_PENDING_ROWS = 10_000;

/** Why a stream ended (the request log line says it). */
export type StreamEnd =
  | 'client_closed'
  | 'slow_consumer'
  | 'shutdown'
  | 'token_expired'
  | 'account_ended'
  | 'role_changed'
  | 'error';

/** How the stream tells its owner that it ended (once). */
export type OnStreamEnd = (stream: EventStream, reason: StreamEnd) => void;

/**
 * One open stream: an HTTP response that events are written to. It sends each row at most once
 * and only after what it has sent (`sent`, a log position), so the catch-up and the live rows
 * that arrive meanwhile (buffered until the catch-up is done) join without gap or duplicate.
 */
export class EventStream implements HubSubscriber {
  readonly userId: number | undefined;
  readonly audience: Audience;
  readonly startedAt = Date.now();
  eventsSent = 0;
  private sent: LogPosition;
  /** Live rows that came while catching up; undefined once live. */
  private pending: { row: LogRow; frame: string }[] | undefined = [];
  private ended = false;

  constructor(
    readonly principal: Principal,
    readonly credential: Credential,
    readonly types: ReadonlySet<EventType>,
    private readonly res: ServerResponse,
    from: LogPosition,
    private readonly bufferLimit: number,
    private readonly onDelivered: (stream: EventStream) => void,
    private readonly onEnd: OnStreamEnd,
  ) {
    this.audience = audienceOf(principal);
    this.userId = principal.kind === 'customer' ? principal.id : undefined;
    this.sent = from;
    res.once('close', () => this.end('client_closed'));
    // A write to a connection that broke: the 'close' that follows ends the stream.
    res.on('error', () => this.end('client_closed'));
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Where the stream stands: the last row it sent (or the client's cursor). */
  get position(): LogPosition {
    return this.sent;
  }

  /** A live row from the hub. */
  deliver(row: LogRow, frame: string): void {
    if (!this.pending) return this.send(row, frame);
    this.pending.push({ row, frame });
    // A catch-up that cannot keep up with the live rows (the client reads too slowly): drop it
    // rather than buffer without bound; the client resumes from what it got.
    if (this.pending.length > MAX_PENDING_ROWS) this.end('slow_consumer');
  }

  /** A row of the catch-up (or of the buffer): skipped when at or before what was sent. */
  send(row: LogRow, frame: string): void {
    if (this.ended || comparePositions(row, this.sent) <= 0) return;
    this.sent = row;
    this.eventsSent += 1;
    this.write(frame);
    this.onDelivered(this);
  }

  /** The catch-up is done: the buffered live rows go out, then rows go out as they come. */
  goLive(): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const { row, frame } of pending) this.send(row, frame);
  }

  /** Whether the client has taken what was written (for a catch-up that waits for it). */
  get backedUp(): boolean {
    return this.res.writableNeedDrain;
  }

  /** Waits until the client has read what was written, or the stream ended. */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ended || !this.res.writableNeedDrain) return resolve();
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  /**
   * Writes a frame. A client that does not read lets the output pile up in this process: past
   * the limit the connection is dropped (the client resumes from its cursor when it reconnects).
   */
  write(chunk: string): void {
    if (this.ended) return;
    this.res.write(chunk);
    if (this.res.writableLength > this.bufferLimit) this.end('slow_consumer');
  }

  /**
   * Ends the stream once. A normal end of the response (the client reconnects, to this or another
   * instance) for every reason but a consumer that stopped reading, whose connection is destroyed:
   * its unsent output is dropped with it.
   */
  end(reason: StreamEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.pending = undefined;
    if (reason === 'slow_consumer') this.res.destroy();
    else if (!this.res.writableEnded) this.res.end();
    this.onEnd(this, reason);
  }
}
