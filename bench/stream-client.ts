/**
 * The client side of the streams benchmark, in its own process (forked by bench/streams.ts) so
 * that thousands of sockets and their parsing do not run on the measured server's event loop.
 *
 * It opens Server-Sent-Event streams over loopback with `node:http`, one socket per stream
 * (`agent: false`), a bounded number of handshakes at a time so the server's accept backlog never
 * overflows, and keeps every event's receive time. Commands (IPC messages from the parent):
 * - `{ cmd: 'open', streams, concurrency, timeoutMs }` → `{ opened, failed, firstError, ms }`
 *   once every new stream has sent its first `retry:` line (or the time is up);
 * - `{ cmd: 'receipts' }` → `{ receipts, closedEarly }`: [stream, event id, message_id or null,
 *   receive time] for every event received so far, then forgets them (a stream's number is its
 *   position in the 'open' commands since the last 'close');
 * - `{ cmd: 'close' }` → `{ closed }` after destroying every stream; `'exit'` ends the process.
 * Times are `performance.timeOrigin + performance.now()`, comparable across processes.
 */
import http from 'node:http';

export interface StreamSpec {
  url: string;
  headers: Record<string, string>;
}

export type ClientCommand =
  | { cmd: 'open'; streams: StreamSpec[]; concurrency: number; timeoutMs: number }
  | { cmd: 'receipts' }
  | { cmd: 'close' };

export interface OpenResult {
  opened: number;
  failed: number;
  firstError?: string;
  ms: number;
}

/** [stream index, event id, message_id, receive time]. */
export type Receipt = [number, string, number | null, number];

interface Stream {
  request: http.ClientRequest;
  buffer: string;
  open: boolean;
  /** Closed by a 'close' command (not counted as closed early). */
  dropped: boolean;
}

const now = () => performance.timeOrigin + performance.now();
const streams: Stream[] = [];
let receipts: Receipt[] = [];
let closedEarly = 0;

/** Parses complete SSE blocks (`\n\n`-terminated) out of the stream's buffer. */
function consume(index: number, stream: Stream, receivedAt: number, onOpen: () => void): void {
  let end: number;
  while ((end = stream.buffer.indexOf('\n\n')) >= 0) {
    const block = stream.buffer.slice(0, end);
    stream.buffer = stream.buffer.slice(end + 2);
    let id: string | undefined;
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('retry:') && !stream.open) {
        stream.open = true;
        onOpen();
      } else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('data:')) data = line.slice(5).trim();
    }
    if (id !== undefined && data !== undefined) {
      const messageId = (JSON.parse(data) as { message_id?: number | null }).message_id ?? null;
      receipts.push([index, id, messageId, receivedAt]);
    }
  }
}

/** Opens one stream; resolves once it is open, or with the reason it is not. */
function openOne(spec: StreamSpec): Promise<string | undefined> {
  return new Promise((resolve) => {
    const index = streams.length;
    const request = http.get(spec.url, { headers: spec.headers, agent: false });
    const stream: Stream = { request, buffer: '', open: false, dropped: false };
    streams.push(stream);
    request.on('response', (response) => {
      response.setEncoding('utf8');
      if (response.statusCode !== 200) {
        let body = '';
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(`HTTP ${response.statusCode}: ${body.slice(0, 200)}`));
        return;
      }
      response.on('data', (chunk: string) => {
        stream.buffer += chunk;
        consume(index, stream, now(), () => resolve(undefined));
      });
      response.on('close', () => {
        if (stream.open && !stream.dropped) closedEarly++;
        resolve('closed before its retry: line');
      });
    });
    request.on('error', (error) => resolve(error.message));
  });
}

async function openAll(command: Extract<ClientCommand, { cmd: 'open' }>): Promise<OpenResult> {
  const started = performance.now();
  const deadline = started + command.timeoutMs;
  let next = 0;
  let opened = 0;
  let failed = 0;
  let firstError: string | undefined;
  async function lane(): Promise<void> {
    while (next < command.streams.length && performance.now() < deadline) {
      const spec = command.streams[next++];
      const timeLeft = deadline - performance.now();
      const error = await Promise.race([
        openOne(spec),
        new Promise<string>((resolve) => setTimeout(resolve, timeLeft, 'timed out').unref()),
      ]);
      if (error) {
        failed++;
        firstError ??= error;
      } else opened++;
    }
  }
  await Promise.all(Array.from({ length: command.concurrency }, lane));
  failed += command.streams.length - next; // never started: out of time
  return { opened, failed, firstError, ms: Math.round(performance.now() - started) };
}

function closeAll(): number {
  for (const stream of streams) {
    stream.dropped = true;
    stream.request.destroy();
  }
  const closed = streams.length;
  streams.length = 0; // the next 'open' numbers its streams from 0 again
  receipts = [];
  return closed;
}

process.on('message', (message: ClientCommand | 'exit') => {
  if (message === 'exit') process.exit(0);
  if (message.cmd === 'open') void openAll(message).then((result) => process.send?.(result));
  if (message.cmd === 'receipts') {
    process.send?.({ receipts, closedEarly });
    receipts = [];
  }
  if (message.cmd === 'close') process.send?.({ closed: closeAll() });
});
process.send?.({ ready: true });
// If the bench dies, so does this helper (no orphan holding sockets or a timer).
process.once('disconnect', () => process.exit(0));
