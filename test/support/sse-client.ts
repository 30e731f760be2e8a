import { IncomingHttpHeaders, IncomingMessage, request } from 'node:http';

/** One event as a browser's EventSource would see it. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export interface StreamOptions {
  token?: string;
  admin?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number>;
}

/**
 * A small Server-Sent Events client over node:http (one connection per stream): it records
 * every event, comment and `retry:`, and how the response ended: `end` (the server finished the
 * response normally) or `aborted` (the connection broke or was cut).
 */
export class SseStream {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  /** The JSON body when the server answered something else than a stream (an envelope). */
  body: any;
  private buffer = '';
  private waiters: (() => void)[] = [];
  readonly finished: Promise<'end' | 'aborted'>;
  private finish!: (how: 'end' | 'aborted') => void;
  private response!: IncomingMessage;
  private closedByUs = false;

  private constructor() {
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  get headers(): IncomingHttpHeaders {
    return this.response.headers;
  }

  get isStream(): boolean {
    return (this.headers['content-type'] ?? '').startsWith('text/event-stream');
  }

  /** The events that are not `reset`. */
  get domainEvents(): SseEvent[] {
    return this.events.filter((e) => e.event !== 'reset');
  }

  /** Opens `path`; resolves once the response head is in (and, for an envelope, its body). */
  static open(baseUrl: string, path: string, options: StreamOptions = {}): Promise<SseStream> {
    const stream = new SseStream();
    const url = new URL(path, baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
    if (options.token) headers.token = options.token;
    if (options.admin) headers.admin = options.admin;
    return new Promise((resolve, reject) => {
      const req = request(url, { agent: false, headers }, (res) => {
        stream.response = res;
        res.setEncoding('utf8');
        let settled = false;
        const settle = () => {
          if (!settled) resolve(stream);
          settled = true;
        };
        let text = '';
        res.on('data', (chunk: string) => {
          if (stream.isStream) stream.parse(chunk);
          else text += chunk;
        });
        res.on('end', () => {
          if (!stream.isStream) {
            try {
              stream.body = JSON.parse(text);
            } catch {
              stream.body = text;
            }
            settle();
          }
          stream.finish('end');
          stream.wake();
        });
        res.on('aborted', () => stream.finish('aborted'));
        res.on('error', () => stream.finish('aborted'));
        res.on('close', () => {
          // 'close' without 'end': the connection was cut mid-stream.
          stream.finish(res.complete ? 'end' : 'aborted');
          stream.wake();
        });
        if (stream.isStream) settle();
      });
      req.on('error', (error) => {
        if (stream.closedByUs) return;
        if (stream.response) stream.finish('aborted');
        else reject(error);
      });
      req.end();
      stream.close = () => {
        stream.closedByUs = true;
        req.destroy();
      };
    });
  }

  /** Drops the connection (a client going away). */
  close: () => void = () => undefined;

  private parse(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      let isEvent = false;
      for (const line of block.split('\n')) {
        const field = /^(\w*):? ?(.*)$/.exec(line);
        if (line.startsWith(':')) {
          this.comments.push(line.slice(1).trim());
        } else if (field?.[1] === 'retry') {
          this.retry = Number(field[2]);
        } else if (field?.[1] === 'id' || field?.[1] === 'event' || field?.[1] === 'data') {
          isEvent = true;
          if (field[1] === 'id') id = field[2];
          else if (field[1] === 'event') event = field[2];
          else data.push(field[2]);
        }
      }
      if (isEvent) this.events.push({ id, event, data: data.join('\n') });
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Resolves once `check` holds (re-checked on every chunk); rejects after `timeoutMs`. */
  async until(
    check: (s: SseStream) => boolean,
    timeoutMs = 10_000,
    what = 'condition',
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out waiting for ${what}; got ${this.events.length} events: ${this.events
            .slice(-5)
            .map((e) => `${e.id} ${e.event}`)
            .join(', ')}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until at least `n` domain events arrived. */
  untilEvents(n: number, timeoutMs?: number): Promise<void> {
    return this.until((s) => s.domainEvents.length >= n, timeoutMs, `${n} events`);
  }

  /** Waits until an event with log id `id` arrived. */
  untilId(id: string | number, timeoutMs?: number): Promise<void> {
    return this.until((s) => s.events.some((e) => e.id === String(id)), timeoutMs, `event ${id}`);
  }
}

/** The parsed `data:` of an event. */
export const dataOf = (event: SseEvent): Record<string, unknown> =>
  JSON.parse(event.data) as Record<string, unknown>;
