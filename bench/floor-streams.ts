/**
 * The floor of the idle-stream memory measurement: bare Fastify holding Server-Sent-Event
 * responses, nothing else. Each stream gets the same headers and `retry:` line as the service's
 * and a `: ping` comment on one shared timer; no database, no authentication, no resume cursor.
 * What the service holds per stream beyond this is the cost of its own stream bookkeeping.
 *
 * Runs as its own process (forked by bench/streams.ts, with --expose-gc): it sends `{ port }`
 * once listening, answers 'memory' with `{ memory }` (process.memoryUsage() after a full GC) and
 * exits on 'stop'.
 */
import Fastify from 'fastify';
import type { ServerResponse } from 'node:http';

const HEARTBEAT_MS = 20_000;
const open = new Set<ServerResponse>();
const app = Fastify();

app.get('/events', (request, reply) => {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  raw.write('retry: 3000\n\n');
  open.add(raw);
  request.raw.socket.once('close', () => open.delete(raw));
});

const heartbeat = setInterval(() => {
  for (const raw of open) raw.write(': ping\n\n');
}, HEARTBEAT_MS);

function memoryAfterGc(): NodeJS.MemoryUsage {
  if (!globalThis.gc) throw new Error('the stream floor needs node --expose-gc');
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage();
}

void app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  const { port } = app.server.address() as { port: number };
  process.send?.({ port });
});
process.on('message', (message) => {
  if (message === 'memory') process.send?.({ memory: memoryAfterGc() });
  if (message === 'stop') {
    clearInterval(heartbeat);
    for (const raw of open) raw.destroy();
    void app.close().then(() => process.exit(0));
  }
});
// If the bench dies, so does this helper (no orphan holding sockets or a timer).
process.once('disconnect', () => process.exit(0));
